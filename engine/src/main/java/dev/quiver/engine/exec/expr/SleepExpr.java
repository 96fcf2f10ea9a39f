package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code sleep_ms(ms)} and {@code pg_sleep(seconds)}: wait that long for each row whose argument is
 * not NULL, then answer NULL, as DuckDB's. The wait is cut into short slices that check for cancel,
 * so a statement timeout or cancel stops it. Not a {@link KernelExpr}: it is never folded while
 * planning.
 */
public final class SleepExpr implements Expr {
    /** The longest slice slept between two checks for cancel. */
    private static final long SLICE_NANOS = 10_000_000L;

    private final String name;
    private final Expr duration;
    private final double nanosPerUnit;
    private final Field field;

    /**
     * @param duration a DOUBLE operand
     * @param nanosPerUnit nanoseconds in one unit of the operand (1e6 for milliseconds, 1e9 for seconds)
     */
    public SleepExpr(String name, Expr duration, double nanosPerUnit, Field field) {
        this.name = name;
        this.duration = duration;
        this.nanosPerUnit = nanosPerUnit;
        this.field = field;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = duration.evaluate(input, context)) {
            if (ValueKind.of(values.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field, rowCount, context.allocator());
            }
            double[] amounts = Numbers.readDoubles(values, rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (!values.isNull(row)) {
                    sleep(amounts[row] * nanosPerUnit, context);
                }
            }
        }
        return KernelVectors.nulls(field, rowCount, context.allocator());
    }

    private void sleep(double nanos, ExecutionContext context) {
        long end = System.nanoTime() + (long) Math.max(0, nanos);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            context.checkCancelled();
            try {
                Thread.sleep(
                        Math.min(left, SLICE_NANOS) / 1_000_000L, (int) (Math.min(left, SLICE_NANOS) % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QuiverException(ErrorCode.CANCELLED, name + " was interrupted");
            }
        }
        context.checkCancelled();
    }

    @Override
    public String describe() {
        return name + "(" + duration.describe() + ")";
    }
}
