package dev.quiver.engine.exec.pipeline;

/**
 * A physical operator that starts a pipeline: a table scan, VALUES, the output side of a
 * pipeline breaker (an aggregate's groups, a sort's runs), or the build rows a hash join emits
 * once its probe is over (see {@link PipelineBuilder}).
 *
 * <p>The operator is immutable; {@link #open} creates the state one pipeline run shares across its
 * threads.
 */
public interface SourceOperator extends PhysicalOperator {
    /** Called once per run, before any thread pulls; breaker outputs read their sink state from {@code query}. */
    SourceState open(QueryState query);

    /**
     * This source, skipping the morsels whose output column {@code column} holds no value {@code
     * test} lets pass; or this source itself when it cannot tell a morsel's range before reading
     * it (the default). Rows of the morsels it keeps still go through the test's operator.
     */
    default SourceOperator skipping(int column, KeyRangeTest test) {
        return this;
    }

    /** The morsel dispenser of one run. */
    interface SourceState {
        /**
         * The next morsel, or null when there are no more. THREAD-SAFE: every thread of the pipeline
         * calls it concurrently. The caller owns the returned batch.
         */
        Morsel next();
    }
}
