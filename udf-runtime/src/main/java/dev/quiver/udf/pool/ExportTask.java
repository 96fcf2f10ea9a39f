package dev.quiver.udf.pool;

import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.convert.BatchExchange;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * Pickles an aggregation's per-group states in one interpreter (a directed call) into a VARBINARY
 * column indexed by group id, NULL for groups that interpreter never saw or keeps; the exported
 * instances are dropped, the kept ones stay for a {@link MergeFinishTask} directed at the same
 * interpreter. A group whose owner is another aggregation in the same interpreter is handed over:
 * its instance stays and its value is a marker naming it, which that owner's merge resolves
 * without pickling.
 */
final class ExportTask extends AggregateTask {
    private final PythonAggregation aggregation;
    private final Object holder;
    private final IntVector keeps;

    /** @param keeps one INTEGER per group, as {@link FinishPlan#keeps} */
    ExportTask(PythonAggregation aggregation, Object holder, IntVector keeps, BufferAllocator allocator) {
        super(aggregation.function(), "agg_export", allocator);
        this.aggregation = aggregation;
        this.holder = holder;
        this.keeps = keeps;
    }

    @Override
    PythonFunction shape() {
        return shapeOf(List.of(UdfType.INTEGER), UdfType.VARBINARY, NullHandling.CALLED_ON_NULL_INPUT);
    }

    @Override
    List<? extends FieldVector> inputs() {
        return List.of(keeps);
    }

    @Override
    int rowCount() {
        return keeps.getValueCount();
    }

    @Override
    Object[] leadingArguments() {
        return new Object[] {function.id(), aggregation.token()};
    }

    @Override
    long callerRow(BatchExchange exchange, long row) {
        return row;
    }

    @Override
    void checkSite(PythonSite site) {
        requireIdentity(holder, site, function.name());
    }
}
