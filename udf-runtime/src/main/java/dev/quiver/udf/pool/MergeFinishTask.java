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
 * Finishes some of an aggregation's groups: per group an instance merges the group's pickled
 * states from every interpreter that exported, then finishes. Undirected (token 0), the instance
 * is a fresh one; directed at the interpreter that holds the aggregation {@code token}, it is the
 * instance held there for the group (a fresh one when there is none), finished in place.
 */
final class MergeFinishTask extends AggregateTask {
    private final List<FieldVector> inputs;
    private final int stateColumns;
    private final BigIntVector groups;
    private final long token;
    private final Object holder;

    /**
     * @param groups the group ids (one row per group), then one VARBINARY state column per exporter
     * @param token  the aggregation whose held instances are finished in place, or 0 for fresh ones
     * @param holder with a token: the identity of the interpreter or process holding them
     */
    MergeFinishTask(
            RegisteredFunction function,
            BigIntVector groups,
            List<? extends FieldVector> states,
            long token,
            Object holder,
            BufferAllocator allocator) {
        super(function, "agg_merge_finish", allocator);
        this.token = token;
        this.holder = holder;
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
        return new Object[] {function.id(), token, stateColumns};
    }

    @Override
    void checkSite(PythonSite site) {
        if (token != 0) {
            requireIdentity(holder, site, function.name());
        }
    }

    /** Errors name the group, not the position in this range. */
    @Override
    long callerRow(BatchExchange exchange, long row) {
        return row < 0 || row >= groups.getValueCount() ? -1 : groups.get((int) row);
    }
}
