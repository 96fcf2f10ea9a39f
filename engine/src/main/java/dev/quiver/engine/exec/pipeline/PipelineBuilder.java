package dev.quiver.engine.exec.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an operator tree into pipelines at the pipeline breakers (Leis et al., "Morsel-driven
 * parallelism", 2014).
 *
 * <p>Walking down from the result sink: a streaming operator joins the current pipeline; a leaf
 * source starts it; a breaker (an operator that is both sink and source) starts the current
 * pipeline with its output and ends a new pipeline — one per child — with its input; a hash join
 * (stream and sink) probes in the current pipeline and ends a new one with its build side (child 0).
 */
public final class PipelineBuilder {
    private final List<Pipeline> pipelines = new ArrayList<>();

    private PipelineBuilder() {
    }

    /** The pipelines computing {@code root} into {@code resultSink}, dependencies before dependants. */
    public static List<Pipeline> build(PhysicalOperator root, SinkOperator<?, ?> resultSink) {
        PipelineBuilder builder = new PipelineBuilder();
        Pipeline last = new Pipeline(resultSink);
        builder.walk(root, last);
        builder.pipelines.add(last);
        return builder.pipelines;
    }

    private void walk(PhysicalOperator operator, Pipeline current) {
        boolean source = operator instanceof SourceOperator;
        boolean sink = operator instanceof SinkOperator<?, ?>;
        boolean stream = operator instanceof StreamOperator;
        if (stream && sink) {
            Pipeline build = new Pipeline((SinkOperator<?, ?>) operator);
            walk(operator.children().get(0), build);
            pipelines.add(build);
            current.dependOn(build);
            current.prependOperator((StreamOperator) operator);
            walk(operator.children().get(1), current);
        } else if (source && sink) {
            current.setSource((SourceOperator) operator);
            for (PhysicalOperator child : operator.children()) {
                Pipeline input = new Pipeline((SinkOperator<?, ?>) operator);
                walk(child, input);
                pipelines.add(input);
                current.dependOn(input);
            }
        } else if (source) {
            current.setSource((SourceOperator) operator);
        } else if (stream) {
            current.prependOperator((StreamOperator) operator);
            walk(operator.children().getFirst(), current);
        } else {
            throw new IllegalStateException(operator.describe() + " plays no pipeline role (a bug)");
        }
    }
}
