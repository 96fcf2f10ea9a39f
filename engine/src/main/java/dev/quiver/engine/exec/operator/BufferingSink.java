package dev.quiver.engine.exec.operator;

import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;

/**
 * A breaker that works only once all its input is in (sort, window, spool, a recursive CTE's seed,
 * a Python table function's table input): each thread keeps its non-empty morsels, and combining
 * moves them into one buffer of the run's state.
 *
 * @param <G> state shared by the run, holding the buffer
 */
public interface BufferingSink<G extends AutoCloseable> extends SinkOperator<G, MorselBuffer> {
    /** The buffer in the run's state that every thread's morsels are moved into. */
    MorselBuffer buffer(G global);

    @Override
    default MorselBuffer createLocal(G global, QueryState query) {
        return new MorselBuffer();
    }

    @Override
    default void consume(MorselBuffer local, Morsel morsel, QueryState query) {
        if (morsel.batch().rowCount() == 0) { // nothing to keep: an empty batch only costs memory
            morsel.batch().close();
            return;
        }
        local.add(morsel);
    }

    @Override
    default void combine(G global, MorselBuffer local, QueryState query) {
        buffer(global).addAll(local);
    }
}
