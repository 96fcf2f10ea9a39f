package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code setseed(x)}: seeds the session's {@link RandomSource} with each non-NULL row's x in turn
 * and answers NULL; not a {@link KernelExpr}, so it is never folded away.
 */
public final class SetSeedExpr implements Expr {
    private final Expr seed;
    private final Field field;
    private final RandomSource source;

    /** @param seed a DOUBLE operand */
    public SetSeedExpr(Expr seed, Field field, RandomSource source) {
        this.seed = seed;
        this.field = field;
        this.source = source;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector seeds = seed.evaluate(input, context)) {
            for (int row = 0; row < rowCount; row++) {
                Object value = LiteralExpr.valueAt(seeds, row);
                if (value instanceof Number number) {
                    source.seed(number.doubleValue());
                }
            }
        }
        return KernelVectors.nulls(field, rowCount, context.allocator());
    }

    @Override
    public String describe() {
        return "setseed(" + seed.describe() + ")";
    }
}
