package dev.quiver.engine.exec.pipeline;

/**
 * A test of a whole morsel by the range of one key column, made by its source before reading it:
 * whether any value in the range may pass. A hash join's filter placed right after the source
 * answers it from its finished build side, so a scan skips the stored batches none of whose keys
 * can match (see {@link SourceOperator#skipping}).
 *
 * <p>THREADING: called by the source's {@code open}, after the pipelines this one depends on
 * finished; may be called from any thread.
 */
public interface KeyRangeTest {
    /**
     * False only when no row whose key (in its long form) lies in [{@code min}, {@code max}] can
     * pass; true when one may.
     */
    boolean mayPassAny(QueryState query, long min, long max);
}
