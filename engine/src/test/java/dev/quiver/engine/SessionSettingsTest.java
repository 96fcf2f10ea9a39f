package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SET / RESET take effect: statement_timeout cancels, memory_limit limits, settings are per session. */
class SessionSettingsTest {
    private Quiver database;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Object scalar(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows().getFirst().getFirst();
        }
    }

    @Test
    void statementTimeoutCancelsALongStatementAndNotTheNextOne() {
        try (Session session = database.newSession()) {
            session.execute("SET statement_timeout = '2s'").close();
            long start = System.nanoTime();
            assertThatThrownBy(() -> session.execute(
                            "SELECT count(*) FROM range(100000) a, range(100000) b WHERE a.range + b.range = -1"))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED))
                    .hasMessageContaining("statement_timeout (2000 ms)");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(30_000);
            assertThat(scalar(session, "SELECT 42")).isEqualTo(42);
            session.execute("RESET statement_timeout").close();
            assertThat(scalar(session, "SELECT current_setting('statement_timeout')"))
                    .isEqualTo(0L);
        }
    }

    @Test
    void statementTimeoutStopsALongPlanning() {
        // EXPLAIN plans and runs nothing: only planning can observe the timeout. 20,000 IN-list items
        // over 12 joined tables plan for seconds (validation, conversion, rewrites, join order).
        String tables = IntStream.range(0, 12)
                .mapToObj(index -> "range(2) t" + index + "(x" + index + ")")
                .collect(Collectors.joining(", "));
        String joins = IntStream.range(0, 11)
                .mapToObj(index -> "x" + index + " = x" + (index + 1))
                .collect(Collectors.joining(" AND "));
        String list = IntStream.range(0, 20_000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String explain =
                "EXPLAIN SELECT count(*) FROM " + tables + " WHERE " + joins + " AND x0 + x11 IN (" + list + ")";
        try (Session session = database.newSession()) {
            session.execute("SET statement_timeout = 100").close();
            long start = System.nanoTime();
            assertThatThrownBy(() -> session.execute(explain))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED))
                    .hasMessageContaining("statement_timeout (100 ms)");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
            // the session works on; without the 100 ms limit, which a loaded machine's plan of SELECT 42 can pass
            session.execute("RESET statement_timeout").close();
            assertThat(scalar(session, "SELECT 42")).isEqualTo(42);
        }
    }

    @Test
    void memoryLimitLimitsTheSessionsQueries() {
        try (Session limited = database.newSession();
                Session other = database.newSession()) {
            limited.execute("SET memory_limit = '1MB'").close();
            String big = "SELECT count(DISTINCT range) FROM range(2000000)";
            assertThatThrownBy(() -> limited.execute(big))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_LIMIT));
            assertThat(scalar(other, big)).isEqualTo(2_000_000L);
        }
    }

    @Test
    void settingsArePerSessionAndGlobalOnesAreShared() {
        try (Session first = database.newSession();
                Session second = database.newSession()) {
            first.execute("SET threads = 1").close();
            assertThat(scalar(first, "SELECT current_setting('threads')")).isEqualTo(1L);
            assertThat(scalar(second, "SELECT current_setting('threads')")).isEqualTo(2L);
            first.execute("SET GLOBAL statement_timeout = '2min'").close();
            assertThat(scalar(second, "SELECT current_setting('statement_timeout')"))
                    .isEqualTo(120_000L);
            try (QueryResult listing = second.execute("SELECT name, value FROM duckdb_settings() ORDER BY name")) {
                assertThat(listing.rows()).contains(List.of("statement_timeout", "120000"), List.of("threads", "2"));
            }
        }
    }

    @Test
    void ieeeFloatingPointOpsOffMakesDomainErrorsInThatSessionOnly() {
        try (Session strict = database.newSession();
                Session other = database.newSession()) {
            strict.execute("SET ieee_floating_point_ops = false").close();
            assertThatThrownBy(() -> strict.execute("SELECT ln(x) FROM (VALUES (1.0), (0.0)) t(x)"))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW))
                    .hasMessageContaining("cannot take logarithm of zero");
            assertThat(scalar(strict, "SELECT current_setting('ieee_floating_point_ops')"))
                    .isEqualTo(false);
            assertThat(scalar(other, "SELECT ln(0)")).isEqualTo(Double.NEGATIVE_INFINITY);
            // the session survives the error, and RESET brings IEEE 754 back
            assertThat(scalar(strict, "SELECT sqrt(4)")).isEqualTo(2.0);
            strict.execute("RESET ieee_floating_point_ops").close();
            assertThat((Double) scalar(strict, "SELECT sqrt(-1)")).isNaN();
        }
    }
}
