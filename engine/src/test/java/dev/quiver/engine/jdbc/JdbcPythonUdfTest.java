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
