package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_aggregate(list, 'name'[, separator])} and its shortcuts ({@code list_sum},
 * {@code list_min}, ...): an aggregate over each list's elements, as the aggregate would compute it
 * over a group holding them. NULL elements are skipped except by first/last (which return the
 * first or last element as is); a NULL list gives NULL; an empty list gives NULL, or 0 for count.
 */
public final class ListAggregateExpr extends NestedKernel {
    /** The aggregates lists support. */
    public enum Aggregate {
        MIN,
        MAX,
        SUM,
        AVG,
        COUNT,
        FIRST,
        LAST,
        STRING_AGG;

        /** The aggregate called {@code name} (any case), or null. */
        public static Aggregate named(String name) {
            for (Aggregate aggregate : values()) {
                if (aggregate.name().equalsIgnoreCase(name)) {
                    return aggregate;
                }
            }
            return null;
        }

        /** Its SQL name. */
        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Aggregate aggregate;

    /** @param separator string_agg's separator (a VARCHAR operand), or null for ',' */
    public ListAggregateExpr(String name, Aggregate aggregate, Expr list, Expr separator, Field field) {
        super(name, separator == null ? List.of(list) : List.of(list, separator), field, aggregate == Aggregate.SUM);
        this.aggregate = aggregate;
    }

    @Override
    public String describe() {
        return name() + "(" + children().getFirst().describe() + ", '" + aggregate.sqlName() + "')";
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        if (list.isUntypedNull()) {
            return KernelVectors.nulls(field(), rowCount, context.allocator());
        }
        FieldVector elements = list.elements();
        if (aggregate == Aggregate.MIN
                || aggregate == Aggregate.MAX
                || aggregate == Aggregate.FIRST
                || aggregate == Aggregate.LAST) {
            return pick(list, rowCount, context);
        }
        FieldVector result = field().createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            for (int row = 0; row < rowCount; row++) {
                Object value = null;
                if (!list.isNull(row)) {
                    List<Object> values = new ArrayList<>();
                    for (int position = list.start(row); position < list.end(row); position++) {
                        if (!elements.isNull(position)) {
                            values.add(LiteralExpr.valueAt(elements, position));
                        }
                    }
                    value = switch (aggregate) {
                        case COUNT -> (long) values.size();
                        case SUM -> values.isEmpty() ? null : sum(values);
                        case AVG -> values.isEmpty() ? null : average(values);
                        default -> values.isEmpty() ? null : join(values, separator(operands, row));
                    };
                    if (aggregate == Aggregate.STRING_AGG && operands.length > 1 && operands[1].isNull(row)) {
                        value = null;
                    }
                }
                VectorWriter.set(result, row, value);
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** min, max, first, last: one element of each list, of the element type. */
    private FieldVector pick(ListColumn list, int rowCount, ExecutionContext context) {
        ElementOrder order = ElementOrder.of(list.elements());
        int[] picked = new int[rowCount];
        for (int row = 0; row < rowCount; row++) {
            picked[row] = -1;
            if (list.isNull(row) || list.length(row) == 0) {
                continue;
            }
            switch (aggregate) {
                case FIRST -> picked[row] = list.start(row);
                case LAST -> picked[row] = list.end(row) - 1;
                default -> {
                    for (int position = list.start(row); position < list.end(row); position++) {
                        if (order.isNull(position)) {
                            continue;
                        }
                        int best = picked[row];
                        int comparison = best < 0 ? 0 : order.compare(position, best);
                        if (best < 0 || (aggregate == Aggregate.MIN ? comparison < 0 : comparison > 0)) {
                            picked[row] = position;
                        }
                    }
                }
            }
        }
        try (FieldVector gathered = ListResults.gather(list.elements(), picked, rowCount, context.allocator())) {
            FieldVector result = field().createVector(context.allocator());
            gathered.makeTransferPair(result).transfer();
            return result;
        }
    }

    private Object sum(List<Object> values) {
        if (values.getFirst() instanceof Long) {
            long sum = 0;
            for (Object value : values) {
                try {
                    sum = Math.addExact(sum, (Long) value);
                } catch (ArithmeticException e) {
                    throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "Overflow in " + name() + " of BIGINT");
                }
            }
            return sum;
        }
        if (values.getFirst() instanceof BigDecimal) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Object value : values) {
                sum = sum.add((BigDecimal) value);
            }
            return sum;
        }
        double sum = 0;
        for (Object value : values) {
            sum += ((Number) value).doubleValue();
        }
        return sum;
    }

    private static double average(List<Object> values) {
        double sum = 0;
        for (Object value : values) {
            sum += ((Number) value).doubleValue();
        }
        return sum / values.size();
    }

    private static String separator(FieldVector[] operands, int row) {
        if (operands.length < 2 || operands[1].isNull(row)) {
            return ",";
        }
        return (String) LiteralExpr.valueAt(operands[1], row);
    }

    private static String join(List<Object> values, String separator) {
        StringBuilder joined = new StringBuilder();
        for (int index = 0; index < values.size(); index++) {
            if (index > 0) {
                joined.append(separator);
            }
            joined.append(values.get(index));
        }
        return joined.toString();
    }
}
