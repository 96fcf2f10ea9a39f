package dev.quiver.udf.pool;

import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.convert.BatchExchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Finishes a range of an aggregation's groups in whichever interpreter runs it: per group a fresh
 * instance merges the group's pickled states from every interpreter that exported, then finishes.
 */
final class MergeFinishTask extends AggregateTask {
    private final List<FieldVector> inputs;
    private final int stateColumns;
    private final BigIntVector groups;

    /** @param groups the group ids (one row per group), then one VARBINARY state column per exporter */
    MergeFinishTask(
            RegisteredFunction function,
            BigIntVector groups,
            List<? extends FieldVector> states,
            BufferAllocator allocator) {
        super(function, "agg_merge_finish", allocator);
        this.groups = groups;
        this.inputs = new ArrayList<>();
        this.inputs.add(groups);
        this.inputs.addAll(states);
        this.stateColumns = states.size();
    }

    @Override
    PythonFunction shape() {
        List<UdfType> columns = new ArrayList<>();
        columns.add(UdfType.BIGINT);
        columns.addAll(Collections.nCopies(stateColumns, UdfType.VARBINARY));
        return shapeOf(columns, function.definition().returnType(), NullHandling.CALLED_ON_NULL_INPUT);
    }

    @Override
    List<? extends FieldVector> inputs() {
        return inputs;
    }

    @Override
    int rowCount() {
        return groups.getValueCount();
    }

    @Override
    Object[] leadingArguments() {
        return new Object[] {function.id(), stateColumns};
    }

    /** Errors name the group, not the position in this range. */
    @Override
    long callerRow(BatchExchange exchange, long row) {
        return row < 0 || row >= groups.getValueCount() ? -1 : groups.get((int) row);
    }
}
