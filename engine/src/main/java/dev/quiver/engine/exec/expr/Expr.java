package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A physical scalar expression, evaluated a whole batch at a time.
 *
 * <p>Implementations are immutable and shared by all threads of a query. They evaluate with one
 * specialised loop per type combination chosen once per batch — never a virtual call or a boxed
 * value per row. SQL NULL semantics are the implementation's job: NULL in gives NULL out unless
 * the function says otherwise (AND/OR three-valued logic, IS NULL, COALESCE, CASE).
 */
public interface Expr {
    /** The result's type and nullability; the name is not significant. */
    Field field();

    /**
     * Evaluates over every row of {@code input} (which stays owned by the caller) and returns a new
     * vector of {@code input.rowCount()} values, owned by the caller and allocated from
     * {@code context.allocator()}.
     *
     * @throws dev.quiver.engine.error.QuiverException for data errors (division by zero, overflow,
     *         a bad cast), naming the problem and the offending value
     */
    FieldVector evaluate(Batch input, ExecutionContext context);

    /** A readable form for EXPLAIN, e.g. {@code ($0 + 1) > $2}. */
    String describe();
}
