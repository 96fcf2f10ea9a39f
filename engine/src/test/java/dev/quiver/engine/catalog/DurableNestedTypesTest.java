package dev.quiver.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file keeps LIST, fixed-size ARRAY, STRUCT and MAP columns, nested in each other and with
 * NULLs at every level, across close and reopen, and after UPDATE and DELETE.
 */
class DurableNestedTypesTest {
    private static final QuiverConfig CONFIG =
            QuiverConfig.defaults().withThreads(2).withInterpreters(1);
    private static final String COLUMNS = "id::VARCHAR, l::VARCHAR, s::VARCHAR, m::VARCHAR, n::VARCHAR, u::VARCHAR";

    @TempDir
    Path directory;

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    private static void run(Session session, String sql) {
        session.execute(sql).close();
    }

    @Test
    void nestedColumnsSurviveReopeningUpdateAndDelete() {
        Path database = directory.resolve("nested.duckdb");
        List<List<Object>> before;
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            run(
                    session,
                    "CREATE TABLE t (id INTEGER, l INTEGER[], s STRUCT(a INTEGER, b VARCHAR),"
                            + " m MAP(VARCHAR, INTEGER), n STRUCT(x INTEGER[], y MAP(INTEGER, VARCHAR[]))[],"
                            + " u UUID[])");
            run(
                    session,
                    "INSERT INTO t VALUES (1, [1, NULL, 3], {'a': 1, 'b': 'x'}, MAP {'k': 1, 'j': NULL},"
                            + " [{'x': [1, 2], 'y': MAP {1: ['a', NULL]}}, NULL, {'x': NULL, 'y': NULL}],"
                            + " ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID, NULL])");
            run(session, "INSERT INTO t VALUES (2, [], {'a': NULL, 'b': NULL}, MAP {'z': 0}, [], [])");
            run(session, "INSERT INTO t VALUES (3, NULL, NULL, NULL, NULL, NULL)");
            run(session, "INSERT INTO t VALUES (4, [4], {'a': 4, 'b': 'four'}, MAP {'four': 4}, NULL, NULL)");
            before = rows(session, "SELECT " + COLUMNS + " FROM t ORDER BY id");
        }
        assertThat(before).hasSize(4);
        assertThat(before.getFirst())
                .containsExactly(
                        "1",
                        "[1, NULL, 3]",
                        "{'a': 1, 'b': x}",
                        "{k=1, j=NULL}",
                        "[{'x': [1, 2], 'y': {1=[a, NULL]}}, NULL, {'x': NULL, 'y': NULL}]",
                        "[a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, NULL]");
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            assertThat(rows(session, "SELECT " + COLUMNS + " FROM t ORDER BY id"))
                    .isEqualTo(before);
            run(session, "UPDATE t SET l = [10, 20], s = {'a': 10, 'b': NULL} WHERE id = 2");
            run(session, "DELETE FROM t WHERE id = 4");
        }
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            List<List<Object>> after = rows(session, "SELECT " + COLUMNS + " FROM t ORDER BY id");
            assertThat(after)
                    .containsExactly(
                            before.get(0),
                            List.of("2", "[10, 20]", "{'a': 10, 'b': NULL}", "{z=0}", "[]", "[]"),
                            before.get(2));
        }
    }

    @Test
    void fixedSizeArraysAndScalarsInsideNestedValuesSurvive() {
        Path database = directory.resolve("arrays.duckdb");
        List<List<Object>> before;
        String query = "SELECT f::VARCHAR, t::VARCHAR, z::VARCHAR FROM a ORDER BY f[1] NULLS LAST";
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            run(session, "CREATE TABLE a (f INTEGER[3], t TIME[], z STRUCT(h HUGEINT, tz TIMESTAMPTZ))");
            run(
                    session,
                    "INSERT INTO a VALUES ([1, 2, NULL], ['12:00:01'::TIME, NULL],"
                            + " {'h': 123456789012345678901234567890, 'tz': TIMESTAMPTZ '2024-01-02 03:04:05+00'}),"
                            + " (NULL, NULL, NULL)");
            before = rows(session, query);
        }
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            assertThat(rows(session, query)).isEqualTo(before);
        }
    }

    @Test
    void fixedSizeArraysInsideStructsAndMapsSurviveReopeningAndUpdate() {
        Path database = directory.resolve("arrays_in_structs.duckdb");
        String query = "SELECT id, s::VARCHAR, m::VARCHAR, typeof(s), typeof(m), s.v[2] FROM t ORDER BY id";
        List<List<Object>> before;
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            run(session, "CREATE TABLE t (id INTEGER, s STRUCT(v INTEGER[2], w VARCHAR), m MAP(VARCHAR, DOUBLE[2]))");
            run(
                    session,
                    "INSERT INTO t VALUES (1, {'v': [1, NULL], 'w': 'x'}, MAP {'k': [1.5, 2], 'n': NULL}),"
                            + " (2, NULL, NULL), (3, {'v': NULL, 'w': NULL}, MAP {'e': NULL})");
            run(session, "UPDATE t SET s = {'v': [7, 8], 'w': 'u'} WHERE id = 2");
            before = rows(session, query);
            assertThat(before.get(1).get(1)).isEqualTo("{'v': [7, 8], 'w': u}");
        }
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            assertThat(rows(session, query)).isEqualTo(before);
            assertThat(rows(session, "SELECT typeof(s), typeof(m) FROM t LIMIT 1"))
                    .containsExactly(List.of("STRUCT(v INTEGER[2], w VARCHAR)", "MAP(VARCHAR, DOUBLE[2])"));
        }
    }
}
