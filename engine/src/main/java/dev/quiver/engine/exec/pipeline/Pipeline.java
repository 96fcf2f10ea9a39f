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

    void setSource(SourceOperator value) {
        if (source != null) {
            throw new IllegalStateException("pipeline already has source " + source.describe());
        }
        source = value;
    }

    /** Adds an operator nearer the source than those already added (the builder walks top-down). */
    void prependOperator(StreamOperator operator) {
        operators.addFirst(operator);
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
