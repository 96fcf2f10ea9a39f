package dev.quiver.engine.exec.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * One pipeline: a source, the streaming operators its morsels go through, and the sink that ends
 * it; plus the pipelines that must finish first (builds and breakers it reads).
 */
public final class Pipeline {
    private SourceOperator source;
    private final List<StreamOperator> operators = new ArrayList<>();
    private final SinkOperator<?, ?> sink;
    private final List<Pipeline> dependencies = new ArrayList<>();
    private long sequenceOffset;

    Pipeline(SinkOperator<?, ?> sink) {
        this.sink = sink;
    }

    public SourceOperator source() {
        return source;
    }

    /** Streaming operators in the order morsels pass them (source side first). */
    public List<StreamOperator> operators() {
        return operators;
    }

    public SinkOperator<?, ?> sink() {
        return sink;
    }

    public List<Pipeline> dependencies() {
        return dependencies;
    }

    /**
     * Added to the sequence number of every morsel the sink receives: 0, except for a pipeline that
     * feeds a sink another pipeline feeds too (a join's build-row tail), whose morsels must not
     * take the numbers of the other pipeline's.
     */
    public long sequenceOffset() {
        return sequenceOffset;
    }

    void setSequenceOffset(long value) {
        sequenceOffset = value;
    }

    void setSource(SourceOperator value) {
        if (source != null) {
            throw new IllegalStateException("pipeline already has source " + source.describe());
        }
        source = value;
    }

    /** Replaces the source by one that reads the same rows, fewer of them (see {@link SourceOperator#skipping}). */
    void replaceSource(SourceOperator value) {
        source = value;
    }

    /** Adds operators at the sink end, in the order morsels pass them. */
    void appendOperators(List<StreamOperator> more) {
        operators.addAll(more);
    }

    /** Adds an operator nearer the source than those already added (the builder walks top-down). */
    void prependOperator(StreamOperator operator) {
        operators.addFirst(operator);
    }

    /** Adds an operator that morsels pass before the one now at {@code index}. */
    void insertOperator(int index, StreamOperator operator) {
        operators.add(index, operator);
    }

    void dependOn(Pipeline other) {
        dependencies.add(other);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source == null ? "?" : source.describe());
        for (StreamOperator operator : operators) {
            text.append(" -> ").append(operator.describe());
        }
        return text.append(" => ").append(sink.describe()).toString();
    }
}
