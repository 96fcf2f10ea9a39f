package dev.quiver.engine.exec.operator;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** The sink of a query's last pipeline: keeps every batch, in the order of their morsels. */
public final class ResultCollector implements SinkOperator<ResultCollector.Result, MorselBuffer> {
    private final PhysicalOperator input;

    public ResultCollector(PhysicalOperator input) {
        this.input = input;
    }

    /** The collected batches, owned until {@link #take}n. */
    public static final class Result implements AutoCloseable {
        private final MorselBuffer buffer = new MorselBuffer();

        /** The batches in order; the caller owns them. */
        public List<Batch> take() {
            return buffer.takeInOrder();
        }

        @Override
        public void close() {
            buffer.close();
        }
    }

    @Override
    public Result createGlobal(QueryState query) {
        return new Result();
    }

    @Override
    public MorselBuffer createLocal(Result global, QueryState query) {
        return new MorselBuffer();
    }

    @Override
    public void consume(MorselBuffer local, Morsel morsel, QueryState query) {
        local.add(morsel);
    }

    @Override
    public void combine(Result global, MorselBuffer local, QueryState query) {
        global.buffer.addAll(local);
    }

    @Override
    public void finish(Result global, QueryState query) {}

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
        return "Result";
    }
}
