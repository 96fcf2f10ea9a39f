package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unaliased expressions are named as DuckDB names them, in results, CTAS tables and JDBC metadata. */
class ColumnNamesSqlTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2));
        session = database.newSession();
        session.executeScript("CREATE TABLE t AS SELECT range AS x, range * 2 AS y FROM range(4)")
                .close();
    }

    @AfterEach
    void close() {
        session.close();
        database.close();
    }

    private List<String> names(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.fields().stream().map(Field::getName).toList();
        }
    }

    @Test
    void resultsNameExpressionsAsDuckDb() {
        assertThat(names("SELECT count(*), sum(x), x + y, CAST(x AS INTEGER), 1, 'abc', x FROM t GROUP BY x, y"))
                .containsExactly("count_star()", "sum(x)", "(x + y)", "CAST(x AS INTEGER)", "1", "'abc'", "x");
    }

    @Test
    void duplicateNamesStayAtTheTopAndAreSelectableFromASubquery() {
        assertThat(names("SELECT count(*), count(*) FROM t")).containsExactly("count_star()", "count_star()");
        try (QueryResult result = session.execute("SELECT \"count_star()\" + 1 AS n FROM (SELECT count(*) FROM t)")) {
            assertThat(result.rows()).containsExactly(List.of(5L));
        }
    }

    @Test
    void createTableAsKeepsTheNames() {
        session.executeScript("CREATE TABLE s AS SELECT x % 2, max(y) FROM t GROUP BY x % 2")
                .close();

        assertThat(names("SELECT * FROM s")).containsExactly("(x % 2)", "max(y)");
    }

    @Test
    void jdbcMetadataHasTheNames() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT upper('a'), 2 * 3")) {
            ResultSetMetaData meta = rows.getMetaData();
            assertThat(meta.getColumnName(1)).isEqualTo("upper('a')");
            assertThat(meta.getColumnLabel(2)).isEqualTo("(2 * 3)");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("upper('a')")).isEqualTo("A");
        }
    }

    @Test
    void columnReferencesAreNamedAsStoredAndExpressionsAsWritten() {
        session.executeScript("CREATE TABLE Mixed (MyCol INTEGER, \"Other\" INTEGER)")
                .close();

        assertThat(names("SELECT mycol, MYCOL, \"MYCOL\", m.mycol FROM mixed AS m"))
                .containsExactly("MyCol", "MyCol", "MyCol", "MyCol");
        assertThat(names("SELECT * FROM MIXED")).containsExactly("MyCol", "Other");
        assertThat(names("SELECT mycol + 1, mycol AS Renamed FROM mixed")).containsExactly("(mycol + 1)", "Renamed");
        assertThat(names("WITH Cte AS (SELECT 1 AS X) SELECT x FROM CTE")).containsExactly("X");
        assertThat(names("SELECT mycol, count(*) FROM mixed GROUP BY MYCOL")).containsExactly("MyCol", "count_star()");
    }

    @Test
    void jdbcMetadataKeepsTheStoredCase() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE Mixed (MyCol INTEGER)");
            statement.execute("INSERT INTO mixed VALUES (7)");
            try (ResultSet rows = statement.executeQuery("SELECT mycol FROM MIXED")) {
                assertThat(rows.getMetaData().getColumnName(1)).isEqualTo("MyCol");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("MYCOL")).isEqualTo(7);
            }
            try (ResultSet columns = connection.getMetaData().getColumns(null, null, "Mixed", null)) {
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("TABLE_NAME")).isEqualTo("Mixed");
                assertThat(columns.getString("COLUMN_NAME")).isEqualTo("MyCol");
            }
        }
    }
}
