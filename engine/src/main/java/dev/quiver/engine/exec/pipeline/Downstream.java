package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.exec.Batch;
import java.util.function.Consumer;

/**
 * The rest of a pipeline as a {@link StreamOperator} sees it: it takes batches, and says when it
 * needs no more of them (a satisfied LIMIT, a cancelled query), so that an operator emitting many
 * batches for one input batch — a table function's generator — can stop early instead of
 * producing rows nobody reads.
 */
public interface Downstream extends Consumer<Batch> {
    /** Whether the pipeline needs no more rows. Read from the operator's thread between batches. */
    boolean isSatisfied();

    /** Whether {@code downstream} is a {@link Downstream} that needs no more rows; false for a plain consumer. */
    static boolean isSatisfied(Consumer<Batch> downstream) {
        return downstream instanceof Downstream rest && rest.isSatisfied();
    }
}
