package dev.quiver.engine.exec.operator.aggregate;

/**
 * The running value of one aggregate over some rows (one group, or one node of a window's segment
 * tree). Not thread-safe.
 *
 * <p>The growth results feed the query's memory limit: states that hold values (mode, quantiles,
 * string_agg) return about the heap bytes they added; fixed-size states return 0.
 */
public interface AggregateState {
    /**
     * Adds one row. {@code arguments} holds exactly the call's argument values in order (null for
     * NULL; ORDER BY keys are never among them); the array is reused for the next row, so a state
     * that keeps it must copy it.
     *
     * @return about how many heap bytes the state grew by
     */
    long add(Object[] arguments);

    /**
     * Adds every row {@code other} (a state of the same kernel) has seen. INVARIANT: {@code other}
     * is left as it was — a window's segment tree merges one node into many frames.
     *
     * @return about how many heap bytes this state grew by
     */
    long merge(AggregateState other);

    /** The aggregate's value over the rows seen, as a VectorWriter value; null for NULL. */
    Object result();
}
