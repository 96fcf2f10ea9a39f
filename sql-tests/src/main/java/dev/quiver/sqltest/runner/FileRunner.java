package dev.quiver.sqltest.runner;

import dev.quiver.sqltest.runner.EngineResult.Done;
import dev.quiver.sqltest.runner.EngineResult.Failed;
import dev.quiver.sqltest.runner.EngineResult.Rows;
import dev.quiver.sqltest.runner.EngineResult.Unavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs the records of one {@code .test} file, in file order, against a fresh engine under test and,
 * when there is one, a fresh oracle fed the very same statements.
 *
 * <p>For each record: skip it (on both engines) if its conditions say so; run it on the engine
 * under test and check the result against the record (success or error, expected rows); run it on
 * the oracle and check that both engines agree — both succeed or both fail, and queries return the
 * same rows ({@link ResultComparison#checkAgainstOracle}). An expected error message is checked on
 * the engine under test only, and only when it is Quiver or the record is {@code onlyif} that engine:
 * messages are written in Quiver's wording, and the oracle merely has to fail too. A record listed in
 * {@link KnownDivergences} skips the agreement check, and fails if the engines agree after all.
 *
 * <p>When the oracle cannot run a statement ({@link EngineResult.Unavailable}, e.g. {@code CALL tpch}
 * with no loader) it is detached for the rest of the file, since its data no longer matches: later
 * records are checked against the file only and reported as skipped with that reason. When the
 * engine under test cannot run one, the rest of the file is skipped.
 *
 * <p>{@code __TEST_DIR__} in a record stands for a directory of the file's own, created on first use
 * and deleted with the engines. A {@code fixture} statement runs on neither engine but on a private
 * in-memory DuckDB, to write test data there (a DuckDB database file, Parquet or CSV files) that
 * both engines then read.
 *
 * <p>Engines open on the first record that runs. Not thread-safe: one file, one thread.
 */
public final class FileRunner implements AutoCloseable {
    /** Stands for the file's own scratch directory in records, as in DuckDB's runner. */
    public static final String TEST_DIR = "__TEST_DIR__";

    /** The engine whose wording {@code statement error} messages are written in, unless marked {@code onlyif}. */
    static final String MESSAGES_ENGINE = QuiverEngine.NAME;

    private final String file;
    private final String engineName;
    private final Supplier<? extends SqlEngine> engineFactory;
    private final Supplier<? extends SqlEngine> oracleFactory;
    private final KnownDivergences divergences;

    private boolean opened;
    private boolean closed;
    private String openFailure;
    private SqlEngine engine;
    private SqlEngine oracle;
    private Path testDirectory;
    private SqlEngine fixtureWriter;
    private String oracleDetachedReason;
    private String engineUnavailableReason;

    /**
     * @param file          the file's path below the suite root, as known-divergences.txt names it
     * @param engineName    the engine under test's name, for skipif/onlyif
     * @param engineFactory opens the engine under test
     * @param oracleFactory opens the oracle, or null to run without one
     */
    public FileRunner(
            String file,
            String engineName,
            Supplier<? extends SqlEngine> engineFactory,
            Supplier<? extends SqlEngine> oracleFactory,
            KnownDivergences divergences) {
        this.file = file;
        this.engineName = engineName;
        this.engineFactory = engineFactory;
        this.oracleFactory = oracleFactory;
        this.divergences = divergences;
    }

    /** Runs one record; call in file order. */
    public Outcome run(SltRecord record) {
        Optional<String> skipReason = record.skipReason(engineName);
        if (skipReason.isPresent()) {
            return new Outcome.Skipped(skipReason.get());
        }
        if (record.sql().contains(TEST_DIR) || record instanceof QueryRecord) {
            record = record.replace(TEST_DIR, testDirectory().toString());
        }
        if (record.fixture()) {
            return runFixture(record);
        }
        if (engineUnavailableReason != null) {
            return new Outcome.Skipped(engineUnavailableReason);
        }
        open();
        if (openFailure != null) {
            return new Outcome.Failed(describe(record) + "\n" + openFailure);
        }
        EngineResult tested = engine.execute(record.sql());
        if (tested instanceof Unavailable unavailable) {
            // Later records depend on what this statement would have done: skip the rest of the file.
            engineUnavailableReason = engineName + " could not run line " + record.line() + " ("
                    + firstLine(record.sql()) + "): " + unavailable.reason();
            return new Outcome.Skipped(engineUnavailableReason);
        }
        tested = countAsRow(record, tested);
        EngineResult oracleResult = countAsRow(record, consultOracle(record));

        List<String> problems = new ArrayList<>();
        switch (record) {
            case StatementRecord statement -> checkStatement(statement, tested).ifPresent(problems::add);
            case QueryRecord query -> checkQuery(query, tested).ifPresent(problems::add);
        }
        Optional<KnownDivergences.Entry> listed = divergences.find(file, record.line());
        if (oracleResult != null) {
            Optional<String> divergence = divergence(record, tested, oracleResult);
            if (divergence.isPresent() && listed.isEmpty()) {
                problems.add("differs from " + oracle.name() + " (the oracle): " + divergence.get()
                        + "\nIf the difference is intended, add '" + file + ":" + record.line()
                        + " <reason>' to known-divergences.txt.");
            }
            if (divergence.isEmpty() && listed.isPresent()) {
                problems.add("agrees with " + oracle.name() + " now: remove '"
                        + listed.get().key() + "' from known-divergences.txt (line "
                        + listed.get().sourceLine() + ")");
            }
        }
        if (!problems.isEmpty()) {
            return new Outcome.Failed(describe(record) + "\n" + String.join("\n\n", problems));
        }
        if (oracleResult == null && oracleDetachedReason != null) {
            return new Outcome.Skipped(
                    "passed on " + engineName + ", but not compared with the oracle: " + oracleDetachedReason);
        }
        return new Outcome.Passed();
    }

    /** Runs a fixture statement on the private DuckDB; it must succeed. */
    private Outcome runFixture(SltRecord record) {
        if (fixtureWriter == null) {
            fixtureWriter = DuckDbEngine.open(List.of());
        }
        EngineResult result = fixtureWriter.execute(record.sql());
        return result instanceof Failed failed
                ? new Outcome.Failed(describe(record) + "\nthe fixture failed on DuckDB: " + failed.message())
                : new Outcome.Passed();
    }

    private Path testDirectory() {
        if (testDirectory == null) {
            try {
                testDirectory = Files.createTempDirectory("quiver-slt-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for __TEST_DIR__", e);
            }
        }
        return testDirectory;
    }

    /**
     * Closes the engines. Fails when closing does, e.g. when Quiver finds Arrow memory still allocated
     * (a leak). Later calls do nothing.
     */
    public Outcome finish() {
        if (closed) {
            return new Outcome.Passed();
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        for (SqlEngine open : new SqlEngine[] {engine, oracle, fixtureWriter}) {
            if (open == null) {
                continue;
            }
            try {
                open.close();
            } catch (RuntimeException e) {
                problems.add("closing " + open.name() + " failed: " + e);
            }
        }
        if (testDirectory != null) {
            try (Stream<Path> paths = Files.walk(testDirectory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                problems.add("deleting " + testDirectory + " failed: " + e);
            }
        }
        return problems.isEmpty()
                ? new Outcome.Passed()
                : new Outcome.Failed(file + ": " + String.join("\n", problems));
    }

    @Override
    public void close() {
        finish();
    }

    private void open() {
        if (opened) {
            return;
        }
        opened = true;
        try {
            engine = engineFactory.get();
            if (oracleFactory != null) {
                oracle = oracleFactory.get();
            }
        } catch (RuntimeException e) {
            openFailure = "cannot open the " + (engine == null ? "engine under test" : "oracle") + ": " + e;
        }
    }

    /**
     * For a {@code query} record, a statement's update count as a one-row result with a {@code Count}
     * column, as DuckDB returns it ({@code query I} over an {@code INSERT} expects the row count);
     * anything else as it is.
     */
    private static EngineResult countAsRow(SltRecord record, EngineResult result) {
        if (record instanceof QueryRecord && result instanceof Done done && done.updateCount() >= 0) {
            return new Rows(
                    List.of(new EngineResult.Column("Count", ColumnKind.INTEGER)),
                    List.of(List.of(Long.toString(done.updateCount()))));
        }
        return result;
    }

    /** The oracle's result for the record, or null when there is no oracle (any more). */
    private EngineResult consultOracle(SltRecord record) {
        if (oracle == null || oracleDetachedReason != null) {
            return null;
        }
        EngineResult result = oracle.execute(record.sql());
        if (result instanceof Unavailable unavailable) {
            oracleDetachedReason = oracle.name() + " could not run line " + record.line() + " ("
                    + firstLine(record.sql()) + "): " + unavailable.reason();
            return null;
        }
        return result;
    }

    private Optional<String> checkStatement(StatementRecord statement, EngineResult tested) {
        if (tested instanceof Failed failed) {
            if (!statement.expectError()) {
                return Optional.of(engineName + " failed: " + failed.message());
            }
            if (failed.internal()) {
                return Optional.of(engineName + " failed with an internal error, which is a bug and never the "
                        + "expected error: " + failed.message());
            }
            if (!messageIsWrittenFor(statement)) {
                return Optional.empty();
            }
            return statement
                    .expectation()
                    .mismatch(failed.message())
                    .map(problem -> engineName
                            + "'s error message " + problem + "\nexpected: " + statement.expectedError()
                            + "\nactual:   " + failed.message());
        }
        return statement.expectError()
                ? Optional.of(engineName + " succeeded, but the record expects an error")
                : Optional.empty();
    }

    /**
     * Whether the record's expected message is in the engine under test's wording: expected messages
     * are Quiver's, except in records marked {@code onlyif <engine>} for another engine. DuckDB's wording
     * differs, so when it runs a record written for Quiver it only has to fail too.
     */
    private boolean messageIsWrittenFor(StatementRecord statement) {
        return engineName.equals(MESSAGES_ENGINE)
                || statement.conditions().stream()
                        .anyMatch(condition -> condition.kind() == Condition.Kind.ONLY_IF
                                && condition.engine().equals(engineName));
    }

    private Optional<String> checkQuery(QueryRecord query, EngineResult tested) {
        return switch (tested) {
            case Failed failed -> Optional.of(engineName + " failed: " + failed.message());
            case Done done ->
                Optional.of(engineName + " returned no rows (and no update count), but the record" + " is a query");
            case Rows rows -> ResultComparison.checkExpected(query, rows).map(problem -> engineName + ": " + problem);
            case Unavailable unavailable -> throw new IllegalStateException("handled before the checks");
        };
    }

    /** How the two engines' results differ; empty when they agree. */
    private Optional<String> divergence(SltRecord record, EngineResult tested, EngineResult oracleResult) {
        boolean testedFailed = tested instanceof Failed;
        boolean oracleFailed = oracleResult instanceof Failed;
        if (testedFailed && !oracleFailed) {
            return Optional.of(engineName + " fails, " + oracle.name() + " succeeds");
        }
        if (oracleFailed && !testedFailed) {
            return Optional.of(
                    oracle.name() + " fails (" + ((Failed) oracleResult).message() + "), " + engineName + " succeeds");
        }
        if (record instanceof QueryRecord query
                && tested instanceof Rows testedRows
                && oracleResult instanceof Rows oracleRows) {
            return ResultComparison.checkAgainstOracle(
                    query.sortMode(), engineName, testedRows, oracle.name(), oracleRows);
        }
        if (record instanceof QueryRecord && (tested instanceof Rows) != (oracleResult instanceof Rows)) {
            return Optional.of("only one of " + engineName + " and " + oracle.name() + " returned rows");
        }
        return Optional.empty();
    }

    private String describe(SltRecord record) {
        String binding = record.loopBinding().isEmpty() ? "" : " [" + record.loopBinding() + "]";
        return file + ":" + record.line() + ": " + record.header() + binding + "\n" + record.sql() + "\n";
    }

    private static String firstLine(String sql) {
        int newline = sql.indexOf('\n');
        return newline < 0 ? sql : sql.substring(0, newline) + " …";
    }
}
