package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A map built from its entries. With one operand, {@code map_from_entries(list_of_structs)}: the
 * structs' first field is the key and the second the value, whatever their names; a NULL list gives
 * NULL. With two, DuckDB's {@code map(keys, values)}: the lists' elements position by position; a
 * NULL list gives NULL and lists of different lengths are an error. A NULL or repeated key is an
 * error, as DuckDB.
 */
public final class MapFromEntriesExpr extends NestedKernel {
    public MapFromEntriesExpr(String name, List<Expr> operands, Field field) {
        super(name, operands, field, true);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        boolean ofLists = operands.length == 2;
        ListColumn keyList = ListColumn.of(name(), operands[0]);
        ListColumn valueList = ofLists ? ListColumn.of(name(), operands[1]) : keyList;
        StructVector structs = ofLists || keyList.isUntypedNull() ? null : (StructVector) keyList.elements();
        FieldVector keys = structs != null ? structs.getChildrenFromFields().get(0) : keyList.elements();
        FieldVector values = structs != null ? structs.getChildrenFromFields().get(1) : valueList.elements();
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        ElementOrder keyOrder = keys == null ? null : ElementOrder.of(keys);
        int[] keyPositions = new int[16];
        int[] valuePositions = new int[16];
        int entryCount = 0;
        int[] sorted = new int[16];
        int[] scratch = new int[16];
        for (int row = 0; row < rowCount; row++) {
            if (keyList.isNull(row) || valueList.isNull(row)) {
                result.endNullRow();
                continue;
            }
            int length = keyList.length(row);
            if (ofLists && valueList.length(row) != length) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        name() + ": the key list (" + length + " elements) does not align with the value list ("
                                + valueList.length(row) + " elements)");
            }
            if (sorted.length < length) {
                sorted = new int[length];
                scratch = new int[length];
            }
            if (keyPositions.length < entryCount + length) {
                keyPositions = Arrays.copyOf(keyPositions, Math.max(2 * keyPositions.length, entryCount + length));
                valuePositions = Arrays.copyOf(valuePositions, keyPositions.length);
            }
            for (int index = 0; index < length; index++) {
                int position = keyList.start(row) + index;
                if ((structs != null && structs.isNull(position)) || keyOrder.isNull(position)) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name() + ": map keys can not be NULL");
                }
                sorted[index] = position;
                keyPositions[entryCount] = position;
                valuePositions[entryCount] = valueList.start(row) + index;
                result.add(entryCount++);
            }
            keyOrder.sort(sorted, 0, length, scratch);
            for (int index = 1; index < length; index++) {
                if (keyOrder.equal(sorted[index - 1], sorted[index])) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name() + ": map keys must be unique");
                }
            }
            result.endRow();
        }
        if (entryCount == 0) {
            return result.finish(null, context.allocator());
        }
        try (FieldVector entries =
                entries(keys, keyPositions, values, valuePositions, entryCount, context.allocator())) {
            return result.finish(entries, context.allocator());
        }
    }

    /** The map's entries struct: key {@code i} is {@code keys[keyPositions[i]]}, its value likewise. */
    private FieldVector entries(
            FieldVector keys,
            int[] keyPositions,
            FieldVector values,
            int[] valuePositions,
            int count,
            BufferAllocator allocator) {
        StructVector entries = (StructVector) field().getChildren().getFirst().createVector(allocator);
        try {
            entries.setInitialCapacity(Math.max(count, 1));
            entries.allocateNew();
            for (int index = 0; index < count; index++) {
                entries.setIndexDefined(index);
            }
            FieldVector[] sources = {keys, values};
            int[][] positions = {keyPositions, valuePositions};
            for (int child = 0; child < 2; child++) {
                try (FieldVector copy = ListResults.gather(sources[child], positions[child], count, allocator)) {
                    copy.makeTransferPair(entries.getChildrenFromFields().get(child))
                            .transfer();
                }
            }
            entries.setValueCount(count);
            return entries;
        } catch (RuntimeException e) {
            entries.close();
            throw e;
        }
    }
}
