package dev.quiver.udf.pool;

import dev.quiver.udf.convert.RowCopier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * How finishing an aggregation splits its groups over merge-and-finish calls, one per interpreter,
 * so that every call has about the same work: weighed by the bytes of the groups' pickled states
 * (unpickling, merging and most {@code finish()} work grow with them) plus a fixed cost per group.
 *
 * <p>Why not equal group counts: with few, skewed groups (GROUP BY a flag: one group holds half the
 * rows) equal counts put all the work in one call, and the merge runs serially. Few groups (up to
 * {@link #GREEDY_GROUPS}) are therefore dealt out largest first to the least loaded call; many
 * groups are cut into contiguous ranges of equal weight, which keeps the copies zero-copy slices.
 */
final class MergePartitions {
    /** A group's weight beyond its states' bytes: a fresh instance, the merge calls and finish(). */
    static final long GROUP_WEIGHT = 64;
    /** Less weight per call would make a call's fixed cost (~0.1 ms) dominate: ~2,000 small groups. */
    static final long MIN_WEIGHT_PER_MERGE = 128L * 1024;
    /** Up to this many groups they are dealt out by weight; beyond, contiguous ranges. */
    static final int GREEDY_GROUPS = 4096;

    private MergePartitions() {}

    /**
     * The groups of each merge call, each array ascending; together every group in
     * {@code [0, groupCount)} exactly once. At least one (possibly empty) partition.
     *
     * @param states one column per exporter, {@code groupCount} rows each (NULL: no state there)
     */
    static List<int[]> of(List<VarBinaryVector> states, int groupCount, int workers) {
        long[] weights = new long[groupCount];
        long total = 0;
        for (int group = 0; group < groupCount; group++) {
            long weight = GROUP_WEIGHT;
            for (VarBinaryVector column : states) {
                if (!column.isNull(group)) {
                    weight += column.getValueLength(group);
                }
            }
            weights[group] = weight;
            total += weight;
        }
        int calls = (int) Math.max(1, Math.min(Math.min(workers, groupCount), total / MIN_WEIGHT_PER_MERGE));
        if (calls == 1) {
            return List.of(range(0, groupCount));
        }
        return groupCount <= GREEDY_GROUPS ? dealt(weights, calls) : ranges(weights, total, calls);
    }

    /** Largest group first, each to the call with the least weight so far. */
    private static List<int[]> dealt(long[] weights, int calls) {
        Integer[] order = new Integer[weights.length];
        for (int group = 0; group < order.length; group++) {
            order[group] = group;
        }
        Arrays.sort(order, (left, right) -> Long.compare(weights[right], weights[left]));
        long[] load = new long[calls];
        int[] callOf = new int[weights.length];
        int[] sizes = new int[calls];
        for (int group : order) {
            int lightest = 0;
            for (int call = 1; call < calls; call++) {
                if (load[call] < load[lightest]) {
                    lightest = call;
                }
            }
            load[lightest] += weights[group];
            callOf[group] = lightest;
            sizes[lightest]++;
        }
        List<int[]> partitions = new ArrayList<>(calls);
        int[] filled = new int[calls];
        for (int call = 0; call < calls; call++) {
            partitions.add(new int[sizes[call]]);
        }
        for (int group = 0; group < weights.length; group++) {
            int call = callOf[group];
            partitions.get(call)[filled[call]++] = group;
        }
        partitions.removeIf(partition -> partition.length == 0);
        return partitions;
    }

    /** Contiguous ranges, each ending where the running weight passes its share of the total. */
    private static List<int[]> ranges(long[] weights, long total, int calls) {
        List<int[]> partitions = new ArrayList<>(calls);
        int start = 0;
        long running = 0;
        int call = 1;
        for (int group = 0; group < weights.length && call < calls; group++) {
            running += weights[group];
            if (running >= total * call / calls) {
                partitions.add(range(start, group + 1));
                start = group + 1;
                call++;
            }
        }
        if (start < weights.length || partitions.isEmpty()) {
            partitions.add(range(start, weights.length));
        }
        return partitions;
    }

    private static int[] range(int start, int end) {
        int[] groups = new int[end - start];
        for (int index = 0; index < groups.length; index++) {
            groups[index] = start + index;
        }
        return groups;
    }

    /** Whether the groups are consecutive and ascending (a partition may be in any order). */
    private static boolean isRange(int[] partition) {
        for (int index = 1; index < partition.length; index++) {
            if (partition[index] != partition[index - 1] + 1) {
                return false;
            }
        }
        return true;
    }

    /** The rows {@code partition} of {@code column}, as a new vector: a slice when they are contiguous. */
    static FieldVector take(VarBinaryVector column, int[] partition, BufferAllocator allocator) {
        if (isRange(partition)) {
            TransferPair pair = column.getTransferPair(allocator);
            pair.splitAndTransfer(partition.length == 0 ? 0 : partition[0], partition.length);
            return (FieldVector) pair.getTo();
        }
        VarBinaryVector taken = new VarBinaryVector(column.getField(), allocator);
        try {
            long bytes = 0;
            for (int group : partition) {
                bytes += column.isNull(group) ? 0 : column.getValueLength(group);
            }
            taken.allocateNew(Math.max(1, bytes), Math.max(1, partition.length));
            for (int index = 0; index < partition.length; index++) {
                if (!column.isNull(partition[index])) {
                    taken.setSafe(index, column.get(partition[index]));
                }
            }
            taken.setValueCount(partition.length);
            return taken;
        } catch (RuntimeException e) {
            taken.close();
            throw e;
        }
    }

    /**
     * The merge calls' results put together in group order, as a new vector owned by the caller;
     * {@code results.get(i)} holds the groups of {@code partitions.get(i)} in that order.
     */
    static FieldVector assemble(
            List<int[]> partitions, List<FieldVector> results, int groupCount, BufferAllocator allocator) {
        if (results.size() == 1
                && isRange(partitions.getFirst())
                && partitions.getFirst().length == groupCount
                && (groupCount == 0 || partitions.getFirst()[0] == 0)) {
            TransferPair pair = results.getFirst().getTransferPair(allocator);
            pair.transfer();
            return (FieldVector) pair.getTo();
        }
        // A variable-width vector is written in group order: find each group's call and row first.
        int[] callOf = new int[groupCount];
        int[] rowOf = new int[groupCount];
        for (int call = 0; call < partitions.size(); call++) {
            int[] partition = partitions.get(call);
            for (int row = 0; row < partition.length; row++) {
                callOf[partition[row]] = call;
                rowOf[partition[row]] = row;
            }
        }
        FieldVector result = results.getFirst().getField().createVector(allocator);
        try {
            result.setInitialCapacity(groupCount);
            result.allocateNew();
            for (int group = 0; group < groupCount; group++) {
                RowCopier.copy(results.get(callOf[group]), rowOf[group], result, group);
            }
            result.setValueCount(groupCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }
}
