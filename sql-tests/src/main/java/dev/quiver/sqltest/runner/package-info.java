/**
 * A sqllogictest runner for DuckDB's dialect of the format, with DuckDB as a differential oracle.
 *
 * <p>{@link dev.quiver.sqltest.runner.SltParser} turns a {@code .test} file into
 * {@link dev.quiver.sqltest.runner.SltRecord}s; {@link dev.quiver.sqltest.runner.FileRunner} runs them
 * in order against the engine under test and against the oracle, both behind
 * {@link dev.quiver.sqltest.runner.SqlEngine}; {@link dev.quiver.sqltest.runner.ResultComparison}
 * decides whether results agree. Nothing here depends on JUnit: the suite in
 * {@code src/test/java} turns outcomes into dynamic tests.
 */
package dev.quiver.sqltest.runner;
