package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projection and filter pushdown into DuckDB-backed scans, seen in EXPLAIN and checked against the
 * same queries without pushdown; and ATTACH's unhappy paths that DuckDB (the SQL suite's oracle)
 * would answer differently, since it can also write.
 */
class SourcePushdownTest {
    @TempDir
    Path directory;

    private Path parquet;
    private Path database;
    private Quiver pushing;
    private Quiver notPushing;

    @BeforeEach
    void open() throws Exception {
        parquet = directory.resolve("items.parquet");
        database = directory.resolve("shop.duckdb");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            statement.execute(
                    "COPY (SELECT range AS id, 'item ' || range AS name, (range * 1.25)::DECIMAL(12,2) AS price,"
                            + " CASE WHEN range % 4 = 0 THEN NULL ELSE DATE '2024-01-01' + range::INTEGER END AS sold"
                            + " FROM range(10000)) TO '" + parquet + "' (FORMAT parquet)");
            statement.execute("ATTACH '" + database + "' AS shop");
            statement.execute("CREATE TABLE shop.items AS SELECT * FROM '" + parquet + "'");
            statement.execute("DETACH shop");
        }
        pushing = Quiver.open(QuiverConfig.defaults().withThreads(2));
        notPushing = Quiver.open(QuiverConfig.defaults().withThreads(2).withSourcePushdown(false));
    }

    @AfterEach
    void close() {
        pushing.close();
        notPushing.close();
    }

    private static List<List<Object>> rows(Quiver quiver, String sql) {
        try (Session session = quiver.newSession();
                QueryResult result = session.executeScript(sql)) {
            return result.rows();
        }
    }

    @Test
    void explainShowsTheColumnsAndPredicatesDuckDbGets() {
        String plan = ExplainText.of(
                pushing,
                "SELECT sum(price) FROM read_parquet('" + parquet + "')"
                        + " WHERE sold < DATE '2024-03-01' AND id IN (1, 2, 3) AND id % 2 = 1 AND name LIKE 'item%'");
        // DuckDB reads name and sold only to filter, so they are not returned.
        assertThat(plan)
                .contains("VecFileScan(source=[parquet file '" + parquet + "'], columns=[id, price], filter=["
                        + "(\"sold\" < DATE '2024-03-01') AND (\"id\" IN (1, 2, 3)) AND (\"name\" LIKE 'item%')])");
        // The arithmetic is not DuckDB's to evaluate: it stays in a Quiver filter above the scan.
        assertThat(plan).containsPattern("VecFilter\\(condition=\\[=\\(%\\(\\$0, 2\\), 1\\)\\]\\)");
    }

    @Test
    void onlyTheNeededColumnsAreRead() {
        String plan = ExplainText.of(pushing, "SELECT count(*) FROM read_parquet('" + parquet + "')");
        assertThat(plan).contains("columns=[id]").doesNotContain("filter=");
        assertThat(ExplainText.of(pushing, "SELECT name FROM read_parquet('" + parquet + "') WHERE price > 10"))
                .contains("columns=[name], filter=[(\"price\" > 10.00)]");
    }

    @Test
    void withoutPushdownDuckDbReturnsEveryColumnAndRow() {
        String plan = ExplainText.of(notPushing, "SELECT name FROM read_parquet('" + parquet + "') WHERE id < 3");
        assertThat(plan).contains("columns=[id, name, price, sold])").doesNotContain("filter=[(");
    }

    @Test
    void pushedQueriesReturnTheRowsOfUnpushedOnes() {
        String attach = "ATTACH IF NOT EXISTS '" + database + "' AS shop (READ_ONLY); ";
        for (String source : List.of("read_parquet('" + parquet + "')", "shop.items")) {
            for (String where : List.of(
                    "id < 50",
                    "id BETWEEN 10 AND 20 AND name <> 'item 15'",
                    "id IN (3, 7, 9999, 123456)",
                    "id NOT IN (1, 2)",
                    "sold IS NULL",
                    "sold IS NOT NULL AND sold >= DATE '2024-06-01'",
                    "name LIKE 'item 99%'",
                    "price > 100.5 AND price <= 200 OR id = 1",
                    "id % 7 = 3 AND price < 50",
                    "CAST(id AS INTEGER) < 10",
                    "id = NULL",
                    "NOT (id > 5)")) {
                String query =
                        attach + "SELECT id, name, price, sold FROM " + source + " WHERE " + where + " ORDER BY id";
                assertThat(rows(pushing, query)).as(query).isEqualTo(rows(notPushing, query));
            }
        }
    }

    @Test
    void attachedTablesArePushedIntoToo() {
        try (Session session = pushing.newSession()) {
            session.execute("ATTACH '" + database + "' AS shop (READ_ONLY)").close();
            try (QueryResult result = session.execute("EXPLAIN SELECT name FROM shop.items WHERE id = 42")) {
                assertThat(result.rows().toString())
                        .contains("VecFileScan(source=[table main.items of DuckDB database '" + database
                                + "'], columns=[name], filter=[(\"id\" = 42)])");
            }
            try (QueryResult result = session.execute("SELECT name FROM shop.items WHERE id = 42")) {
                assertThat(result.rows()).containsExactly(List.of("item 42"));
            }
        }
    }

    @Test
    void attachRefusesWritingAndOtherKindsOfDatabase() {
        try (Session session = pushing.newSession()) {
            QuiverException writable = catchThrowableOfType(
                    QuiverException.class,
                    () -> session.execute("ATTACH '" + database + "' AS shop (READ_ONLY false)"));
            assertThat(writable.code()).isEqualTo(ErrorCode.UNSUPPORTED);
            assertThat(writable.getMessage()).contains("read-only");
            QuiverException sqlite = catchThrowableOfType(
                    QuiverException.class, () -> session.execute("ATTACH '" + database + "' AS shop (TYPE sqlite)"));
            assertThat(sqlite.getMessage()).contains("only DuckDB database files");
            QuiverException unknown = catchThrowableOfType(
                    QuiverException.class,
                    () -> session.execute("ATTACH '" + database + "' AS shop (ENCRYPTION_KEY 'x')"));
            assertThat(unknown.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(unknown.getMessage()).contains("unknown ATTACH option encryption_key");
            QuiverException memory = catchThrowableOfType(
                    QuiverException.class, () -> session.execute("ATTACH '" + database + "' AS memory"));
            assertThat(memory.getMessage()).contains("Quiver's own database");
            assertThat(pushing.catalog().attachedDatabases()).isEmpty();
        }
    }

    @Test
    void detachAndCloseReleaseTheFile() throws Exception {
        try (Session session = pushing.newSession()) {
            session.execute("ATTACH '" + database + "' AS shop").close();
            assertThat(pushing.catalog().attached("SHOP")).isPresent();
            session.execute("DETACH shop").close();
            assertThat(pushing.catalog().attachedDatabases()).isEmpty();
            session.execute("ATTACH '" + database + "' AS shop").close();
        }
        pushing.close();
        assertThat(pushing.catalog().attachedDatabases()).isEmpty();
        // Released: DuckDB can open the file for writing again, and it was never changed.
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + database);
                Statement statement = duckdb.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM items")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(10_000);
        }
        pushing = Quiver.open(QuiverConfig.defaults().withThreads(1)); // for close()
    }
}
