package dev.quiver.sqltest.runner;

/**
 * A database the runner sends statements to: the engine under test or the oracle.
 *
 * <p>PROTOCOL: one engine instance serves one {@code .test} file; statements arrive in file order on
 * one thread and see each other's effects (tables created earlier exist). {@link #execute} reports
 * every outcome — rows, success, user error, bug — as an {@link EngineResult} and does not throw.
 * {@link #close} frees everything the engine holds.
 */
public interface SqlEngine extends AutoCloseable {

    /** The name {@code skipif}/{@code onlyif} lines use for this engine: {@code quiver} or {@code duckdb}. */
    String name();

    /** Runs one SQL statement. */
    EngineResult execute(String sql);

    @Override
    void close();
}
