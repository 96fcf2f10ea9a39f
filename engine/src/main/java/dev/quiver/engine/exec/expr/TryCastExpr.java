package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import java.time.ZoneId;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code TRY_CAST(x AS type)}: the {@link CastExpr} of x, with NULL in each row whose value that
 * cast refuses (bad text, overflow, an invalid date) instead of an error; every pair of types
 * CAST supports, nested ones included.
 *
 * <p># Performance: a batch is cast whole first; only a batch where some value fails is cast
 * again one row at a time, so clean data pays nothing extra.
 */
public final class TryCastExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;
    private final CastExpr cast;

    /** A TRY_CAST whose TIMESTAMPTZ conversions and text use {@code zone}. */
    public TryCastExpr(Expr operand, Field field, ZoneId zone) {
        this.operand = operand;
        this.field = field;
        this.cast = new CastExpr(new ColumnExpr(0, operand.field()), field, zone);
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return List.of(operand);
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        return "TRY_CAST(" + operand.describe() + " AS " + KernelVectors.sqlName(field) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            try {
                return cast.evaluate(new Batch(List.of(values), rowCount), context);
            } catch (QuiverException e) {
                if (!refused(e)) {
                    throw e;
                }
            }
            return rowByRow(values, rowCount, context);
        }
    }

    /** The cast of each row on its own: NULL where it fails. */
    private FieldVector rowByRow(FieldVector values, int rowCount, ExecutionContext context) {
        FieldVector result = field.createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            for (int row = 0; row < rowCount; row++) {
                try (FieldVector one = values.getField().createVector(context.allocator())) {
                    one.allocateNew();
                    one.copyFromSafe(row, 0, values);
                    one.setValueCount(1);
                    try (FieldVector converted = cast.evaluate(new Batch(List.of(one), 1), context)) {
                        result.copyFromSafe(0, row, converted);
                    } catch (QuiverException e) {
                        if (!refused(e)) {
                            throw e;
                        }
                        result.setNull(row);
                    }
                }
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** A value the cast refuses is a user error; resource limits and bugs still fail the query. */
    private static boolean refused(QuiverException e) {
        return e.code().category() == ErrorCode.Category.USER;
    }
}
