package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.vector.FieldVector;

/** row_number, rank, dense_rank, percent_rank, cume_dist and ntile over a sorted bucket: one loop per function. */
final class RankingFunctions {
    private RankingFunctions() {}

    static FieldVector compute(WindowFunction function, SortedBucket bucket) {
        int rows = bucket.rows();
        return switch (function.kind()) {
            case PERCENT_RANK, CUME_DIST -> {
                double[] values = new double[rows];
                forEachPartition(bucket, (start, end) -> {
                    int size = end - start;
                    for (int row = start; row < end; row++) {
                        values[row] = function.kind() == WindowFunction.Kind.CUME_DIST
                                ? (double) (bucket.peerEnd()[row] - start) / size
                                : size <= 1 ? 0 : (double) (bucket.peerStart()[row] - start) / (size - 1);
                    }
                });
                yield PrimitiveColumns.writeDoubles(function.output(), values, null, 0, rows, bucket.allocator());
            }
            case NTILE -> ntile(function, bucket);
            default -> {
                long[] values = new long[rows];
                forEachPartition(bucket, (start, end) -> {
                    long dense = 0;
                    for (int row = start; row < end; row++) {
                        int peerStart = bucket.peerStart()[row];
                        if (peerStart == row) {
                            dense++;
                        }
                        values[row] = switch (function.kind()) {
                            case ROW_NUMBER -> row - start + 1;
                            case RANK -> peerStart - start + 1;
                            case DENSE_RANK -> dense;
                            default -> throw QuiverException.internal("not a ranking function: " + function, null);
                        };
                    }
                });
                yield PrimitiveColumns.writeLongs(function.output(), values, null, 0, rows, bucket.allocator());
            }
        };
    }

    /** ntile(n): the partition cut into n buckets whose sizes differ by at most one, larger ones first. */
    private static FieldVector ntile(WindowFunction function, SortedBucket bucket) {
        int rows = bucket.rows();
        Arguments.LongArgument buckets = Arguments.longArgument(function, 0, bucket);
        long[] values = new long[rows];
        boolean[] valid = new boolean[rows];
        forEachPartition(bucket, (start, end) -> {
            long total = end - start;
            for (int row = start; row < end; row++) {
                if (buckets.isNull(row)) {
                    continue;
                }
                long count = buckets.value(row);
                if (count <= 0) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT, "argument of ntile must be greater than zero");
                }
                count = Math.min(count, total);
                long size = total / count;
                long larger = total - size * count; // buckets holding size + 1 rows
                long inLarger = larger * (size + 1);
                long index = row - start;
                values[row] = index < inLarger ? 1 + index / (size + 1) : 1 + larger + (index - inLarger) / size;
                valid[row] = true;
            }
        });
        return PrimitiveColumns.writeLongs(function.output(), values, valid, 0, rows, bucket.allocator());
    }

    /** Called with each partition's rows [start, end). */
    @FunctionalInterface
    interface PartitionAction {
        void apply(int start, int end);
    }

    static void forEachPartition(SortedBucket bucket, PartitionAction action) {
        for (int partition = 0; partition < bucket.partitionCount(); partition++) {
            action.apply(bucket.partitionStarts()[partition], bucket.partitionStarts()[partition + 1]);
        }
    }
}
