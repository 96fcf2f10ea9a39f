package dev.quiver.engine.exec.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one pipeline did in an EXPLAIN ANALYZE run: per stage (the source, each streaming operator,
 * the sink) the time spent in it — its own, not its downstream's — and the rows and batches it
 * emitted; plus the pipeline's wall time. Stage times are summed over the threads that drove it.
 *
 * <p>THREADING: the counters are updated concurrently by the pipeline's threads.
 */
public final class PipelineProfile {
    private final Pipeline pipeline;
    private final LongAdder[] nanos;
    private final LongAdder[] rows;
    private final LongAdder[] batches;
    private volatile long wallNanos;

    PipelineProfile(Pipeline pipeline) {
        this.pipeline = pipeline;
        int stages = pipeline.operators().size() + 2;
        this.nanos = adders(stages);
        this.rows = adders(stages);
        this.batches = adders(stages);
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int index = 0; index < count; index++) {
            adders[index] = new LongAdder();
        }
        return adders;
    }

    /** The pipeline profiled. */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** Stages: 0 the source, 1..n the streaming operators in order, n + 1 the sink. */
    public int stageCount() {
        return nanos.length;
    }

    /** The stage of the sink. */
    public int sinkStage() {
        return nanos.length - 1;
    }

    /** What a stage is, as the pipeline describes it. */
    public String describe(int stage) {
        if (stage == 0) {
            return pipeline.source().describe();
        }
        if (stage == sinkStage()) {
            return pipeline.sink().describe();
        }
        return pipeline.operators().get(stage - 1).describe();
    }

    void addTime(int stage, long elapsedNanos) {
        nanos[stage].add(elapsedNanos);
    }

    void addOutput(int stage, int rowCount) {
        rows[stage].add(rowCount);
        batches[stage].increment();
    }

    void setWallNanos(long value) {
        wallNanos = value;
    }

    /** Nanoseconds spent in the stage itself, summed over threads. */
    public long nanos(int stage) {
        return nanos[stage].sum();
    }

    /** Rows the stage emitted (for the sink: rows it consumed). */
    public long rows(int stage) {
        return rows[stage].sum();
    }

    /** Batches the stage emitted (for the sink: batches it consumed). */
    public long batches(int stage) {
        return batches[stage].sum();
    }

    /** Wall time from the pipeline's start until its last thread ended (and its sink finished, if last). */
    public long wallNanos() {
        return wallNanos;
    }
}
