package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.aggregate.AggregateTable;
import dev.quiver.engine.exec.operator.aggregate.HashAggregateOperator;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.QueryState;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the hash aggregate benchmarks share: prepared batches fed one per invocation to a {@link
 * HashAggregateOperator}, into a fresh table per iteration. A subclass's trial {@code @Setup} fills
 * the fields; everything here is closed at the end of the trial.
 */
abstract class AggregateBenchmarkState {
    BufferAllocator allocator;
    final List<Batch> batches = new ArrayList<>();
    QueryState query;
    HashAggregateOperator aggregate;
    private AggregateTable table;
    private int next;

    @Setup(Level.Iteration)
    public void openTable() {
        table = aggregate.createLocal(null, query);
    }

    @TearDown(Level.Iteration)
    public void closeTable() {
        table.close();
    }

    @TearDown
    public void stop() {
        batches.forEach(Batch::close);
        query.close();
        allocator.close();
    }

    /** Aggregates the next prepared batch (its columns retained, as a scan would hand them over). */
    void consumeNextBatch() {
        Batch input = batches.get(next++ % batches.size());
        List<FieldVector> retained = new ArrayList<>();
        for (int column = 0; column < input.columnCount(); column++) {
            retained.add(input.retainColumn(column, allocator));
        }
        aggregate.consume(table, new Morsel(next, new Batch(retained, input.rowCount())), query);
    }
}
