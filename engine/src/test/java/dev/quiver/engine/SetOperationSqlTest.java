package dev.quiver.engine;

import static dev.quiver.engine.TestTables.BIGINT;
import static dev.quiver.engine.TestTables.VARCHAR;
import static dev.quiver.engine.TestTables.notNull;
import static dev.quiver.engine.TestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UNION [ALL], INTERSECT [ALL], EXCEPT [ALL] end to end, with duplicates and NULLs. */
class SetOperationSqlTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(2));
        session = database.newSession();
        TestTables.create(database, "a", List.of(nullable("n", BIGINT), nullable("s", VARCHAR)), List.of(
                Arrays.asList(1L, "x"), Arrays.asList(1L, "x"), Arrays.asList(2L, null), Arrays.asList(null, null),
                Arrays.asList(null, null), Arrays.asList(3L, "y")), 2);
        TestTables.create(database, "b", List.of(notNull("n", BIGINT), nullable("s", VARCHAR)), List.of(
                Arrays.asList(1L, "x"), Arrays.asList(2L, null), Arrays.asList(2L, null), Arrays.asList(4L, "z")), 3);
    }

    @AfterEach
    void close() {
        session.close();
        database.close();
    }

    private List<List<Object>> rows(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void unionAndUnionAll() {
        assertThat(rows("SELECT n, s FROM a UNION ALL SELECT n, s FROM b")).hasSize(10);
        assertThat(rows("SELECT n, s FROM a UNION SELECT n, s FROM b")).containsExactlyInAnyOrder(
                row(1L, "x"), row(2L, null), row(null, null), row(3L, "y"), row(4L, "z"));
    }

    @Test
    void intersectTreatsNullsAsEqual() {
        assertThat(rows("SELECT n, s FROM a INTERSECT SELECT n, s FROM b"))
                .containsExactlyInAnyOrder(row(1L, "x"), row(2L, null));
        assertThat(rows("SELECT s FROM a INTERSECT SELECT s FROM b"))
                .containsExactlyInAnyOrder(row("x"), row((Object) null));
        assertThat(rows("SELECT n, s FROM a INTERSECT ALL SELECT n, s FROM a"))
                .hasSize(6);
        assertThat(rows("SELECT n, s FROM b INTERSECT ALL SELECT n, s FROM a"))
                .containsExactlyInAnyOrder(row(1L, "x"), row(2L, null));
    }

    @Test
    void exceptAndExceptAll() {
        assertThat(rows("SELECT n, s FROM a EXCEPT SELECT n, s FROM b"))
                .containsExactlyInAnyOrder(row(null, null), row(3L, "y"));
        assertThat(rows("SELECT n, s FROM a EXCEPT ALL SELECT n, s FROM b"))
                .containsExactlyInAnyOrder(row(1L, "x"), row(null, null), row(null, null), row(3L, "y"));
        assertThat(rows("SELECT n FROM b EXCEPT ALL SELECT n FROM a")).containsExactlyInAnyOrder(row(2L), row(4L));
    }

    @Test
    void setOperationsOverValuesAndOrdered() {
        assertThat(rows("SELECT * FROM (VALUES (1), (1), (2), (NULL)) AS t(x) "
                + "INTERSECT ALL SELECT * FROM (VALUES (1), (NULL), (NULL), (3)) AS u(y)"))
                .containsExactlyInAnyOrder(row(1), row((Object) null));
        assertThat(rows("SELECT n FROM a UNION SELECT n FROM b ORDER BY n DESC NULLS LAST"))
                .containsExactly(row(4L), row(3L), row(2L), row(1L), row((Object) null));
    }
}
