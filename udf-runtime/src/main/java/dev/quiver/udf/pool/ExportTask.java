package dev.quiver.udf.pool;

import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.convert.BatchExchange;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Pickles an aggregation's per-group states in one interpreter (a directed call) into a VARBINARY
 * column indexed by group id, NULL for groups that interpreter never saw; the instances are dropped.
 */
final class ExportTask extends AggregateTask {
    private final PythonAggregation aggregation;
    private final Object holder;
    private final int groupCount;

    ExportTask(PythonAggregation aggregation, Object holder, int groupCount, BufferAllocator allocator) {
        super(aggregation.function(), "agg_export", allocator);
        this.aggregation = aggregation;
        this.holder = holder;
        this.groupCount = groupCount;
    }

    @Override
    PythonFunction shape() {
        return shapeOf(List.of(), UdfType.VARBINARY, NullHandling.CALLED_ON_NULL_INPUT);
    }

    @Override
    List<? extends FieldVector> inputs() {
        return List.of();
    }

    @Override
    int rowCount() {
        return groupCount;
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
