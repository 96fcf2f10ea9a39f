package dev.quiver.engine.exec.operator;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A result computed once and read by several parents: the plan of a subquery that occurs more than
 * once (a CTE referenced twice, the same IN list under three UNION branches). Its sink side keeps
 * every batch of its input; each pipeline that reads it opens its own cursor over them, sharing the
 * buffers (reference counted, no copy), in the input's morsel order.
 *
 * <p>{@link dev.quiver.engine.exec.pipeline.PipelineBuilder} builds the input's pipeline once,
 * however often the operator appears in the tree. The batches live until the query ends.
 */
public final class SpoolOperator implements BufferingSink<MorselBuffer>, SourceOperator {
    private final PhysicalOperator input;

    public SpoolOperator(PhysicalOperator input) {
        this.input = input;
    }

    @Override
    public MorselBuffer createGlobal(QueryState query) {
        return new MorselBuffer();
    }

    @Override
    public MorselBuffer buffer(MorselBuffer global) {
        return global;
    }

    @Override
    public void finish(MorselBuffer global, QueryState query) {
        // stable: the batches of one morsel keep their order
        global.morsels().sort(Comparator.comparingLong(Morsel::sequence));
    }

    @Override
    public SourceState open(QueryState query) {
        MorselBuffer spooled = query.finished(this);
        return sharing(
                spooled.morsels().stream().map(Morsel::batch).toList(),
                query.context().allocator());
    }

    /**
     * A cursor handing out each of {@code batches} once, as a morsel numbered by its position whose
     * columns share the stored buffers (reference counted, no copy); the batches stay owned by the
     * caller. THREAD-SAFE, as sources must be.
     */
    public static SourceState sharing(List<Batch> batches, BufferAllocator allocator) {
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int index = next.getAndIncrement();
            if (index >= batches.size()) {
                return null;
            }
            Batch stored = batches.get(index);
            List<FieldVector> shared = new ArrayList<>(stored.columnCount());
            for (int column = 0; column < stored.columnCount(); column++) {
                shared.add(stored.retainColumn(column, allocator));
            }
            return new Morsel(index, new Batch(shared, stored.rowCount()));
        };
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return input.outputFields();
    }

    @Override
    public String describe() {
        return "Spool";
    }
}
