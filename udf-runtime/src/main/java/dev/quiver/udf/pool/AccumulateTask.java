package dev.quiver.udf.pool;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.convert.BatchExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Accumulates one batch into an aggregation's per-group instances in whichever interpreter runs it. */
final class AccumulateTask extends AggregateTask {
    private final PythonAggregation aggregation;
    private final List<FieldVector> inputs;
    private final FieldVector groupIds;
    private final UdfType groupType;
    private final int rowCount;
    private final LongUnaryOperator callerRow;

    AccumulateTask(
            PythonAggregation aggregation,
            List<? extends FieldVector> arguments,
            FieldVector groupIds,
            UdfType groupType,
            int rowCount,
            BufferAllocator allocator,
            LongUnaryOperator callerRow) {
        super(aggregation.function(), "agg_accumulate", allocator);
        this.aggregation = aggregation;
        this.inputs = new ArrayList<>(arguments);
        this.inputs.add(groupIds);
        this.groupIds = groupIds;
        this.groupType = groupType;
        this.rowCount = rowCount;
        this.callerRow = callerRow;
    }

    @Override
    PythonFunction shape() {
        List<UdfType> columns = new ArrayList<>(function.definition().argumentTypes());
        columns.add(groupType);
        // The output is not used; BOOLEAN is the smallest one the exchange allocates.
        return shapeOf(columns, UdfType.BOOLEAN, function.definition().nullHandling());
    }

    @Override
    List<? extends FieldVector> inputs() {
        return inputs;
    }

    @Override
    int rowCount() {
        return rowCount;
    }

    @Override
    Object[] leadingArguments() {
        return new Object[] {function.id(), aggregation.token(), groupType.sql()};
    }

    @Override
    long callerRow(BatchExchange exchange, long row) {
        return row < 0 ? row : callerRow.applyAsLong(exchange.callerRow(row));
    }

    @Override
    void beforePython(PythonSite site) {
        aggregation.holds(site.holder(), site.identity()).count(groupIds, rowCount);
    }
}
