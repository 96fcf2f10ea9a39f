package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Looking a key up in a map, as DuckDB: {@code map_extract(map, key)} / {@code element_at} (a list of
 * the value, empty when the key is absent), {@code map_extract_value(map, key)} (the value, NULL
 * when absent) and {@code map_contains(map, key)}. A NULL map gives NULL; a NULL key finds nothing
 * (map_contains gives NULL). The key has the map's key type (the planner casts it).
 */
public final class MapLookupExpr extends NestedKernel {
    /** What the lookup answers. */
    public enum Answer {
        LIST,
        VALUE,
        CONTAINS
    }

    private final Answer answer;

    public MapLookupExpr(String name, Answer answer, Expr map, Expr key, Field field) {
        super(name, List.of(map, key), field, false);
        this.answer = answer;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn map = ListColumn.of(name(), operands[0]);
        FieldVector keys = operands[1];
        if (map.isUntypedNull()) {
            return KernelVectors.nulls(field(), rowCount, context.allocator());
        }
        StructVector entries = (StructVector) map.elements();
        FieldVector mapKeys = entries.getChildrenFromFields().get(0);
        int[] found = new int[rowCount];
        Arrays.fill(found, -1);
        if (!(keys instanceof NullVector)) {
            int base = mapKeys.getValueCount();
            try (FieldVector pool = ListResults.pool(List.of(mapKeys, keys), mapKeys.getField(), context.allocator())) {
                ElementOrder order = ElementOrder.of(pool);
                for (int row = 0; row < rowCount; row++) {
                    if (map.isNull(row) || keys.isNull(row)) {
                        continue;
                    }
                    for (int position = map.start(row); position < map.end(row); position++) {
                        if (order.equal(position, base + row)) {
                            found[row] = position;
                            break;
                        }
                    }
                }
            }
        }
        return switch (answer) {
            case CONTAINS -> {
                boolean[] values = new boolean[rowCount];
                boolean[] nulls = new boolean[rowCount];
                for (int row = 0; row < rowCount; row++) {
                    values[row] = found[row] >= 0;
                    nulls[row] = map.isNull(row) || keys.isNull(row);
                }
                yield booleans(values, nulls, rowCount, context.allocator());
            }
            case VALUE -> {
                try (FieldVector gathered = ListResults.gather(
                        entries.getChildrenFromFields().get(1), found, rowCount, context.allocator())) {
                    FieldVector result = field().createVector(context.allocator());
                    gathered.makeTransferPair(result).transfer();
                    yield result;
                }
            }
            case LIST -> {
                ListResults.Builder result = new ListResults.Builder(field(), rowCount);
                for (int row = 0; row < rowCount; row++) {
                    if (map.isNull(row)) {
                        result.endNullRow();
                        continue;
                    }
                    if (found[row] >= 0) {
                        result.add(found[row]);
                    }
                    result.endRow();
                }
                yield result.finish(entries.getChildrenFromFields().get(1), context.allocator());
            }
        };
    }
}
