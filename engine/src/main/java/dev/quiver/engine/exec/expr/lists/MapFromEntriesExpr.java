package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code map_from_entries(list_of_structs)}: a map whose entries are the structs' first field (key)
 * and second field (value), whatever their names; a NULL list gives NULL. A NULL or repeated key is
 * an error, as DuckDB.
 */
public final class MapFromEntriesExpr extends NestedKernel {
    public MapFromEntriesExpr(String name, Expr entries, Field field) {
        super(name, List.of(entries), field, true);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        StructVector structs = list.isUntypedNull() ? null : (StructVector) list.elements();
        ElementOrder keyOrder = structs == null
                ? null
                : ElementOrder.of(structs.getChildrenFromFields().get(0));
        int[] sorted = new int[16];
        int[] scratch = new int[16];
        for (int row = 0; row < rowCount; row++) {
            if (list.isNull(row)) {
                result.endNullRow();
                continue;
            }
            int length = list.length(row);
            if (sorted.length < length) {
                sorted = new int[length];
                scratch = new int[length];
            }
            for (int index = 0; index < length; index++) {
                int position = list.start(row) + index;
                if (structs.isNull(position) || keyOrder.isNull(position)) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name() + ": map keys can not be NULL");
                }
                sorted[index] = position;
                result.add(position);
            }
            keyOrder.sort(sorted, 0, length, scratch);
            for (int index = 1; index < length; index++) {
                if (keyOrder.equal(sorted[index - 1], sorted[index])) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name() + ": map keys must be unique");
                }
            }
            result.endRow();
        }
        if (structs == null) {
            return result.finish(null, context.allocator());
        }
        try (FieldVector entries = renamed(structs, context.allocator())) {
            return result.finish(entries, context.allocator());
        }
    }

    /** The structs as the map's entries: the same children under the names {@code key} and {@code value}. */
    private FieldVector renamed(StructVector structs, BufferAllocator allocator) {
        StructVector entries = (StructVector) field().getChildren().getFirst().createVector(allocator);
        try {
            int count = structs.getValueCount();
            entries.setInitialCapacity(Math.max(count, 1));
            entries.allocateNew();
            int[] all = new int[count];
            for (int index = 0; index < count; index++) {
                all[index] = index;
                entries.setIndexDefined(index);
            }
            for (int child = 0; child < 2; child++) {
                try (FieldVector copy =
                        ListResults.gather(structs.getChildrenFromFields().get(child), all, count, allocator)) {
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
