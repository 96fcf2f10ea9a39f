package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_zip(list, ...[, truncate])}: one struct per position, field k from list k, as long as
 * the longest list (the shortest when {@code truncate}); shorter lists give NULL fields and a NULL
 * list counts as empty, so the result is never NULL (DuckDB).
 */
public final class ListZipExpr extends NestedKernel {
    private final boolean truncate;

    public ListZipExpr(String name, List<Expr> lists, boolean truncate, Field field) {
        super(name, lists, field, false);
        this.truncate = truncate;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn[] lists = new ListColumn[operands.length];
        for (int index = 0; index < operands.length; index++) {
            lists[index] = ListColumn.of(name(), operands[index]);
        }
        List<int[]> positions = new ArrayList<>();
        for (int index = 0; index < operands.length; index++) {
            positions.add(new int[16]);
        }
        int total = 0;
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        for (int row = 0; row < rowCount; row++) {
            int length = truncate ? Integer.MAX_VALUE : 0;
            for (ListColumn list : lists) {
                int listLength = list.isNull(row) ? 0 : list.length(row);
                length = truncate ? Math.min(length, listLength) : Math.max(length, listLength);
            }
            for (int offset = 0; offset < length; offset++) {
                for (int index = 0; index < lists.length; index++) {
                    int[] column = positions.get(index);
                    if (column.length == total) {
                        column = Arrays.copyOf(column, total * 2);
                        positions.set(index, column);
                    }
                    ListColumn list = lists[index];
                    boolean present = !list.isNull(row) && offset < list.length(row);
                    column[total] = present ? list.start(row) + offset : -1;
                }
                result.add(total++);
            }
            result.endRow();
        }
        try (FieldVector structs = structs(lists, positions, total, context.allocator())) {
            return result.finish(structs, context.allocator());
        }
    }

    private FieldVector structs(ListColumn[] lists, List<int[]> positions, int count, BufferAllocator allocator) {
        StructVector structs = (StructVector) field().getChildren().getFirst().createVector(allocator);
        try {
            structs.setInitialCapacity(Math.max(count, 1));
            structs.allocateNew();
            List<FieldVector> children = structs.getChildrenFromFields();
            for (int index = 0; index < lists.length; index++) {
                if (lists[index].isUntypedNull()) {
                    children.get(index).setValueCount(count);
                    continue;
                }
                try (FieldVector gathered =
                        ListResults.gather(lists[index].elements(), positions.get(index), count, allocator)) {
                    gathered.makeTransferPair(children.get(index)).transfer();
                }
            }
            for (int row = 0; row < count; row++) {
                structs.setIndexDefined(row);
            }
            structs.setValueCount(count);
            return structs;
        } catch (RuntimeException e) {
            structs.close();
            throw e;
        }
    }
}
