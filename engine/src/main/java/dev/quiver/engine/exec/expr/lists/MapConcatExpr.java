package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's {@code map_concat(m1, m2, ...)}: the maps' entries merged, a key that comes again taking
 * the later map's value at the place of its first appearance; NULL maps are skipped, and the
 * result is NULL only when every map is. The operands arrive cast to the result type.
 */
public final class MapConcatExpr extends NestedKernel {
    public MapConcatExpr(String name, List<Expr> maps, Field field) {
        super(name, maps, field, false);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn[] maps = new ListColumn[operands.length];
        int[] bases = new int[operands.length];
        List<FieldVector> parts = new ArrayList<>();
        int poolSize = 0;
        for (int index = 0; index < operands.length; index++) {
            maps[index] = ListColumn.of(name(), operands[index]);
            bases[index] = poolSize;
            FieldVector entries = maps[index].elements();
            if (entries != null && !(entries instanceof NullVector)) {
                parts.add(entries);
                poolSize += entries.getValueCount();
            }
        }
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        Field entryField = field().getChildren().getFirst();
        try (FieldVector pool = parts.isEmpty() ? null : ListResults.pool(parts, entryField, context.allocator())) {
            ElementOrder keys = pool == null
                    ? null
                    : ElementOrder.of(
                            ((StructVector) pool).getChildrenFromFields().getFirst());
            List<Integer> row = new ArrayList<>();
            for (int rowIndex = 0; rowIndex < rowCount; rowIndex++) {
                row.clear();
                boolean allNull = true;
                for (int index = 0; index < maps.length; index++) {
                    if (maps[index].isNull(rowIndex)) {
                        continue;
                    }
                    allNull = false;
                    for (int position = maps[index].start(rowIndex); position < maps[index].end(rowIndex); position++) {
                        put(row, keys, bases[index] + position);
                    }
                }
                if (allNull) {
                    result.endNullRow();
                    continue;
                }
                row.forEach(result::add);
                result.endRow();
            }
            return result.finish(pool, context.allocator());
        }
    }

    /** Puts entry {@code entry} into the row: in place of an entry with an equal key, else at the end. */
    private static void put(List<Integer> row, ElementOrder keys, int entry) {
        for (int slot = 0; slot < row.size(); slot++) {
            if (keys.equal(row.get(slot), entry)) {
                row.set(slot, entry);
                return;
            }
        }
        row.add(entry);
    }
}
