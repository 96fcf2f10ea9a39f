package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code error(message)}: fails with the first non-NULL row's message, and answers NULL when every
 * row's message is NULL (as DuckDB). Not a {@link KernelExpr}: it is never folded while planning,
 * and CASE evaluates it only on the rows whose branch takes it.
 */
public final class ErrorExpr implements Expr {
    private final Expr message;
    private final Field field;

    /** @param message a VARCHAR operand */
    public ErrorExpr(Expr message, Field field) {
        this.message = message;
        this.field = field;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector messages = message.evaluate(input, context)) {
            for (int row = 0; row < rowCount; row++) {
                Object value = LiteralExpr.valueAt(messages, row);
                if (value != null) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, value.toString());
                }
            }
        }
        return KernelVectors.nulls(field, rowCount, context.allocator());
    }

    @Override
    public String describe() {
        return "error(" + message.describe() + ")";
    }
}
