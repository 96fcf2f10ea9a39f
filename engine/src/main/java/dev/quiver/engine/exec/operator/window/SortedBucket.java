package dev.quiver.engine.exec.operator.window;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The rows of one bucket after sorting by partition and ORDER BY keys: the input columns in that
 * order, where each partition starts and each row's peer group (rows equal in the ORDER BY keys).
 * Window functions read it and write one column each. Confined to the thread evaluating the bucket.
 *
 * @param columns         the input columns, sorted (owned by the evaluation, not by this record)
 * @param rows            rows of the bucket
 * @param partitionStarts the first row of each partition, then {@code rows}
 * @param peerStart       per row: the first row of its peer group
 * @param peerEnd         per row: the row after its peer group
 * @param allocator       where result vectors are allocated
 */
record SortedBucket(
        List<FieldVector> columns,
        int rows,
        int[] partitionStarts,
        int[] peerStart,
        int[] peerEnd,
        BufferAllocator allocator) {

    int partitionCount() {
        return partitionStarts.length - 1;
    }
}
