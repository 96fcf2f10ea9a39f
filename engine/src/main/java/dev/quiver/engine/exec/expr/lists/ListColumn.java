package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * A read-only view of a list operand: per row its NULLness and the range {@code [start, end)} of
 * its elements in one flat element vector. Covers LIST (and MAP, a list of entries), fixed-size
 * ARRAY, and an untyped NULL operand (every row NULL, no elements). Does not own the vector.
 */
public final class ListColumn {
    private final FieldVector vector;
    private final ListVector list;
    private final int fixedSize;
    private final FieldVector elements;

    private ListColumn(FieldVector vector, ListVector list, int fixedSize, FieldVector elements) {
        this.vector = vector;
        this.list = list;
        this.fixedSize = fixedSize;
        this.elements = elements;
    }

    /**
     * The view of {@code vector}.
     *
     * @throws QuiverException TYPE_MISMATCH when it is not a list
     */
    public static ListColumn of(String function, FieldVector vector) {
        return switch (vector) {
            case ListVector list -> new ListColumn(vector, list, -1, list.getDataVector());
            case FixedSizeListVector fixed -> new ListColumn(vector, null, fixed.getListSize(), fixed.getDataVector());
            case NullVector nulls -> new ListColumn(vector, null, -1, null);
            default ->
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        function + " expects a list, not " + vector.getField().getType());
        };
    }

    /** Whether every row is NULL because the operand is an untyped NULL. */
    public boolean isUntypedNull() {
        return elements == null;
    }

    public boolean isNull(int row) {
        return elements == null || vector.isNull(row);
    }

    /** Position of the row's first element in {@link #elements()}. */
    public int start(int row) {
        if (list != null) {
            return list.getOffsetBuffer().getInt((long) row << 2);
        }
        return fixedSize < 0 ? 0 : row * fixedSize;
    }

    /** Position after the row's last element. */
    public int end(int row) {
        if (list != null) {
            return list.getOffsetBuffer().getInt(((long) row + 1) << 2);
        }
        return fixedSize < 0 ? 0 : (row + 1) * fixedSize;
    }

    /** Number of elements of a non-NULL row. */
    public int length(int row) {
        return end(row) - start(row);
    }

    /** The flat vector of every row's elements; null for an untyped NULL operand. */
    public FieldVector elements() {
        return elements;
    }
}
