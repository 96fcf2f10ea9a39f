package dev.quiver.engine.exec.operator.set;

import dev.quiver.engine.exec.operator.CollectThenEmit;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * UNION ALL: every row of every input. A breaker with one input pipeline per input: it keeps the
 * batches (no copy; columns renamed to the output's names and nullability) and hands them out
 * again. Streaming the inputs into the pipeline above would save that wait; the pipeline protocol
 * has no operator with several streaming inputs yet.
 */
public final class UnionAllOperator implements SinkOperator<CollectThenEmit, MorselBuffer>, SourceOperator {
    private final List<PhysicalOperator> inputs;
    private final List<Field> fields;

    /** @param fields the output columns; every input has columns of the same types */
    public UnionAllOperator(List<PhysicalOperator> inputs, List<Field> fields) {
        this.inputs = List.copyOf(inputs);
        this.fields = List.copyOf(fields);
    }

    @Override
    public CollectThenEmit createGlobal(QueryState query) {
        return new CollectThenEmit();
    }

    @Override
    public MorselBuffer createLocal(CollectThenEmit global, QueryState query) {
        return new MorselBuffer();
    }

    @Override
    public void consume(MorselBuffer local, Morsel morsel, QueryState query) {
        if (morsel.batch().rowCount() == 0) {
            morsel.batch().close();
            return;
        }
        local.add(new Morsel(
                morsel.sequence(),
                BatchColumns.renamed(morsel.batch(), fields, query.context().allocator())));
    }

    @Override
    public void combine(CollectThenEmit global, MorselBuffer local, QueryState query) {
        global.input().addAll(local);
    }

    @Override
    public void finish(CollectThenEmit global, QueryState query) {
        synchronized (global) {
            global.output().addAll(global.input().takeInOrder());
        }
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<CollectThenEmit>finished(this).output()::take;
    }

    @Override
    public List<PhysicalOperator> children() {
        return inputs;
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "UnionAll(" + inputs.size() + " inputs)";
    }
}
