package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The subscript {@code x[i]}: element {@code i} of a LIST (1-based, negative counts from the end,
 * out of range is NULL), member {@code i} (a constant name) of a STRUCT, or the value under key
 * {@code i} of a MAP (NULL when absent), as DuckDB answers. NULL container or subscript gives NULL.
 *
 * <p>The chosen elements are collected as row numbers into the child vector and copied with one
 * {@link Gather}.
 */
public final class NestedItemExpr extends FunctionExpr {
    public NestedItemExpr(Expr container, Expr subscript, Field field) {
        super("item", List.of(container, subscript), field, false);
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector container = children().get(0).evaluate(input, context);
                FieldVector subscript = children().get(1).evaluate(input, context)) {
            if (rowCount == 0) {
                // nothing to read, and a constant subscript has no row 0 to name a member with
                FieldVector empty = field().createVector(context.allocator());
                empty.allocateNew();
                empty.setValueCount(0);
                return empty;
            }
            int[] rows = new int[rowCount];
            FieldVector source = switch (container) {
                case MapVector map -> mapRows(map, subscript, rows, rowCount);
                case ListVector list -> {
                    for (int row = 0; row < rowCount; row++) {
                        rows[row] = list.isNull(row) || subscript.isNull(row)
                                ? -1
                                : position(
                                        list.getElementStartIndex(row),
                                        list.getElementEndIndex(row),
                                        index(subscript, row));
                    }
                    yield list.getDataVector();
                }
                case FixedSizeListVector fixed -> {
                    int size = fixed.getListSize();
                    for (int row = 0; row < rowCount; row++) {
                        rows[row] = fixed.isNull(row) || subscript.isNull(row)
                                ? -1
                                : position(row * size, (row + 1) * size, index(subscript, row));
                    }
                    yield fixed.getDataVector();
                }
                case StructVector struct -> {
                    String name = subscript.isNull(0) ? null : String.valueOf(subscript.getObject(0));
                    FieldVector member = name == null ? null : (FieldVector) struct.getChild(name);
                    if (member == null) {
                        throw new QuiverException(
                                ErrorCode.INVALID_ARGUMENT, "Could not find key \"" + name + "\" in struct");
                    }
                    for (int row = 0; row < rowCount; row++) {
                        rows[row] = struct.isNull(row) ? -1 : row;
                    }
                    yield member;
                }
                default -> throw new IllegalStateException("no subscript of " + container.getField());
            };
            FieldVector gathered = Gather.gather(source, rows, rowCount, context.allocator());
            return Vectors.rename(gathered, field(), context.allocator());
        }
    }

    private static long index(FieldVector subscript, int row) {
        return ((Number) subscript.getObject(row)).longValue();
    }

    /** The child row of element {@code index} (1-based, negative from the end) of [start, end), or -1. */
    private static int position(int start, int end, long index) {
        int length = end - start;
        long offset = index > 0 ? index - 1 : length + index;
        return index != 0 && offset >= 0 && offset < length ? (int) (start + offset) : -1;
    }

    private static FieldVector mapRows(MapVector map, FieldVector subscript, int[] rows, int rowCount) {
        StructVector entries = (StructVector) map.getDataVector();
        FieldVector keys = entries.getChildrenFromFields().get(0);
        for (int row = 0; row < rowCount; row++) {
            rows[row] = -1;
            if (map.isNull(row) || subscript.isNull(row)) {
                continue;
            }
            Object wanted = subscript.getObject(row);
            for (int entry = map.getElementStartIndex(row); entry < map.getElementEndIndex(row); entry++) {
                if (Objects.deepEquals(keys.getObject(entry), wanted)) { // BLOB and UUID keys are byte[]
                    rows[row] = entry;
                    break;
                }
            }
        }
        return entries.getChildrenFromFields().get(1);
    }
}
