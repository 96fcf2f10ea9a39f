package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import dev.quiver.engine.exec.vector.Interval;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** The casts of {@link CastExpr} between INTERVAL and VARCHAR, in DuckDB's text ({@code 1 year 2 months 00:00:01.5}). */
final class IntervalCasts {
    private IntervalCasts() {}

    /** Whether this class casts {@code source} to {@code target}. */
    static boolean handles(ValueKind source, ValueKind target) {
        return (source == ValueKind.INTERVAL && target == ValueKind.VARCHAR)
                || (source == ValueKind.VARCHAR && target == ValueKind.INTERVAL);
    }

    /** The cast of {@code values}; a new vector the caller owns. Text that is no interval is INVALID_CAST naming it. */
    static FieldVector cast(
            FieldVector values, ValueKind source, Field target, int rowCount, BufferAllocator allocator) {
        Bits valid = Bits.validity(values, rowCount);
        if (source == ValueKind.INTERVAL) {
            try (VarWidthBuilder builder = new VarWidthBuilder(target, rowCount, (long) rowCount * 16, allocator)) {
                for (int row = 0; row < rowCount; row++) {
                    if (valid.get(row)) {
                        Interval value = Interval.read(values.getDataBuffer(), row);
                        builder.append(row, value.toString().getBytes(StandardCharsets.UTF_8));
                    } else {
                        builder.appendNull(row);
                    }
                }
                return builder.finish(rowCount);
            }
        }
        FieldVector result = KernelVectors.allocateFixed(target, rowCount, allocator);
        try {
            KernelVectors.setValidity(result, valid, rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (valid.get(row)) {
                    String text = Utf8.decode(
                            values.getDataBuffer(),
                            StringOperands.start(values, row),
                            StringOperands.length(values, row));
                    Interval.parse(text).write(result.getDataBuffer(), row);
                }
            }
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }
}
