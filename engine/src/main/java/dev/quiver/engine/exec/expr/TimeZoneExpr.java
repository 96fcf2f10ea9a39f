package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import java.time.ZoneId;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code timezone(zone, value)} and {@code value AT TIME ZONE zone} with a constant zone, as DuckDB:
 * a TIMESTAMPTZ gives the TIMESTAMP the wall clock shows in the zone at that instant; a TIMESTAMP is
 * read as a wall-clock time in the zone and gives that instant (a TIMESTAMPTZ).
 */
public final class TimeZoneExpr extends FunctionExpr {
    private final ZoneId zone;
    private final Expr operand;
    private final boolean toLocal;

    public TimeZoneExpr(ZoneId zone, Expr operand, Field field) {
        super("timezone", List.of(operand), field, false);
        ValueKind from = ValueKind.of(operand.field().getType());
        ValueKind to = ValueKind.of(field.getType());
        boolean valid = from == ValueKind.TIMESTAMP_TZ && to == ValueKind.TIMESTAMP
                || (from == ValueKind.TIMESTAMP || from == ValueKind.NULL) && to == ValueKind.TIMESTAMP_TZ;
        if (!valid) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "timezone needs a TIMESTAMP or TIMESTAMP WITH TIME ZONE, got "
                            + KernelVectors.sqlName(operand.field()));
        }
        this.zone = zone;
        this.operand = operand;
        this.toLocal = from == ValueKind.TIMESTAMP_TZ;
    }

    @Override
    public String describe() {
        return "timezone('" + zone.getId() + "', " + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            if (ValueKind.of(values.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                KernelVectors.setValidity(result, Bits.validity(values, rowCount), rowCount);
                long[] micros = Numbers.readLongs(values, rowCount);
                for (int row = 0; row < rowCount; row++) {
                    micros[row] =
                            toLocal ? ZonedTimes.toLocal(micros[row], zone) : ZonedTimes.toInstant(micros[row], zone);
                }
                Numbers.writeLongs(micros, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
