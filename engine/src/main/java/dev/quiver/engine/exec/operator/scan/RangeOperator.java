package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.IntervalArithmeticExpr;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.Interval;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Generates {@code start, start + step, …} up to {@code stop} (excluded, or included for
 * generate_series) as one BIGINT column, or one TIMESTAMP column stepping by an INTERVAL, in
 * parallel morsels of the batch size.
 */
public final class RangeOperator implements SourceOperator {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);
    private static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);

    private final String name;
    private final ArrowType type;
    private final long start;
    private final long step;
    private final long count;
    /** The values when they are no arithmetic sequence (a step with months); else null. */
    private final long[] values;

    public RangeOperator(String name, long start, long stop, long step, boolean inclusive) {
        this(name, BIGINT, start, nonZero(name, step), count(start, stop, step, inclusive), null);
    }

    private RangeOperator(String name, ArrowType type, long start, long step, long count, long[] values) {
        this.name = name;
        this.type = type;
        this.start = start;
        this.step = step;
        this.count = count;
        this.values = values;
    }

    /**
     * TIMESTAMPs (microseconds) from {@code start} by {@code step} as DuckDB steps them: each value
     * is the previous one plus the interval, so month steps keep the day they were clamped to
     * (Jan 31, Feb 29, Mar 29). The interval's parts must not have mixed signs, and not all be 0.
     */
    public static RangeOperator ofTimestamps(String name, long start, long stop, Interval step, boolean inclusive) {
        boolean anyPositive = step.months() > 0 || step.days() > 0 || step.micros() > 0;
        boolean anyNegative = step.months() < 0 || step.days() < 0 || step.micros() < 0;
        if (anyPositive && anyNegative) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    name + "(): an interval step whose parts have mixed signs (" + step + ") is not supported");
        }
        if (!anyPositive && !anyNegative) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name + "(): the interval step cannot be 0");
        }
        if (step.months() == 0) { // days are 24 hours in a TIMESTAMP: an arithmetic sequence
            long micros =
                    Math.addExact(Math.multiplyExact((long) step.days(), DateTimes.MICROS_PER_DAY), step.micros());
            return new RangeOperator(name, TIMESTAMP, start, micros, count(start, stop, micros, inclusive), null);
        }
        LongStream.Builder values = LongStream.builder();
        long count = 0;
        for (long value = start;
                anyPositive ? (inclusive ? value <= stop : value < stop) : (inclusive ? value >= stop : value > stop);
                value = IntervalArithmeticExpr.add(ValueKind.TIMESTAMP, value, step, ValueKind.TIMESTAMP)) {
            values.add(value);
            count++;
        }
        return new RangeOperator(
                name, TIMESTAMP, start, 0, count, values.build().toArray());
    }

    private static long nonZero(String name, long step) {
        if (step == 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name + "(): step must not be 0");
        }
        return step;
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
            BaseFixedWidthVector vector = type == BIGINT
                    ? new BigIntVector(
                            outputFields().getFirst(), query.context().allocator())
                    : new TimeStampMicroVector(
                            outputFields().getFirst(), query.context().allocator());
            vector.allocateNew(rows);
            ArrowBuf data = vector.getDataBuffer();
            long value = start + first * step;
            for (int row = 0; row < rows; row++) {
                data.setLong((long) row * Long.BYTES, values == null ? value : values[(int) (first + row)]);
                BitVectorHelper.setBit(vector.getValidityBuffer(), row);
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
        return List.of(new Field(name, FieldType.notNullable(type), null));
    }

    @Override
    public String describe() {
        return values == null
                ? name + "(start=" + start + ", step=" + step + ", rows=" + count + ")"
                : name + "(start=" + start + ", rows=" + count + ")";
    }
}
