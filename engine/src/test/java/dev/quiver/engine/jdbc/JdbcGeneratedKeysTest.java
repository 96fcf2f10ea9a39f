package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** getGeneratedKeys: a data change asked for keys returns its changed rows (RETURNING). */
class JdbcGeneratedKeysTest {
    private static Connection withTable() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:quiver:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label VARCHAR DEFAULT 'none')");
        }
        return connection;
    }

    private static List<String> rows(ResultSet keys) throws SQLException {
        List<String> rows = new ArrayList<>();
        int columns = keys.getMetaData().getColumnCount();
        while (keys.next()) {
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= columns; column++) {
                row.add(keys.getString(column));
            }
            rows.add(String.join("|", row));
        }
        return rows;
    }

    @Test
    void returnGeneratedKeysGivesEveryColumnOfTheInsertedRowsAndTheCount() throws SQLException {
        try (Connection connection = withTable();
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(
                            "INSERT INTO t (id) VALUES (1), (2); -- two rows", Statement.RETURN_GENERATED_KEYS))
                    .isEqualTo(2);
            try (ResultSet keys = statement.getGeneratedKeys()) {
                assertThat(keys.getMetaData().getColumnCount()).isEqualTo(2);
                assertThat(keys.getMetaData().getColumnName(1)).isEqualTo("id");
                assertThat(rows(keys)).containsExactly("1|none", "2|none");
            }
            assertThat(statement.execute("INSERT INTO t VALUES (3, 'c')", Statement.RETURN_GENERATED_KEYS))
                    .isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(1);
            assertThat(rows(statement.getGeneratedKeys())).containsExactly("3|c");
        }
    }

    @Test
    void namedColumnsAndAnExistingReturningClauseChooseTheKeys() throws SQLException {
        try (Connection connection = withTable();
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b')", new String[] {"ID"}))
                    .isEqualTo(2);
            try (ResultSet keys = statement.getGeneratedKeys()) {
                assertThat(keys.getMetaData().getColumnCount()).isEqualTo(1);
                assertThat(rows(keys)).containsExactly("1", "2");
            }
            assertThat(statement.executeUpdate(
                            "UPDATE t SET label = 'z' WHERE id = 2 RETURNING label, id * 10 AS ten",
                            Statement.RETURN_GENERATED_KEYS))
                    .isEqualTo(1);
            assertThat(rows(statement.getGeneratedKeys())).containsExactly("z|20");
            assertThat(statement.executeUpdate("DELETE FROM t WHERE id = 1", Statement.RETURN_GENERATED_KEYS))
                    .isEqualTo(1);
            assertThat(rows(statement.getGeneratedKeys())).containsExactly("1|a");
        }
    }

    @Test
    void preparedStatementsReturnKeysPerExecution() throws SQLException {
        try (Connection connection = withTable();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO t VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS);
                PreparedStatement named =
                        connection.prepareStatement("INSERT INTO t VALUES (?, 'n')", new String[] {"label", "id"})) {
            insert.setInt(1, 7);
            insert.setString(2, "seven");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            assertThat(rows(insert.getGeneratedKeys())).containsExactly("7|seven");
            insert.setInt(1, 8);
            assertThat(insert.execute()).isFalse();
            assertThat(rows(insert.getGeneratedKeys())).containsExactly("8|seven");
            named.setInt(1, 9);
            named.executeUpdate();
            assertThat(rows(named.getGeneratedKeys())).containsExactly("n|9");
            assertThatThrownBy(() -> insert.executeUpdate("DELETE FROM t", Statement.RETURN_GENERATED_KEYS))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void withoutKeysOrForOtherStatementsTheKeysAreEmpty() throws SQLException {
        try (Connection connection = withTable();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO t VALUES (1, 'a')");
            assertThat(rows(statement.getGeneratedKeys())).isEmpty();
            statement.executeUpdate("INSERT INTO t VALUES (2, 'b')", Statement.NO_GENERATED_KEYS);
            assertThat(rows(statement.getGeneratedKeys())).isEmpty();
            assertThat(statement.execute("SELECT count(*) FROM t", Statement.RETURN_GENERATED_KEYS))
                    .isTrue();
            try (ResultSet count = statement.getResultSet()) {
                assertThat(count.next()).isTrue();
                assertThat(count.getInt(1)).isEqualTo(2);
            }
            assertThat(rows(statement.getGeneratedKeys())).isEmpty();
            assertThat(statement.executeUpdate("DELETE FROM t WHERE id = 99", Statement.RETURN_GENERATED_KEYS))
                    .isZero();
            assertThat(rows(statement.getGeneratedKeys())).isEmpty();
        }
    }

    @Test
    void badRequestsForKeysAreClearErrors() throws SQLException {
        try (Connection connection = withTable();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO t VALUES (1, 'a')", 42))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("RETURN_GENERATED_KEYS");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO t VALUES (1, 'a')", new String[0]))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("at least one key column");
            assertThatThrownBy(() -> statement.executeUpdate(
                            "INSERT INTO t VALUES (1, 'a'); INSERT INTO t VALUES (2, 'b')",
                            Statement.RETURN_GENERATED_KEYS))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("exactly one statement");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO t VALUES (1, 'a')", new String[] {"nope"}))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("nope");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO t VALUES (1, 'a')", new int[] {1}))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            // The failed statements inserted nothing.
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM t")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getInt(1)).isZero();
            }
        }
    }
}
