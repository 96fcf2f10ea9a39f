package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import dev.quiver.engine.exec.vector.Interval;

/** Aggregates over INTERVAL values: {@code avg}. */
public final class IntervalAggregates {
    private static final long DAYS_PER_MONTH = 30;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private IntervalAggregates() {}

    /**
     * {@code avg(interval)}: the parts are summed apart, then divided as DuckDB 1.5 divides them (as
     * PostgreSQL): the months' remainder moves into days of 30, the days' remainder into
     * microseconds. DuckDB adds the microseconds' own remainder undivided (2 seconds over 3 rows is
     * 0.666668 s, not 0.666667 s); Quiver does the same, so that the two engines agree.
     */
    public static AggregateKernel avg() {
        return Kernels.of("avg", AverageState::new);
    }

    private static final class AverageState implements AggregateState {
        private long count;
        private long months;
        private long days;
        private long micros;

        @Override
        public long add(Object[] arguments) {
            Interval value = (Interval) arguments[0];
            add(1, value.months(), value.days(), value.micros());
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            AverageState from = (AverageState) other;
            add(from.count, from.months, from.days, from.micros);
            return 0;
        }

        private void add(long rows, long moreMonths, long moreDays, long moreMicros) {
            try {
                count += rows;
                months = Math.addExact(months, moreMonths);
                days = Math.addExact(days, moreDays);
                micros = Math.addExact(micros, moreMicros);
            } catch (ArithmeticException e) {
                throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "avg(INTERVAL): the sum is out of range");
            }
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            long monthsRemainder = months % count * DAYS_PER_MONTH;
            long resultDays = days / count + monthsRemainder / count;
            long daysRemainder = days % count + monthsRemainder % count;
            long microsRemainder = micros % count + daysRemainder * MICROS_PER_DAY / count;
            return new Interval((int) (months / count), Math.toIntExact(resultDays), micros / count + microsRemainder);
        }
    }
}
