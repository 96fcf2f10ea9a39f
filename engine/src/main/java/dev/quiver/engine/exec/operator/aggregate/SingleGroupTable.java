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
    int[] groupIds(Batch batch) {
        if (zeros.length < batch.rowCount()) {
            zeros = new int[batch.rowCount()];
        }
        return zeros;
    }

    @Override
    int groupCount() {
        return 1;
    }

    @Override
    int[] merge(GroupTable other) {
        return new int[] {0};
    }

    @Override
    List<FieldVector> keyColumns(int first, int count, BufferAllocator allocator) {
        return List.of();
    }
}
