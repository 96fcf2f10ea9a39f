package dev.quiver.engine.exec.operator.aggregate;

/**
 * A built-in aggregate function's runtime logic, defined once and used by the hash aggregate
 * ({@link KernelAccumulator}) and the window operator (a segment tree of states): it makes
 * {@link AggregateState}s, which take rows, merge, and give the result. Immutable and shared by
 * every thread; the states it makes are confined to one thread at a time.
 *
 * <p>Argument values reach the states as {@link ValueReader} reads them (Long for integers, Double,
 * BigDecimal, String, Boolean, byte[], Integer days for DATE, Long microseconds for TIMESTAMP), and
 * results leave as {@code exec.vector.VectorWriter} writes them.
 */
public interface AggregateKernel {
    /** The function's name, lower case, for plans and errors. */
    String name();

    /** A state holding no rows; its {@link AggregateState#result} is the result over no rows. */
    AggregateState newState();

    /**
     * Whether rows with a NULL argument are left out before a state sees them (most functions);
     * false for those that see NULLs ({@code first}, {@code arg_min_null}), whose states then
     * check themselves.
     */
    default boolean skipsNullRows() {
        return true;
    }
}
