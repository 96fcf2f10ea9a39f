package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.Numbers;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Lists made of chosen elements of a list, as DuckDB: {@code list_select(list, indexes)} (1-based;
 * an index outside the list gives a NULL element), {@code list_where(list, mask)} (the elements
 * whose mask is true; a true past the list's end gives a NULL element), {@code list_resize(list,
 * size[, value])} (cut, or padded with value or NULL; a NULL size gives an empty list) and
 * {@code list_intersect(left, right)} (the distinct non-NULL elements of left also in right,
 * ascending, as Quiver's {@code list_distinct}; empty when right is NULL, as in DuckDB). A NULL
 * list otherwise gives NULL; a NULL index or mask
 * element is INVALID_ARGUMENT.
 */
public final class ListPickExpr extends NestedKernel {
    /** How the elements are chosen. */
    public enum Kind {
        SELECT,
        WHERE,
        RESIZE,
        INTERSECT
    }

    private final Kind kind;

    public ListPickExpr(String name, Kind kind, List<Expr> operands, Field field) {
        super(name, operands, field, kind != Kind.INTERSECT);
        this.kind = kind;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        if (list.isUntypedNull()) {
            for (int row = 0; row < rowCount; row++) {
                result.endNullRow();
            }
            return result.finish(null, context.allocator());
        }
        return switch (kind) {
            case SELECT, WHERE -> choose(list, ListColumn.of(name(), operands[1]), result, rowCount, context);
            case RESIZE -> resize(list, operands, result, rowCount, context);
            case INTERSECT -> intersect(list, ListColumn.of(name(), operands[1]), result, rowCount, context);
        };
    }

    private FieldVector choose(
            ListColumn list, ListColumn choices, ListResults.Builder result, int rowCount, ExecutionContext context) {
        FieldVector values = choices.elements();
        int valueCount = values == null ? 0 : values.getValueCount();
        long[] numbers = kind == Kind.SELECT && values != null ? Numbers.readLongs(values, valueCount) : null;
        Bits valid = values == null ? null : Bits.validity(values, valueCount);
        Bits mask = kind == Kind.WHERE && values != null ? Bits.of(values.getDataBuffer(), valueCount) : null;
        for (int row = 0; row < rowCount; row++) {
            if (list.isNull(row) || choices.isNull(row)) {
                result.endNullRow();
                continue;
            }
            int start = list.start(row);
            int length = list.length(row);
            for (int position = choices.start(row); position < choices.end(row); position++) {
                if (!valid.get(position)) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            name() + ": NULLs are not allowed as list elements in the second input parameter");
                }
                if (kind == Kind.SELECT) {
                    long index = numbers[position];
                    result.add(index >= 1 && index <= length ? start + (int) index - 1 : -1);
                } else if (mask.get(position)) {
                    int index = position - choices.start(row);
                    result.add(index < length ? start + index : -1);
                }
            }
            result.endRow();
        }
        return result.finish(list.elements(), context.allocator());
    }

    private FieldVector resize(
            ListColumn list,
            FieldVector[] operands,
            ListResults.Builder result,
            int rowCount,
            ExecutionContext context) {
        long[] sizes = Numbers.readLongs(operands[1], rowCount);
        Bits sizeValid = Bits.validity(operands[1], rowCount);
        // an untyped NULL fill pads with NULLs, as no fill does
        FieldVector fill = operands.length > 2 && !(operands[2] instanceof NullVector) ? operands[2] : null;
        Bits fillValid = fill == null ? null : Bits.validity(fill, rowCount);
        int base = list.elements().getValueCount();
        List<FieldVector> parts = new ArrayList<>(List.of(list.elements()));
        if (fill != null) {
            parts.add(fill);
        }
        try (FieldVector pool = ListResults.pool(parts, list.elements().getField(), context.allocator())) {
            for (int row = 0; row < rowCount; row++) {
                if (list.isNull(row)) {
                    result.endNullRow();
                    continue;
                }
                long size = sizeValid.get(row) ? sizes[row] : 0;
                if (size < 0) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT, name() + ": the new size must not be negative, got " + size);
                }
                if (size > Integer.MAX_VALUE) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name() + ": size " + size + " is too large");
                }
                int kept = (int) Math.min(size, list.length(row));
                result.addRange(list.start(row), list.start(row) + kept);
                int padding = fill != null && fillValid.get(row) ? base + row : -1;
                for (long index = kept; index < size; index++) {
                    result.add(padding);
                }
                result.endRow();
            }
            return result.finish(pool, context.allocator());
        }
    }

    private FieldVector intersect(
            ListColumn left, ListColumn right, ListResults.Builder result, int rowCount, ExecutionContext context) {
        if (right.isUntypedNull() || left.elements() instanceof NullVector || right.elements() instanceof NullVector) {
            // no non-NULL element on one side: NULL or empty lists
            for (int row = 0; row < rowCount; row++) {
                if (left.isNull(row)) {
                    result.endNullRow();
                } else {
                    result.endRow();
                }
            }
            return result.finish(null, context.allocator());
        }
        int base = left.elements().getValueCount();
        try (FieldVector pool = ListResults.pool(
                List.of(left.elements(), right.elements()), left.elements().getField(), context.allocator())) {
            ElementOrder order = ElementOrder.of(pool);
            int[] sorted = new int[16];
            int[] scratch = new int[16];
            for (int row = 0; row < rowCount; row++) {
                if (left.isNull(row)) {
                    result.endNullRow();
                    continue;
                }
                if (right.isNull(row)) { // as DuckDB: nothing in common with a NULL list
                    result.endRow();
                    continue;
                }
                int needed = Math.max(left.length(row), right.length(row));
                if (sorted.length < needed) {
                    sorted = new int[needed];
                    scratch = new int[needed];
                }
                int count = 0;
                for (int position = right.start(row); position < right.end(row); position++) {
                    if (!order.isNull(base + position)) {
                        sorted[count++] = base + position;
                    }
                }
                order.sort(sorted, 0, count, scratch);
                int[] candidates = new int[left.length(row)];
                int candidateCount = 0;
                for (int position = left.start(row); position < left.end(row); position++) {
                    if (!order.isNull(position) && order.containsSorted(sorted, 0, count, position)) {
                        candidates[candidateCount++] = position;
                    }
                }
                order.sort(candidates, 0, candidateCount, new int[candidateCount]);
                for (int index = 0; index < candidateCount; index++) {
                    if (index == 0 || !order.equal(candidates[index - 1], candidates[index])) {
                        result.add(candidates[index]);
                    }
                }
                result.endRow();
            }
            return result.finish(pool, context.allocator());
        }
    }
}
