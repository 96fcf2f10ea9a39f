package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.Quiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's URL forms, DriverManager registration, settings and the connection's transaction rules. */
class JdbcDriverTest {
    @TempDir
    Path directory;

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getLong(1);
        }
    }

    @Test
    void driverManagerFindsTheDriver() throws SQLException {
        assertThat(DriverManager.getDriver("jdbc:quiver:")).isInstanceOf(QuiverDriver.class);
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            assertThat(count(connection, "SELECT 41 + 1")).isEqualTo(42);
        }
        QuiverDriver driver = new QuiverDriver();
        assertThat(driver.acceptsURL("jdbc:duckdb:")).isFalse();
        assertThat(driver.connect("jdbc:duckdb:", new Properties())).isNull();
    }

    @Test
    void inMemoryConnectionsArePrivate() throws SQLException {
        try (Connection first = DriverManager.getConnection("jdbc:quiver:");
                Connection second = DriverManager.getConnection("jdbc:quiver::memory:")) {
            first.createStatement().execute("CREATE TABLE t AS SELECT range AS n FROM range(3)");
            assertThat(count(first, "SELECT count(*) FROM t")).isEqualTo(3);
            assertThatThrownBy(() -> count(second, "SELECT count(*) FROM t"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("t");
        }
    }

    @Test
    void connectionsToOnePathShareTheDatabaseAndItOutlivesThem() throws SQLException {
        String url = "jdbc:quiver:" + directory.resolve("shared.duckdb");
        try (Connection first = DriverManager.getConnection(url);
                Connection second = DriverManager.getConnection(url)) {
            assertThat(first.unwrap(Quiver.class)).isSameAs(second.unwrap(Quiver.class));
            try (Statement statement = first.createStatement()) {
                statement.executeUpdate("CREATE TABLE t (n INTEGER)");
                assertThat(statement.executeUpdate("INSERT INTO t VALUES (1), (2)"))
                        .isEqualTo(2);
            }
            assertThat(count(second, "SELECT sum(n) FROM t")).isEqualTo(3);
        }
        try (Connection reopened = DriverManager.getConnection(url)) {
            assertThat(count(reopened, "SELECT sum(n) FROM t")).isEqualTo(3);
        }
    }

    @Test
    void settingsInTheUrlAndAsProperties() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:?threads=1&interpreters=1")) {
            assertThat(connection.unwrap(Quiver.class).config().threads()).isEqualTo(1);
        }
        Properties properties = new Properties();
        properties.setProperty("threads", "3");
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:", properties)) {
            assertThat(connection.unwrap(Quiver.class).config().threads()).isEqualTo(3);
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:quiver:?thread=2"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("unknown setting 'thread'")
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("08001");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:quiver:?threads=zero"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("threads");
    }

    @Test
    void autoCommitByDefaultAndTransactionsWhenOff() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.getMetaData().supportsTransactions()).isTrue();
            assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class);
            connection.setReadOnly(true); // a hint, ignored
            assertThat(connection.isValid(1)).isTrue();
            Statement statement = connection.createStatement();
            connection.close();
            assertThat(statement.isClosed()).isTrue();
            assertThat(connection.isValid(1)).isFalse();
            assertThatThrownBy(connection::createStatement)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Connection is closed");
        }
    }
}
