package dev.quiver.sqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.source.DuckDbWriter;
import dev.quiver.engine.source.TpcdsGenerator;
import dev.quiver.sqltest.runner.DuckDbEngine;
import dev.quiver.sqltest.runner.EngineResult;
import dev.quiver.sqltest.runner.QuiverEngine;
import dev.quiver.sqltest.runner.ResultComparison;
import dev.quiver.sqltest.runner.SortMode;
import dev.quiver.sqltest.runner.TpchHook;
import dev.quiver.sqltest.tpcds.TpcdsQueries;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The TPC-DS queries at SF 0.01 on Quiver, each compared with DuckDB's answer over the same rows:
 * the tables are generated once ({@link TpcdsGenerator}) and loaded into both engines.
 *
 * <p>Rows are compared as a multiset ({@link SortMode#ROWSORT}) with the suite's oracle rule for
 * DOUBLE tolerance, so an ORDER BY with ties may list equal rows in either order. Queries Quiver
 * cannot answer yet are in {@link #KNOWN_FAILURES} with the reason: they are reported as skipped
 * (aborted) while they still fail, and fail the test once they pass, so the list stays true.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpcdsQueriesTest {
    private static final double SCALE_FACTOR = 0.01;

    /** A query that runs longer is cancelled and counts as failed. */
    private static final long QUERY_TIMEOUT_SECONDS = 60;

    /** Queries that do not give DuckDB's answer yet, and why. Remove an entry when it passes. */
    private static final Map<String, String> KNOWN_FAILURES = Map.ofEntries();

    private QuiverEngine quiver;
    private DuckDbEngine duckdb;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tpcds-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    @BeforeAll
    void loadBothEngines() {
        Quiver database = Quiver.open();
        quiver = QuiverEngine.over(database);
        List<MemoryTable> tables = TpcdsGenerator.generate(
                SCALE_FACTOR, database.config().batchRows(), database.config().threads(), database.storageAllocator());
        tables.forEach(database.catalog()::createOrReplace); // the catalog owns them now
        duckdb = DuckDbEngine.open(List.of(TpchHook.loadingWith(
                "tpcds",
                (scaleFactor, connection) -> DuckDbWriter.createTables(
                        connection.unwrap(DuckDBConnection.class), tables, database.storageAllocator()))));
        assertThat(duckdb.execute("CALL tpcds(" + SCALE_FACTOR + ")")).isInstanceOf(EngineResult.Done.class);
    }

    @AfterAll
    void close() {
        watchdog.shutdownNow();
        if (duckdb != null) {
            duckdb.close();
        }
        if (quiver != null) {
            quiver.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> queriesGiveDuckDbsAnswers() {
        return TpcdsQueries.all().stream().map(query -> DynamicTest.dynamicTest(query.name(), () -> check(query)));
    }

    private void check(TpcdsQueries.Query query) {
        EngineResult expected = duckdb.execute(query.sql());
        if (!(expected instanceof EngineResult.Rows oracle)) {
            fail("DuckDB cannot run " + query.name() + " (add a rewrite in TpcdsQueries): " + expected);
            return;
        }
        ScheduledFuture<?> timeout = watchdog.schedule(quiver::cancel, QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        EngineResult actual;
        try {
            actual = quiver.execute(query.sql());
        } finally {
            timeout.cancel(false);
        }
        Optional<String> problem = actual instanceof EngineResult.Rows rows
                ? ResultComparison.checkAgainstOracle(SortMode.ROWSORT, "quiver", rows, "duckdb", oracle)
                : Optional.of("Quiver: " + actual);
        String knownReason = KNOWN_FAILURES.get(query.name());
        if (knownReason != null) {
            assertThat(problem)
                    .as("%s gives DuckDB's answer now: remove it from KNOWN_FAILURES", query.name())
                    .isPresent();
            Assumptions.abort("known failure (" + knownReason + "): " + firstLine(problem.orElseThrow()));
        }
        problem.ifPresent(message -> fail(query.name() + ": " + message));
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
