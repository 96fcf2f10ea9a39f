package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A prepared plan's parameter ({@code ?}): a constant whose value each execution supplies through its
 * {@link ExecutionContext}, so one plan serves every value of the parameter's type.
 *
 * <p>It is never a {@link LiteralExpr}, on purpose: nothing may fold it into a constant at plan time.
 *
 * @param index the parameter's position, 0 for the first {@code ?}
 * @param field the parameter's type, fixed when the plan was made
 */
public record ParameterExpr(int index, Field field) implements Expr {

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        // LiteralExpr checks the value against the type and fills the vector as a constant would
        return new LiteralExpr(field, context.parameter(index)).evaluate(input, context);
    }

    @Override
    public String describe() {
        return "?" + (index + 1);
    }
}
