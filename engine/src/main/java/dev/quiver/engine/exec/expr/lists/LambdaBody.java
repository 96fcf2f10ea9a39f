package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A lambda ({@code (x, i) -> x + i}) ready to run: its body is an ordinary expression over a batch
 * of <em>elements</em> whose columns are the parameters, in order, then the values the body
 * captures from outside (columns of the query's row, or an enclosing lambda's parameters), repeated
 * for every element of the row they belong to.
 *
 * @param body       the body, over columns {@code [parameters..., captured...]}
 * @param parameters the parameters' fields
 * @param captured   the captured values, as expressions over the batch the list comes from
 */
public record LambdaBody(Expr body, List<Field> parameters, List<Expr> captured) {
    public LambdaBody {
        parameters = List.copyOf(parameters);
        captured = List.copyOf(captured);
    }

    /** Number of parameters. */
    public int arity() {
        return parameters.size();
    }

    /** {@code x -> body} as EXPLAIN prints it. */
    public String describe() {
        return "lambda(" + parameters.size() + ": " + body.describe() + ")";
    }

    /**
     * Evaluates the body once per element: {@code arguments} are the parameters' vectors of
     * {@code count} values, and element k belongs to the outer row {@code rows[k]}, whose captured
     * values ({@code capturedVectors}, one value per outer row) it sees. Every vector stays the
     * caller's; the result is the caller's too.
     */
    FieldVector evaluate(
            List<FieldVector> arguments,
            FieldVector[] capturedVectors,
            int[] rows,
            int count,
            ExecutionContext context) {
        List<FieldVector> columns = new ArrayList<>(arguments);
        List<FieldVector> gathered = new ArrayList<>();
        try {
            for (FieldVector outer : capturedVectors) {
                FieldVector copy = ListResults.gather(outer, rows, count, context.allocator());
                gathered.add(copy);
                columns.add(copy);
            }
            // not closed: it holds the caller's vectors; the gathered ones are closed below
            Batch elements = new Batch(columns, count);
            return body.evaluate(elements, context);
        } finally {
            gathered.forEach(KernelVectors::closeQuietly);
        }
    }

    /** 1-based positions of elements in their lists, the lambdas' optional index parameter (BIGINT). */
    static BigIntVector indexes(Field field, long[] indexes, int count, ExecutionContext context) {
        BigIntVector vector = (BigIntVector) KernelVectors.allocateFixed(field, count, context.allocator());
        for (int index = 0; index < count; index++) {
            vector.set(index, indexes[index]);
        }
        vector.setValueCount(count);
        return vector;
    }
}
