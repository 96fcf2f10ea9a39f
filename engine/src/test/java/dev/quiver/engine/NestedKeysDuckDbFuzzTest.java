package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random nested values (lists of structs of lists, NULLs at every level, ties) read from text,
 * ordered, grouped, compared and joined by Quiver and by DuckDB: the answers must be the same.
 */
@Tag("slow") // two engines over a few hundred random values: ~20 s on a loaded machine
class NestedKeysDuckDbFuzzTest {
    private static final String TYPE = "STRUCT(a INTEGER[], b VARCHAR)[]";

    private Quiver database;
    private Session session;
    private Connection duckdb;

    @BeforeEach
    void open() throws SQLException {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2));
        session = database.newSession();
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        duckdb.close();
        session.close();
        database.close();
    }

    /** DuckDB's text of a random value; small domains, so that values tie and share prefixes. */
    private static String value(Random random, int depth) {
        if (random.nextInt(8) == 0) {
            return "NULL";
        }
        return switch (depth) {
            case 0, 2 -> {
                int length = random.nextInt(depth == 0 ? 3 : 4);
                List<String> elements = new ArrayList<>();
                for (int index = 0; index < length; index++) {
                    elements.add(value(random, depth + 1));
                }
                yield "[" + String.join(", ", elements) + "]";
            }
            case 1 ->
                "{'a': " + value(random, 2) + ", 'b': "
                        + (random.nextInt(6) == 0
                                ? "NULL"
                                : "'" + "ab".repeat(random.nextInt(2)) + (char) ('a' + random.nextInt(3)) + "'")
                        + "}";
            default -> Integer.toString(random.nextInt(5) - 2);
        };
    }

    private List<String> quiver(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows().stream()
                    .map(row -> row.stream().map(String::valueOf).collect(Collectors.joining("|")))
                    .toList();
        }
    }

    private List<String> duckdb(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(String.valueOf(result.getString(column)));
                }
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }

    @Test
    void orderGroupCompareAndJoinAsDuckDb() throws SQLException {
        Random random = new Random(2026);
        List<String> rows = new ArrayList<>();
        for (int id = 0; id < 300; id++) {
            String text = value(random, 0);
            rows.add("(" + id + ", " + (text.equals("NULL") ? "NULL" : "'" + text.replace("'", "''") + "'") + ")");
        }
        String setup = "CREATE TABLE t AS SELECT id, CAST(s AS " + TYPE + ") AS v FROM (VALUES "
                + String.join(", ", rows) + ") texts(id, s)";
        session.executeScript(setup).close();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute(setup);
        }
        List<String> queries = List.of(
                "SELECT id, CAST(v AS VARCHAR) FROM t ORDER BY v NULLS FIRST, id",
                "SELECT id FROM t ORDER BY v DESC NULLS LAST, id",
                "SELECT CAST(v AS VARCHAR), count(*), min(id) FROM t GROUP BY v ORDER BY min(id)",
                "SELECT count(DISTINCT v), CAST(min(v) AS VARCHAR), CAST(max(v) AS VARCHAR) FROM t",
                "SELECT a.id, b.id, a.v < b.v, a.v = b.v, a.v >= b.v, a.v IS DISTINCT FROM b.v"
                        + " FROM t a JOIN t b ON a.id + 1 = b.id ORDER BY a.id",
                "SELECT a.id, b.id FROM t a JOIN t b ON a.v = b.v AND a.id < b.id ORDER BY 1, 2",
                "SELECT CAST(v AS VARCHAR) FROM (SELECT v FROM t WHERE id < 200 INTERSECT SELECT v FROM t WHERE id >= 100)"
                        + " ORDER BY v");
        for (String query : queries) {
            assertThat(quiver(query)).as(query).isEqualTo(duckdb(query));
        }
        // the values tie often enough for groups and joins to mean something
        assertThat(quiver(queries.get(2))).hasSizeBetween(50, 250);
        assertThat(quiver(queries.get(5))).hasSizeGreaterThan(20);
    }
}
