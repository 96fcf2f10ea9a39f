package dev.quiver.engine.exec.pipeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The profile of a query run by EXPLAIN ANALYZE: one {@link PipelineProfile} per pipeline, in the
 * order they ran, and the text EXPLAIN ANALYZE prints of them.
 */
public final class QueryProfile {
    private final Map<Pipeline, PipelineProfile> pipelines = new IdentityHashMap<>();
    private final List<PipelineProfile> inOrder = new ArrayList<>();

    /** The profile of {@code pipeline}, created as it starts. */
    synchronized PipelineProfile of(Pipeline pipeline) {
        return pipelines.computeIfAbsent(pipeline, key -> {
            PipelineProfile profile = new PipelineProfile(key);
            inOrder.add(profile);
            return profile;
        });
    }

    /** The pipelines' profiles in the order they ran. */
    public synchronized List<PipelineProfile> pipelines() {
        return List.copyOf(inOrder);
    }

    /**
     * One line per pipeline (its wall time) and per stage under it: rows and batches out, time in
     * the stage summed over threads, and that time's share of all stages' time in the query.
     */
    public List<String> lines() {
        List<PipelineProfile> profiles = pipelines();
        long total = 0;
        for (PipelineProfile profile : profiles) {
            for (int stage = 0; stage < profile.stageCount(); stage++) {
                total += profile.nanos(stage);
            }
        }
        List<String> lines = new ArrayList<>();
        for (int index = 0; index < profiles.size(); index++) {
            PipelineProfile profile = profiles.get(index);
            lines.add(String.format(Locale.ROOT, "  %d. pipeline, wall %s", index + 1, seconds(profile.wallNanos())));
            for (int stage = 0; stage < profile.stageCount(); stage++) {
                long nanos = profile.nanos(stage);
                String prefix = stage == 0 ? "" : stage == profile.sinkStage() ? "=> " : "-> ";
                lines.add(String.format(
                        Locale.ROOT,
                        "       %-10s %12d rows %8d batches %5.1f%%  %s%s",
                        seconds(nanos),
                        profile.rows(stage),
                        profile.batches(stage),
                        total == 0 ? 0.0 : 100.0 * nanos / total,
                        prefix,
                        profile.describe(stage)));
            }
        }
        return lines;
    }

    /** Nanoseconds as seconds with four decimals, like the CLI timer. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.4f s", nanos / 1e9);
    }
}
