package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** Several statements in one execute, parameter metadata, and prepared INSERT batches run as one insert. */
class JdbcStatementFeaturesTest {
    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getLong(1);
        }
    }

    @Test
    void severalStatementsInOneExecuteGiveTheLastResult() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            assertThat(statement.execute("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);"
                            + " SELECT sum(n) FROM t"))
                    .isTrue();
            try (ResultSet rows = statement.getResultSet()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(6);
            }
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            assertThat(statement.executeUpdate("INSERT INTO t VALUES (4); INSERT INTO t VALUES (5), (6)"))
                    .isEqualTo(2);
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            try (ResultSet rows = statement.executeQuery("INSERT INTO t VALUES (7); SELECT count(*) FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void returningGivesRowsThroughExecuteQueryAndPreparedStatements() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label VARCHAR DEFAULT 'none')");
            try (ResultSet rows = statement.executeQuery("INSERT INTO t (id) VALUES (1), (2) RETURNING id, label")) {
                assertThat(rows.getMetaData().getColumnName(2)).isEqualTo("label");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).isEqualTo("none");
                assertThat(rows.next()).isTrue();
                assertThat(rows.next()).isFalse();
            }
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO t VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET label = excluded.label RETURNING *")) {
                upsert.setInt(1, 2);
                upsert.setString(2, "two");
                try (ResultSet rows = upsert.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString("label")).isEqualTo("two");
                    assertThat(rows.next()).isFalse();
                }
            }
            // without RETURNING a data change still counts rows
            assertThat(statement.executeUpdate("DELETE FROM t USING (VALUES (1)) AS s(x) WHERE t.id = s.x"))
                    .isEqualTo(1);
            assertThat(count(connection, "SELECT count(*) FROM t")).isEqualTo(1);
        }
    }

    @Test
    void aFailingStatementStopsTheRestAndEarlierOnesStayDone() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (n INTEGER)");
            assertThatThrownBy(() -> statement.execute(
                            "INSERT INTO t VALUES (1); SELECT * FROM missing;" + " INSERT INTO t VALUES (2)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("missing");
            assertThat(count(connection, "SELECT count(*) FROM t")).isEqualTo(1);
        }
    }

    @Test
    void aPreparedStatementHoldsOneStatement() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            assertThatThrownBy(() -> connection.prepareStatement("SELECT ?; SELECT 2"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("expected one statement, found 2");
        }
    }

    @Test
    void parameterMetaDataHasTheCountAndTheTypesTheContextFixes() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            connection.createStatement().execute("CREATE TABLE t (id INTEGER, name VARCHAR, price DOUBLE, sold DATE)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
                ParameterMetaData parameters = insert.getParameterMetaData();
                assertThat(parameters.getParameterCount()).isEqualTo(4);
                assertThat(parameters.getParameterType(1)).isEqualTo(Types.INTEGER);
                assertThat(parameters.getParameterType(2)).isEqualTo(Types.VARCHAR);
                assertThat(parameters.getParameterTypeName(3)).isEqualTo("DOUBLE");
                assertThat(parameters.getParameterType(4)).isEqualTo(Types.DATE);
                assertThat(parameters.getParameterClassName(1)).isEqualTo(Integer.class.getName());
                assertThat(parameters.getParameterMode(1)).isEqualTo(ParameterMetaData.parameterModeIn);
                assertThatThrownBy(() -> parameters.getParameterType(5))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("out of range");
            }
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT name FROM t WHERE id = ? AND name <> ?")) {
                ParameterMetaData parameters = query.getParameterMetaData();
                assertThat(parameters.getParameterCount()).isEqualTo(2);
                assertThat(parameters.getParameterType(1)).isEqualTo(Types.INTEGER);
                assertThat(parameters.getParameterType(2)).isEqualTo(Types.VARCHAR);
            }
            try (PreparedStatement untyped = connection.prepareStatement("SELECT ?")) {
                ParameterMetaData parameters = untyped.getParameterMetaData();
                assertThat(parameters.getParameterCount()).isEqualTo(1);
                assertThat(parameters.getParameterType(1)).isEqualTo(Types.OTHER);
                assertThat(parameters.getParameterTypeName(1)).isEqualTo("UNKNOWN");
            }
            try (PreparedStatement none = connection.prepareStatement("SELECT 1")) {
                assertThat(none.getParameterMetaData().getParameterCount()).isZero();
            }
            try (PreparedStatement invalid = connection.prepareStatement("SELECT * FROM missing WHERE x = ?")) {
                assertThatThrownBy(invalid::getParameterMetaData)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("missing");
            }
        }
    }

    @Test
    void numberedParametersAreOneParameterPerNumber() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            connection.createStatement().execute("CREATE TABLE t (id INTEGER, name VARCHAR)");
            connection.createStatement().execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT name FROM t WHERE id = $1 AND name <> $2 AND id < $1 + 1")) {
                ParameterMetaData parameters = query.getParameterMetaData();
                assertThat(parameters.getParameterCount()).isEqualTo(2);
                assertThat(parameters.getParameterType(1)).isEqualTo(Types.INTEGER);
                assertThat(parameters.getParameterType(2)).isEqualTo(Types.VARCHAR);
                query.setInt(1, 2);
                query.setString(2, "one");
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("two");
                    assertThat(rows.next()).isFalse();
                }
            }
            try (PreparedStatement sum = connection.prepareStatement("SELECT $1 + $2, ? * 2")) {
                sum.setInt(1, 1);
                sum.setInt(2, 2);
                sum.setInt(3, 5);
                try (ResultSet rows = sum.executeQuery()) {
                    // named as DuckDB names them, not after the casts that type the parameters
                    assertThat(rows.getMetaData().getColumnName(1)).isEqualTo("($1 + $2)");
                    assertThat(rows.getMetaData().getColumnName(2)).isEqualTo("($3 * 2)");
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(3);
                    assertThat(rows.getInt(2)).isEqualTo(10);
                }
            }
            try (PreparedStatement limited = connection.prepareStatement("SELECT id FROM t ORDER BY id LIMIT ?")) {
                limited.setInt(1, 1);
                try (ResultSet rows = limited.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(1);
                    assertThat(rows.next()).isFalse();
                }
            }
        }
    }

    @Test
    void aPreparedInsertBatchRunsAsOneInsert() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            connection.createStatement().execute("CREATE TABLE t (id INTEGER, name VARCHAR, price DOUBLE)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO t (id, name, price) VALUES (?, ?, ?)")) {
                for (int row = 0; row < 1000; row++) {
                    insert.setInt(1, row);
                    insert.setString(2, row % 7 == 0 ? null : "it's " + row);
                    insert.setDouble(3, row * 0.5);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                assertThat(counts).hasSize(1000).containsOnly(1);
                assertThat(insert.executeBatch()).isEmpty(); // the batch was cleared
            }
            assertThat(count(connection, "SELECT count(*) FROM t")).isEqualTo(1000);
            assertThat(count(connection, "SELECT sum(id) FROM t")).isEqualTo(999L * 1000 / 2);
            assertThat(count(connection, "SELECT count(*) FROM t WHERE name IS NULL"))
                    .isEqualTo(143);
            assertThat(count(connection, "SELECT count(*) FROM t WHERE name = 'it''s 1'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aFailingBatchInsertInsertsNothing() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            connection.createStatement().execute("CREATE TABLE t (id INTEGER NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setInt(1, 1);
                insert.addBatch();
                insert.setNull(1, Types.INTEGER);
                insert.addBatch();
                assertThatThrownBy(insert::executeBatch)
                        .isInstanceOf(BatchUpdateException.class)
                        .hasMessageContaining("none inserted")
                        .satisfies(e -> assertThat(((BatchUpdateException) e).getLargeUpdateCounts())
                                .isEmpty());
            }
            assertThat(count(connection, "SELECT count(*) FROM t")).isZero();
        }
    }

    @Test
    void otherPreparedBatchesRunRowByRow() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            connection.createStatement().execute("CREATE TABLE t (id INTEGER)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t SELECT ? + 1")) {
                for (int row = 0; row < 3; row++) {
                    insert.setInt(1, row);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
            }
            assertThat(count(connection, "SELECT sum(id) FROM t")).isEqualTo(6);
        }
    }
}
