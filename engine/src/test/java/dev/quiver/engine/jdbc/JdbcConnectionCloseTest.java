package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a connection closes what the application left open — metadata result sets, query result
 * sets, statements, prepared statements — and frees their memory instead of failing with a leak.
 */
class JdbcConnectionCloseTest {
    @TempDir
    Path directory;

    @Test
    void metadataResultSetsLeftOpenAreClosedWithTheConnection() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:quiver:");
        connection.createStatement().execute("CREATE TABLE t (n INTEGER, s VARCHAR)");
        ResultSet tables = connection.getMetaData().getTables(null, null, "%", null);
        ResultSet columns = connection.getMetaData().getColumns(null, null, "t", "%");
        ResultSet types = connection.getMetaData().getTypeInfo();
        assertThat(tables.next()).isTrue();
        // A private in-memory database checks on release that every query's memory was freed.
        assertThatCode(connection::close).doesNotThrowAnyException();
        assertThat(tables.isClosed()).isTrue();
        assertThat(columns.isClosed()).isTrue();
        assertThat(types.isClosed()).isTrue();
    }

    @Test
    void aMetadataResultSetClosedByTheApplicationIsForgotten() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            for (int round = 0; round < 3; round++) {
                try (ResultSet schemas = connection.getMetaData().getSchemas()) {
                    assertThat(schemas.next()).isTrue();
                }
            }
            QuiverConnection quiver = connection.unwrap(QuiverConnection.class);
            assertThat(quiver.openMetadataResults()).isZero();
        }
    }

    @Test
    void queryResultSetsAndPreparedStatementsLeftOpenAreClosedWithTheConnection() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:quiver:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT range AS n, 'x' || range AS s FROM range(10000)");
        assertThat(rows.next()).isTrue();
        PreparedStatement prepared = connection.prepareStatement("SELECT ? + n FROM range(100) AS r(n)");
        prepared.setInt(1, 5);
        ResultSet preparedRows = prepared.executeQuery();
        PreparedStatement neverRun = connection.prepareStatement("SELECT ?");
        ResultSet metadata = connection.getMetaData().getCatalogs();
        assertThatCode(connection::close).doesNotThrowAnyException();
        assertThat(rows.isClosed()).isTrue();
        assertThat(statement.isClosed()).isTrue();
        assertThat(preparedRows.isClosed()).isTrue();
        assertThat(prepared.isClosed()).isTrue();
        assertThat(neverRun.isClosed()).isTrue();
        assertThat(metadata.isClosed()).isTrue();
    }

    @Test
    void aSharedDatabaseOutlivesAConnectionClosedWithResultsOpen() throws SQLException {
        String url = "jdbc:quiver:" + directory.resolve("shared.duckdb");
        try (Connection keeper = DriverManager.getConnection(url)) {
            Connection leaky = DriverManager.getConnection(url);
            leaky.createStatement().execute("CREATE TABLE t AS SELECT range AS n FROM range(5)");
            ResultSet open = leaky.createStatement().executeQuery("SELECT n FROM t");
            ResultSet tables = leaky.getMetaData().getTables(null, null, "%", null);
            assertThatCode(leaky::close).doesNotThrowAnyException();
            assertThat(open.isClosed()).isTrue();
            assertThat(tables.isClosed()).isTrue();
            try (Statement statement = keeper.createStatement();
                    ResultSet sum = statement.executeQuery("SELECT sum(n) FROM t")) {
                assertThat(sum.next()).isTrue();
                assertThat(sum.getLong(1)).isEqualTo(10);
            }
        }
        // The last connection released the shared database; it closes without a leak and reopens.
        try (Connection reopened = DriverManager.getConnection(url);
                ResultSet rows = reopened.createStatement().executeQuery("SELECT count(*) FROM t")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(5);
        }
    }
}
