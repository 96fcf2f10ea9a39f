package dev.quiver.engine.exec.pipeline;

/**
 * A sink whose result needs a subplan of its own run again and again once its input is in: a
 * recursive CTE runs its step over the previous round's rows until a round adds none.
 *
 * <p>Protocol: {@link PipelineExecutor} calls {@link #repeat} once, right after
 * {@link SinkOperator#finish}, on the thread that runs the query's pipelines (never a pipeline
 * thread, so the rounds' pipelines can use every worker). The subplan is not among the operator's
 * {@link PhysicalOperator#children}: {@link PipelineBuilder} never sees it, and the sink builds and
 * runs its pipelines itself, each round with a fresh {@link QueryState} over the query's context
 * (allocator, memory limit, cancel flag).
 */
public interface RepeatingSink {
    /** Runs the rounds; the sink's global state in {@code query} holds the result when it returns. */
    void repeat(QueryState query, PipelineExecutor executor);
}
