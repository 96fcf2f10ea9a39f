package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_transform(list, x -> f(x))} (each element replaced by the lambda's value) and
 * {@code list_filter(list, x -> condition)} (the elements it holds TRUE for), the lambda taking an
 * optional second parameter, the element's 1-based index. A NULL list gives NULL. The lambda runs
 * once per batch over all elements together.
 */
public final class ListLambdaExpr extends NestedKernel {
    /** What the lambda's values do. */
    public enum Kind {
        TRANSFORM,
        FILTER
    }

    private final Kind kind;
    private final LambdaBody lambda;

    public ListLambdaExpr(String name, Kind kind, Expr list, LambdaBody lambda, Field field) {
        super(name, operands(list, lambda), field, true);
        this.kind = kind;
        this.lambda = lambda;
        if (kind == Kind.FILTER
                && !(lambda.body().field().getType() instanceof ArrowType.Bool)
                && !(lambda.body().field().getType() instanceof ArrowType.Null)) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    name + " needs a lambda that returns BOOLEAN, not "
                            + lambda.body().field().getType());
        }
    }

    static List<Expr> operands(Expr list, LambdaBody lambda) {
        List<Expr> operands = new ArrayList<>();
        operands.add(list);
        operands.addAll(lambda.captured());
        return operands;
    }

    @Override
    public String describe() {
        return name() + "(" + children().getFirst().describe() + ", " + lambda.describe() + ")";
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        if (list.isUntypedNull()) {
            return allNull(rowCount, context);
        }
        // the elements of the non-NULL rows, in order, with their rows and 1-based indexes
        int[] positions = new int[16];
        int[] rows = new int[16];
        long[] indexes = new long[16];
        int count = 0;
        for (int row = 0; row < rowCount; row++) {
            if (list.isNull(row)) {
                continue;
            }
            for (int position = list.start(row); position < list.end(row); position++) {
                if (count == positions.length) {
                    positions = Arrays.copyOf(positions, count * 2);
                    rows = Arrays.copyOf(rows, count * 2);
                    indexes = Arrays.copyOf(indexes, count * 2);
                }
                positions[count] = position;
                rows[count] = row;
                indexes[count] = position - list.start(row) + 1L;
                count++;
            }
        }
        FieldVector[] captured = Arrays.copyOfRange(operands, 1, operands.length);
        List<FieldVector> arguments = new ArrayList<>();
        try {
            arguments.add(ListResults.gather(list.elements(), positions, count, context.allocator()));
            if (lambda.arity() > 1) {
                arguments.add(LambdaBody.indexes(lambda.parameters().get(1), indexes, count, context));
            }
            try (FieldVector values = lambda.evaluate(arguments, captured, rows, count, context)) {
                return assemble(list, values, rowCount, context);
            }
        } finally {
            arguments.forEach(KernelVectors::closeQuietly);
        }
    }

    private FieldVector assemble(ListColumn list, FieldVector values, int rowCount, ExecutionContext context) {
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        int element = 0;
        for (int row = 0; row < rowCount; row++) {
            if (list.isNull(row)) {
                result.endNullRow();
                continue;
            }
            for (int index = 0; index < list.length(row); index++, element++) {
                if (kind == Kind.TRANSFORM) {
                    result.add(element);
                } else if (values instanceof BitVector bits && !bits.isNull(element) && bits.get(element) != 0) {
                    result.add(positionOf(list, row, index));
                }
            }
            result.endRow();
        }
        return result.finish(kind == Kind.TRANSFORM ? values : list.elements(), context.allocator());
    }

    private static int positionOf(ListColumn list, int row, int index) {
        return list.start(row) + index;
    }

    private FieldVector allNull(int rowCount, ExecutionContext context) {
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        for (int row = 0; row < rowCount; row++) {
            result.endNullRow();
        }
        return result.finish(null, context.allocator());
    }
}
