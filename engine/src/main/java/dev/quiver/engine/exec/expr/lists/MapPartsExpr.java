package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code map_keys(map)}, {@code map_values(map)} and {@code map_entries(map)}: a map's keys, values
 * or key/value structs as a list, in the map's order; a NULL map gives NULL.
 */
public final class MapPartsExpr extends NestedKernel {
    /** The part of each entry listed. */
    public enum Part {
        KEYS,
        VALUES,
        ENTRIES
    }

    private final Part part;

    public MapPartsExpr(String name, Part part, Expr map, Field field) {
        super(name, List.of(map), field, false);
        this.part = part;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn map = ListColumn.of(name(), operands[0]);
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (map.isNull(row)) {
                result.endNullRow();
            } else {
                result.addRange(map.start(row), map.end(row));
                result.endRow();
            }
        }
        FieldVector pool = null;
        if (!map.isUntypedNull()) {
            StructVector entries = (StructVector) map.elements();
            pool = switch (part) {
                case KEYS -> entries.getChildrenFromFields().get(0);
                case VALUES -> entries.getChildrenFromFields().get(1);
                case ENTRIES -> entries;
            };
        }
        return result.finish(pool, context.allocator());
    }
}
