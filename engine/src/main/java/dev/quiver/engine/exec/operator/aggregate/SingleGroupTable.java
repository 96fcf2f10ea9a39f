package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The group table of an aggregate without GROUP BY: one group, present from the start, so the
 * result has exactly one row even when the input is empty.
 */
final class SingleGroupTable extends GroupTable {
    private int[] zeros = new int[0];

    @Override
    int[] groupIds(Batch batch, int[] rows, int count) {
        if (zeros.length < count) {
            zeros = new int[count];
        }
        return zeros;
    }

    @Override
    int groupCount() {
        return 1;
    }

    @Override
    int[] merge(GroupTable other, int partition, int partitions) {
        return new int[] {partition == 0 ? 0 : -1};
    }

    @Override
    List<FieldVector> keyColumns(int first, int count, BufferAllocator allocator) {
        return List.of();
    }
}
