package dev.quiver.udf.convert;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Copies one value between two vectors of the same type, nested to any depth, growing the target
 * as needed. Arrow's own {@code copyFromSafe} on nested vectors goes through its generic
 * reader/writer copier, which does not know fixed-size lists or time-zoned timestamps inside them;
 * this one walks the layout itself and leaves the leaves to their own {@code copyFromSafe}. The
 * caller sets the target's value count when done.
 */
public final class RowCopier {
    private RowCopier() {}

    /** Copies value {@code fromRow} of {@code from} to row {@code toRow} of {@code to}; a NULL stays NULL. */
    public static void copy(FieldVector from, int fromRow, FieldVector to, int toRow) {
        switch (from) {
            case ListVector list -> { // MapVector too: its child is the entries struct
                ListVector target = (ListVector) to;
                if (list.isNull(fromRow)) {
                    target.setNull(toRow);
                    return;
                }
                int start = list.getElementStartIndex(fromRow);
                int count = list.getElementEndIndex(fromRow) - start;
                int targetStart = target.startNewValue(toRow);
                FieldVector source = (FieldVector) list.getDataVector();
                FieldVector destination = (FieldVector) target.getDataVector();
                for (int index = 0; index < count; index++) {
                    copy(source, start + index, destination, targetStart + index);
                }
                target.endValue(toRow, count);
            }
            case FixedSizeListVector array -> {
                FixedSizeListVector target = (FixedSizeListVector) to;
                if (array.isNull(fromRow)) {
                    target.setNull(toRow);
                    return;
                }
                target.setNotNull(toRow);
                int size = array.getListSize();
                FieldVector source = (FieldVector) array.getDataVector();
                FieldVector destination = (FieldVector) target.getDataVector();
                for (int index = 0; index < size; index++) {
                    copy(source, fromRow * size + index, destination, toRow * size + index);
                }
            }
            case StructVector struct -> {
                StructVector target = (StructVector) to;
                if (struct.isNull(fromRow)) {
                    target.setNull(toRow);
                    return;
                }
                target.setIndexDefined(toRow);
                for (int index = 0; index < struct.size(); index++) {
                    copy(
                            (FieldVector) struct.getChildByOrdinal(index),
                            fromRow,
                            (FieldVector) target.getChildByOrdinal(index),
                            toRow);
                }
            }
            default -> to.copyFromSafe(fromRow, toRow, from);
        }
    }
}
