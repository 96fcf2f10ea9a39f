package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.testing.StartSignal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python functions through JDBC: defined and called with parameters, their errors, timeouts and cancel. */
class JdbcPythonUdfTest {
    private Connection connection;
    private StartSignal spinStarted;

    @BeforeEach
    void open(@TempDir Path signalDirectory) throws SQLException {
        spinStarted = StartSignal.in(signalDirectory);
        connection = DriverManager.getConnection("jdbc:quiver:?threads=2&interpreters=2");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION greet(name VARCHAR, times INTEGER) RETURNS VARCHAR LANGUAGE PYTHON"
                    + " AS $$ return ('hello ' + name + ' ') * times $$");
            statement.execute("CREATE FUNCTION inverse(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$\n"
                    + "def inverse(x):\n    return 1 / x\n$$");
            statement.execute("CREATE FUNCTION spin(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                    + spinStarted.pythonStatement() + "\nwhile True:\n    pass\n$$");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void preparedStatementsPassParametersToPythonFunctions() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT greet(?, ?)")) {
            statement.setString(1, "o'brien");
            statement.setInt(2, 2);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("hello o'brien hello o'brien ");
            }
            statement.setString(1, "ada");
            statement.setInt(2, 1);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("hello ada ");
            }
        }
    }

    @Test
    void aPythonExceptionIsAnSqlExceptionWithItsTraceback() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            SQLException error = catchThrowableOfType(
                    SQLException.class,
                    () -> statement.executeQuery("SELECT inverse(CAST(range AS DOUBLE)) FROM range(3)"));
            assertThat(error.getSQLState()).isEqualTo("38000");
            assertThat(error.getMessage()).contains("inverse", "ZeroDivisionError", "return 1 / x");
            SQLException definition = catchThrowableOfType(
                    SQLException.class,
                    () -> statement.execute(
                            "CREATE FUNCTION broken(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\ndef broken(x):\n  return (\n$$"));
            assertThat(definition.getSQLState()).isEqualTo("42P13");
            assertThat(definition.getMessage()).contains("SyntaxError");
            assertStillWorks(statement);
        }
    }

    @Test
    void aQueryTimeoutStopsAStuckPythonFunction() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            SQLException error = catchThrowableOfType(
                    SQLException.class, () -> statement.executeQuery("SELECT sum(spin(range)) FROM range(100000)"));
            assertThat((Throwable) error).isInstanceOf(SQLTimeoutException.class);
            assertThat(error.getSQLState()).isEqualTo("57014");
            statement.setQueryTimeout(0);
            assertStillWorks(statement);
        }
    }

    /**
     * A call inside one long C call ignores the interrupt: after the cancel grace its interpreter is
     * abandoned, and the query still ends as a timeout (57014), not as an internal error about
     * memory its batch still held. The C call ends by itself after a while (the abandoned thread
     * runs at the lowest priority meanwhile).
     */
    @Test
    void aQueryTimeoutEndsACallStuckInOneCCallAsATimeout() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION c_spin(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                    + spinStarted.pythonStatement() + "\nreturn sum(range(10 ** 10)) + x\n$$");
            statement.setQueryTimeout(1);
            for (String query :
                    new String[] {"SELECT c_spin(range) FROM range(10)", "SELECT sum(c_spin(range)) FROM range(10)"}) {
                SQLException error = catchThrowableOfType(SQLException.class, () -> {
                    try (ResultSet result = statement.executeQuery(query)) {
                        while (result.next()) {
                            // the timeout may also come while the rows stream
                        }
                    }
                });
                assertThat((Throwable) error).as(query).isNotNull();
                assertThat(error.getSQLState()).as(error.getMessage()).isEqualTo("57014");
                assertThat(error.getMessage()).doesNotContain("leaked");
                statement.execute("CREATE OR REPLACE FUNCTION c_spin(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + spinStarted.pythonStatement() + "\nreturn sum(range(10 ** 10)) + x\n$$"); // no longer refused
            }
            statement.setQueryTimeout(0);
            assertStillWorks(statement);
        }
    }

    /** The same under the session's statement_timeout. */
    @Test
    void statementTimeoutEndsACallStuckInOneCCallAsATimeout() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION c_spin(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                    + "return sum(range(10 ** 10)) + x\n$$");
            statement.execute("SET statement_timeout = 1000");
            SQLException error = catchThrowableOfType(
                    SQLException.class, () -> statement.executeQuery("SELECT sum(c_spin(range)) FROM range(10)"));
            assertThat((Throwable) error).isNotNull();
            assertThat(error.getSQLState()).as(error.getMessage()).isEqualTo("57014");
            assertThat(error.getMessage()).contains("statement_timeout").doesNotContain("leaked");
            statement.execute("RESET statement_timeout");
            assertStillWorks(statement);
        }
    }

    @Test
    void cancelStopsAStuckPythonFunctionFromAnotherThread() throws Exception {
        try (Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                    SQLException.class, () -> statement.executeQuery("SELECT sum(spin(range)) FROM range(100000)")));
            spinStarted.await(1, Duration.ofSeconds(30)); // Python runs: the cancel must stop it
            statement.cancel();
            SQLException cancelled = running.get(30, TimeUnit.SECONDS);
            assertThat((Throwable) cancelled).isNotNull();
            assertThat(cancelled.getSQLState()).isEqualTo("57014");
            assertStillWorks(statement);
        }
    }

    private static void assertStillWorks(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT greet('again', 1), inverse(4)")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("hello again ");
            assertThat(result.getDouble(2)).isEqualTo(0.25);
        }
    }
}
