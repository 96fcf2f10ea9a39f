package dev.quiver.udf.pool;

import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.convert.BatchExchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Computes an aggregate over the window frames of a slice of whole partitions in whichever interpreter runs it. */
final class WindowAggregateTask extends AggregateTask {
    private final List<FieldVector> inputs;
    private final int rowCount;
    private final boolean running;
    private final boolean distinct;
    private final LongUnaryOperator callerRow;

    WindowAggregateTask(
            RegisteredFunction function,
            List<? extends FieldVector> arguments,
            List<? extends FieldVector> frames,
            int rowCount,
            boolean running,
            boolean distinct,
            BufferAllocator allocator,
            LongUnaryOperator callerRow) {
        super(function, "agg_window", allocator);
        this.inputs = new ArrayList<>(arguments);
        this.inputs.addAll(frames);
        this.rowCount = rowCount;
        this.running = running;
        this.distinct = distinct;
        this.callerRow = callerRow;
    }

    @Override
    PythonFunction shape() {
        List<UdfType> columns = new ArrayList<>(function.definition().argumentTypes());
        columns.addAll(Collections.nCopies(PythonWindowAggregate.FRAME_COLUMNS, UdfType.INTEGER));
        // Every row reaches Python: frames are row numbers, so Python skips NULL arguments itself.
        return shapeOf(columns, function.definition().returnType(), NullHandling.CALLED_ON_NULL_INPUT);
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
        boolean skipNulls = function.definition().nullHandling() == NullHandling.RETURNS_NULL_ON_NULL_INPUT;
        return new Object[] {function.id(), running ? 1 : 0, skipNulls ? 1 : 0, distinct ? 1 : 0};
    }

    @Override
    long callerRow(BatchExchange exchange, long row) {
        return row < 0 ? row : callerRow.applyAsLong(exchange.callerRow(row));
    }
}
