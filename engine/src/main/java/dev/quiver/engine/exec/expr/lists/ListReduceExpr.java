package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.vector.NestedFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_reduce(list, (acc, x[, i]) -> f[, initial])}: the lambda folded over the elements from
 * the left, starting from the first element (or from {@code initial}, then over every element); i is
 * the 1-based index of x. A NULL list gives NULL; an empty list gives {@code initial}, or is an
 * error without it, as DuckDB. The fold runs in steps: step s applies the lambda to the s-th
 * element of every list that long, all rows at once.
 */
public final class ListReduceExpr extends NestedKernel {
    private final LambdaBody lambda;
    private final boolean hasInitial;

    /** @param initial the starting value, or null to start from the first element */
    public ListReduceExpr(String name, Expr list, LambdaBody lambda, Expr initial, Field field) {
        super(name, operands(list, lambda, initial), field, true);
        this.lambda = lambda;
        this.hasInitial = initial != null;
    }

    private static List<Expr> operands(Expr list, LambdaBody lambda, Expr initial) {
        List<Expr> operands = new ArrayList<>(ListLambdaExpr.operands(list, lambda));
        if (initial != null) {
            operands.add(initial);
        }
        return operands;
    }

    @Override
    public String describe() {
        return name() + "(" + children().getFirst().describe() + ", " + lambda.describe()
                + (hasInitial ? ", " + children().getLast().describe() : "") + ")";
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        if (list.isUntypedNull()) {
            return KernelVectors.nulls(field(), rowCount, context.allocator());
        }
        FieldVector[] captured =
                Arrays.copyOfRange(operands, 1, 1 + lambda.captured().size());
        int[] next = new int[rowCount]; // per row: position of the next element to fold in
        FieldVector accumulator = start(list, operands, rowCount, next, context);
        try {
            int[] rows = new int[rowCount];
            int[] elements = new int[rowCount];
            long[] indexes = new long[rowCount];
            while (true) {
                int count = 0;
                for (int row = 0; row < rowCount; row++) {
                    if (!list.isNull(row) && next[row] < list.end(row)) {
                        rows[count] = row;
                        elements[count] = next[row];
                        indexes[count] = next[row] - list.start(row) + 1L;
                        next[row]++;
                        count++;
                    }
                }
                if (count == 0) {
                    return accumulator;
                }
                FieldVector folded = step(list, accumulator, rows, elements, indexes, count, captured, context);
                accumulator = merge(accumulator, folded, rows, count, rowCount, context);
            }
        } catch (RuntimeException e) {
            accumulator.close();
            throw e;
        }
    }

    /** The accumulator before the first step, one value per row in the result type (NULL for NULL lists). */
    private FieldVector start(
            ListColumn list, FieldVector[] operands, int rowCount, int[] next, ExecutionContext context) {
        int[] firsts = new int[rowCount];
        for (int row = 0; row < rowCount; row++) {
            firsts[row] = list.isNull(row) ? -1 : list.start(row);
            next[row] = firsts[row];
            if (list.isNull(row) || hasInitial) {
                continue;
            }
            if (list.length(row) == 0) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, name() + ": cannot reduce an empty list without an initial value");
            }
            next[row]++;
        }
        if (!hasInitial) {
            try (FieldVector first = ListResults.gather(list.elements(), firsts, rowCount, context.allocator())) {
                return cast(first, field(), rowCount, context);
            }
        }
        FieldVector initial = operands[operands.length - 1];
        int[] rows = new int[rowCount];
        for (int row = 0; row < rowCount; row++) {
            rows[row] = list.isNull(row) ? -1 : row;
        }
        try (FieldVector masked = ListResults.gather(initial, rows, rowCount, context.allocator())) {
            return cast(masked, field(), rowCount, context);
        }
    }

    /** The lambda over (accumulator, element[, index]) of the {@code count} rows taking part. */
    private FieldVector step(
            ListColumn list,
            FieldVector accumulator,
            int[] rows,
            int[] elements,
            long[] indexes,
            int count,
            FieldVector[] captured,
            ExecutionContext context) {
        List<FieldVector> arguments = new ArrayList<>();
        try {
            try (FieldVector previous = ListResults.gather(accumulator, rows, count, context.allocator())) {
                arguments.add(cast(previous, lambda.parameters().get(0), count, context));
            }
            arguments.add(ListResults.gather(list.elements(), elements, count, context.allocator()));
            if (lambda.arity() > 2) {
                arguments.add(LambdaBody.indexes(lambda.parameters().get(2), indexes, count, context));
            }
            try (FieldVector values = lambda.evaluate(arguments, captured, rows, count, context)) {
                return cast(values, field(), count, context);
            }
        } finally {
            arguments.forEach(KernelVectors::closeQuietly);
        }
    }

    /** The accumulator with the rows that took part replaced by their folded values; both inputs are consumed. */
    private static FieldVector merge(
            FieldVector accumulator,
            FieldVector folded,
            int[] rows,
            int count,
            int rowCount,
            ExecutionContext context) {
        try (accumulator;
                folded;
                FieldVector pool =
                        ListResults.pool(List.of(accumulator, folded), accumulator.getField(), context.allocator())) {
            int[] positions = new int[rowCount];
            for (int row = 0; row < rowCount; row++) {
                positions[row] = row;
            }
            for (int index = 0; index < count; index++) {
                positions[rows[index]] = rowCount + index;
            }
            return ListResults.gather(pool, positions, rowCount, context.allocator());
        }
    }

    /** A new vector of {@code vector}'s values (which stays the caller's) in {@code target}'s type. */
    private static FieldVector cast(FieldVector vector, Field target, int count, ExecutionContext context) {
        Field source = vector.getField();
        if (NestedFields.sameTypes(source, target)) {
            int[] all = new int[count];
            for (int index = 0; index < count; index++) {
                all[index] = index;
            }
            return ListResults.gather(vector, all, count, context.allocator());
        }
        Expr conversion = new CastExpr(new ColumnExpr(0, source), target);
        // not closed: the batch holds the caller's vector
        return conversion.evaluate(new Batch(List.of(vector), count), context);
    }
}
