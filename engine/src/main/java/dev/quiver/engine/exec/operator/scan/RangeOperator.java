package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Generates {@code start, start + step, …} up to {@code stop} (excluded, or included for
 * generate_series) as one BIGINT column, in parallel morsels of the batch size.
 */
public final class RangeOperator implements SourceOperator {
    private final String name;
    private final long start;
    private final long step;
    private final long count;

    public RangeOperator(String name, long start, long stop, long step, boolean inclusive) {
        if (step == 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name + "(): step must not be 0");
        }
        this.name = name;
        this.start = start;
        this.step = step;
        this.count = count(start, stop, step, inclusive);
    }

    /** How many values: ceil(span / step) with stop excluded, floor(span / step) + 1 with it included. */
    static long count(long start, long stop, long step, boolean inclusive) {
        BigInteger span = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
        BigInteger[] quotientAndRemainder = span.divideAndRemainder(BigInteger.valueOf(step));
        BigInteger quotient = quotientAndRemainder[0];
        boolean exact = quotientAndRemainder[1].signum() == 0;
        BigInteger values;
        if (span.signum() != 0 && span.signum() != Long.signum(step)) {
            values = BigInteger.ZERO; // the sequence moves away from stop
        } else if (inclusive) {
            values = quotient.add(BigInteger.ONE);
        } else {
            values = exact ? quotient : quotient.add(BigInteger.ONE);
        }
        return values.longValueExact();
    }

    @Override
    public SourceState open(QueryState query) {
        int batchRows = query.context().batchRows();
        AtomicLong nextMorsel = new AtomicLong();
        return () -> {
            long morsel = nextMorsel.getAndIncrement();
            long first = morsel * batchRows;
            if (first >= count) {
                return null;
            }
            int rows = (int) Math.min(batchRows, count - first);
            BigIntVector vector =
                    new BigIntVector(outputFields().getFirst(), query.context().allocator());
            vector.allocateNew(rows);
            long value = start + first * step;
            for (int row = 0; row < rows; row++) {
                vector.set(row, value);
                value += step;
            }
            vector.setValueCount(rows);
            return new Morsel(morsel, new Batch(List.of(vector), rows));
        };
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of();
    }

    @Override
    public List<Field> outputFields() {
        return List.of(new Field(name, FieldType.notNullable(new ArrowType.Int(64, true)), null));
    }

    @Override
    public String describe() {
        return name + "(start=" + start + ", step=" + step + ", rows=" + count + ")";
    }
}
