package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;

/**
 * Statistical aggregates over DOUBLE values: covariances, correlation and the {@code regr_*}
 * regression family (from one running co-moment state, merged with Chan's formulas so threads
 * and window nodes combine exactly), product, Kahan sums, skewness and kurtosis (power sums, as
 * DuckDB computes them).
 */
public final class StatisticAggregates {
    private StatisticAggregates() {}

    /** What a {@link #pair} aggregate of (y, x) reports. */
    public enum PairStatistic {
        COVAR_POP,
        COVAR_SAMP,
        CORR,
        REGR_SLOPE,
        REGR_INTERCEPT,
        REGR_R2,
        REGR_AVGX,
        REGR_AVGY,
        REGR_SXX,
        REGR_SYY,
        REGR_SXY
    }

    /** What a {@link #moments} aggregate reports. */
    public enum MomentStatistic {
        SKEWNESS,
        KURTOSIS,
        KURTOSIS_POP
    }

    /** An aggregate of (y, x) pairs where both are non-NULL. */
    public static AggregateKernel pair(String name, PairStatistic statistic) {
        return Kernels.of(name, () -> new PairState(statistic));
    }

    /** {@code skewness(x)}, {@code kurtosis(x)}, {@code kurtosis_pop(x)}. */
    public static AggregateKernel moments(String name, MomentStatistic statistic) {
        return Kernels.of(name, () -> new MomentState(statistic));
    }

    /** {@code product(x)}: the product of the values as DOUBLE; NULL over no rows. */
    public static AggregateKernel product(String name) {
        return Kernels.of(name, ProductState::new);
    }

    /** {@code fsum(x)} or, with {@code average}, {@code favg(x)}: Kahan-compensated sums. */
    public static AggregateKernel kahan(String name, boolean average) {
        return Kernels.of(name, () -> new KahanState(average));
    }

    private static final class PairState implements AggregateState {
        private final PairStatistic statistic;
        private long count;
        private double meanX;
        private double meanY;
        private double squaresX; // sum of (x - meanX)^2
        private double squaresY;
        private double coMoment; // sum of (x - meanX)(y - meanY)

        PairState(PairStatistic statistic) {
            this.statistic = statistic;
        }

        @Override
        public long add(Object[] arguments) {
            double y = Kernels.toDouble(arguments[0]);
            double x = Kernels.toDouble(arguments[1]);
            count++;
            double deltaX = x - meanX;
            double deltaY = y - meanY;
            meanX += deltaX / count;
            meanY += deltaY / count;
            squaresX += deltaX * (x - meanX);
            squaresY += deltaY * (y - meanY);
            coMoment += deltaX * (y - meanY);
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            PairState from = (PairState) other;
            if (from.count == 0) {
                return 0;
            }
            if (count == 0) {
                count = from.count;
                meanX = from.meanX;
                meanY = from.meanY;
                squaresX = from.squaresX;
                squaresY = from.squaresY;
                coMoment = from.coMoment;
                return 0;
            }
            long total = count + from.count;
            double deltaX = from.meanX - meanX;
            double deltaY = from.meanY - meanY;
            double weight = (double) count * from.count / total;
            squaresX += from.squaresX + deltaX * deltaX * weight;
            squaresY += from.squaresY + deltaY * deltaY * weight;
            coMoment += from.coMoment + deltaX * deltaY * weight;
            meanX += deltaX * from.count / total;
            meanY += deltaY * from.count / total;
            count = total;
            return 0;
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            double varianceX = squaresX / count;
            double varianceY = squaresY / count;
            double covariance = coMoment / count;
            return switch (statistic) {
                case COVAR_POP -> covariance;
                case COVAR_SAMP -> count < 2 ? null : coMoment / (count - 1);
                case CORR -> {
                    double deviations = Math.sqrt(varianceX) * Math.sqrt(varianceY);
                    yield deviations == 0 ? Double.NaN : covariance / deviations;
                }
                case REGR_SLOPE -> varianceX == 0 ? null : covariance / varianceX;
                case REGR_INTERCEPT -> varianceX == 0 ? null : meanY - covariance / varianceX * meanX;
                case REGR_R2 -> {
                    if (varianceX == 0) {
                        yield null;
                    }
                    if (varianceY == 0) {
                        yield 1.0;
                    }
                    double correlation = covariance / (Math.sqrt(varianceX) * Math.sqrt(varianceY));
                    yield correlation * correlation;
                }
                case REGR_AVGX -> meanX;
                case REGR_AVGY -> meanY;
                case REGR_SXX -> squaresX;
                case REGR_SYY -> squaresY;
                case REGR_SXY -> coMoment;
            };
        }
    }

    private static final class MomentState implements AggregateState {
        private final MomentStatistic statistic;
        private long count;
        private double sum;
        private double sumSquares;
        private double sumCubes;
        private double sumFourth;

        MomentState(MomentStatistic statistic) {
            this.statistic = statistic;
        }

        @Override
        public long add(Object[] arguments) {
            double x = Kernels.toDouble(arguments[0]);
            count++;
            sum += x;
            sumSquares += x * x;
            sumCubes += x * x * x;
            sumFourth += x * x * x * x;
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            MomentState from = (MomentState) other;
            count += from.count;
            sum += from.sum;
            sumSquares += from.sumSquares;
            sumCubes += from.sumCubes;
            sumFourth += from.sumFourth;
            return 0;
        }

        @Override
        public Object result() {
            double n = count;
            double inverse = 1 / n;
            if (statistic == MomentStatistic.SKEWNESS) {
                if (count <= 2) {
                    return null;
                }
                double cubed = Math.pow(inverse * (sumSquares - sum * sum * inverse), 3);
                if (cubed < 0) {
                    return null;
                }
                double divisor = Math.sqrt(cubed);
                if (divisor == 0) {
                    return null;
                }
                double factor = Math.sqrt(n * (n - 1)) / (n - 2);
                return factor
                        * inverse
                        * (sumCubes - 3 * sumSquares * sum * inverse + 2 * Math.pow(sum, 3) * inverse * inverse)
                        / divisor;
            }
            boolean population = statistic == MomentStatistic.KURTOSIS_POP;
            if (count <= (population ? 0 : 3)) {
                return null;
            }
            double m4 = inverse
                    * (sumFourth
                            - 4 * sumCubes * sum * inverse
                            + 6 * sumSquares * sum * sum * inverse * inverse
                            - 3 * Math.pow(sum, 4) * Math.pow(inverse, 3));
            double m2 = inverse * (sumSquares - sum * sum * inverse);
            if (m2 <= 0) {
                return null;
            }
            if (population) {
                return m4 / (m2 * m2) - 3;
            }
            return (n - 1) * ((n + 1) * m4 / (m2 * m2) - 3 * (n - 1)) / ((n - 2) * (n - 3));
        }
    }

    private static final class ProductState implements AggregateState {
        private boolean seen;
        private double product = 1;

        @Override
        public long add(Object[] arguments) {
            seen = true;
            product *= Kernels.toDouble(arguments[0]);
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            ProductState from = (ProductState) other;
            if (from.seen) {
                seen = true;
                product *= from.product;
            }
            return 0;
        }

        @Override
        public Object result() {
            return seen ? product : null;
        }
    }

    /** Kahan summation as DuckDB does it: the error of each addition is taken off the next addend. */
    private static final class KahanState implements AggregateState {
        private final boolean average;
        private long count;
        private double sum;
        private double error;

        KahanState(boolean average) {
            this.average = average;
        }

        private void addValue(double value) {
            double corrected = value - error;
            double total = sum + corrected;
            error = (total - sum) - corrected;
            sum = total;
        }

        @Override
        public long add(Object[] arguments) {
            count++;
            addValue(Kernels.toDouble(arguments[0]));
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            KahanState from = (KahanState) other;
            count += from.count;
            addValue(from.sum);
            addValue(-from.error);
            return 0;
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            return average ? sum / count : sum;
        }
    }
}
