package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC transactions: {@code setAutoCommit(false)}, {@code commit()}, {@code rollback()}; the
 * statements of one connection share its transaction; a conflicting commit fails with SQLSTATE 40001.
 */
class JdbcTransactionTest {
    @TempDir
    Path directory;

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void autoCommitOffGroupsStatementsUntilCommitOrRollback() throws SQLException {
        String url = "jdbc:quiver:" + directory.resolve("tx.duckdb");
        try (Connection writer = DriverManager.getConnection(url);
                Connection reader = DriverManager.getConnection(url)) {
            run(writer, "CREATE TABLE t (n INTEGER)");
            writer.setAutoCommit(false);
            assertThat(writer.getAutoCommit()).isFalse();
            try (Statement first = writer.createStatement();
                    Statement second = writer.createStatement()) {
                assertThat(first.executeUpdate("INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
                // another statement of the connection sees the uncommitted rows; another connection does not
                try (ResultSet rows = second.executeQuery("SELECT count(*) FROM t")) {
                    rows.next();
                    assertThat(rows.getLong(1)).isEqualTo(2);
                }
            }
            assertThat(scalar(reader, "SELECT count(*) FROM t")).isZero();
            writer.commit();
            assertThat(scalar(reader, "SELECT count(*) FROM t")).isEqualTo(2);

            assertThat(writer.createStatement().executeUpdate("DELETE FROM t WHERE n = 1"))
                    .isEqualTo(1);
            writer.rollback();
            assertThat(scalar(writer, "SELECT count(*) FROM t")).isEqualTo(2);

            // turning auto-commit back on commits the open transaction
            run(writer, "UPDATE t SET n = n * 10");
            writer.setAutoCommit(true);
            assertThat(scalar(reader, "SELECT sum(n) FROM t")).isEqualTo(30);
        }
        // committed changes are in the file
        try (Connection reopened = DriverManager.getConnection(url)) {
            assertThat(scalar(reopened, "SELECT sum(n) FROM t")).isEqualTo(30);
        }
    }

    @Test
    void aConflictingCommitFailsWithSqlState40001() throws SQLException {
        String url = "jdbc:quiver:" + directory.resolve("conflict.duckdb");
        try (Connection first = DriverManager.getConnection(url);
                Connection second = DriverManager.getConnection(url)) {
            run(first, "CREATE TABLE balance (n INTEGER)");
            run(first, "INSERT INTO balance VALUES (100)");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            run(first, "UPDATE balance SET n = n - 10");
            run(second, "UPDATE balance SET n = n - 20");
            first.commit();
            assertThatThrownBy(second::commit)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("could not serialize access")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("40001");
            // the loser's transaction is over; run again, it succeeds on the new value
            run(second, "UPDATE balance SET n = n - 20");
            second.commit();
            assertThat(scalar(first, "SELECT n FROM balance")).isEqualTo(70);
        }
    }

    @Test
    void closingAConnectionRollsBack() throws SQLException {
        String url = "jdbc:quiver:" + directory.resolve("close.duckdb");
        try (Connection keeper = DriverManager.getConnection(url)) {
            run(keeper, "CREATE TABLE t (n INTEGER)");
            try (Connection leaver = DriverManager.getConnection(url)) {
                run(leaver, "BEGIN");
                run(leaver, "INSERT INTO t VALUES (1)");
            }
            assertThat(scalar(keeper, "SELECT count(*) FROM t")).isZero();
        }
    }
}
