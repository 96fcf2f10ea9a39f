package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Errors reach JDBC with Quiver's SQLSTATE and message; cancel and query timeouts stop long queries. */
class JdbcErrorsTest {
    /** 4·10^10 row pairs: minutes of work, so only a cancel ends it within the test. */
    private static final String LONG_QUERY =
            "SELECT count(*) FROM range(200000) a, range(200000) b WHERE a.range + b.range > 3";

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:quiver:?threads=2");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private SQLException failure(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected " + sql + " to fail");
    }

    @Test
    void sqlStates() {
        SQLException syntax = failure("SELEC 1");
        assertThat((Throwable) syntax)
                .isInstanceOf(SQLSyntaxErrorException.class)
                .hasMessageContaining("Syntax error");
        assertThat(syntax.getSQLState()).isEqualTo("42601");

        SQLException unknownTable = failure("SELECT * FROM nowhere");
        assertThat((Throwable) unknownTable)
                .isInstanceOf(SQLSyntaxErrorException.class)
                .hasMessageContaining("nowhere");
        assertThat(unknownTable.getSQLState()).isEqualTo("42P01");

        SQLException division = failure("SELECT range % (range - range) FROM range(3)");
        assertThat((Throwable) division).isInstanceOf(SQLDataException.class).hasMessageContaining("Division by zero");
        assertThat(division.getSQLState()).isEqualTo("22012");
    }

    @Test
    void cancelFromAnotherThread() throws Exception {
        Statement statement = connection.createStatement();
        CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
            try {
                statement.executeQuery(LONG_QUERY);
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        assertThat(running).isNotDone();
        long start = System.nanoTime();
        SQLException cancelled = cancelUntilStopped(statement, running);
        assertThat((Throwable) cancelled).isNotNull().hasMessageContaining("cancelled by Statement.cancel()");
        assertThat(cancelled.getSQLState()).isEqualTo("57014");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        assertStillWorks(statement);
    }

    /**
     * Cancels until the query stops. A cancel that comes before the query has started does nothing, and
     * JDBC shows no sign of the start, so the cancel is repeated rather than timed with a sleep.
     */
    private static SQLException cancelUntilStopped(Statement statement, CompletableFuture<SQLException> running)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            statement.cancel();
            try {
                return running.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the query did not stop within 30 s of cancelling", e);
                }
            }
        }
    }

    @Test
    void queryTimeout() throws SQLException {
        Statement statement = connection.createStatement();
        statement.setQueryTimeout(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> statement.executeQuery(LONG_QUERY))
                .isInstanceOf(SQLTimeoutException.class)
                .hasMessageContaining("query timeout of 1 s")
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("57014");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(15));
        assertStillWorks(statement); // the timeout applies to each execution; this one is quick
    }

    private void assertStillWorks(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM range(10)")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(10);
        }
        try (Statement other = connection.createStatement();
                ResultSet result = other.executeQuery("SELECT 1")) {
            assertThat(result.next()).isTrue();
        }
    }
}
