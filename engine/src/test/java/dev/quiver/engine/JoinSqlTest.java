package dev.quiver.engine;

import static dev.quiver.engine.TestTables.BIGINT;
import static dev.quiver.engine.TestTables.BOOLEAN;
import static dev.quiver.engine.TestTables.VARCHAR;
import static dev.quiver.engine.TestTables.notNull;
import static dev.quiver.engine.TestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Joins end to end: SQL through planning (join rules, ordering, semi/anti rewrites) and the pipelines. */
class JoinSqlTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(2));
        session = database.newSession();
        TestTables.create(database, "emp", List.of(notNull("id", BIGINT), nullable("name", VARCHAR),
                nullable("dept", BIGINT)), List.of(
                List.of(1L, "ann", 10L), List.of(2L, "bob", 20L), Arrays.asList(3L, "cy", null),
                List.of(4L, "dee", 10L), List.of(5L, "eve", 40L)), 2);
        TestTables.create(database, "dept", List.of(notNull("id", BIGINT), nullable("title", VARCHAR),
                nullable("active", BOOLEAN)), List.of(
                List.of(10L, "eng", true), List.of(20L, "ops", false), List.of(30L, "hr", true)), 2);
        TestTables.create(database, "loc", List.of(notNull("dept", BIGINT), nullable("city", VARCHAR)), List.of(
                List.of(10L, "paris"), List.of(20L, "oslo"), List.of(20L, "rome")), 2);
        TestTables.create(database, "nobody", List.of(notNull("id", BIGINT), nullable("name", VARCHAR),
                nullable("dept", BIGINT)), List.of(), 2);
    }

    @AfterEach
    void close() {
        session.close();
        database.close(); // fails if a query leaked memory
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
    void innerJoinOnAColumnEquality() {
        assertThat(rows("SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.id"))
                .containsExactlyInAnyOrder(row("ann", "eng"), row("bob", "ops"), row("dee", "eng"));
    }

    @Test
    void outerJoins() {
        List<List<Object>> matched = List.of(row("ann", "eng"), row("bob", "ops"), row("dee", "eng"));
        List<List<Object>> left = new ArrayList<>(matched);
        left.addAll(List.of(row("cy", null), row("eve", null)));
        assertThat(rows("SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.id"))
                .containsExactlyInAnyOrderElementsOf(left);
        List<List<Object>> right = new ArrayList<>(matched);
        right.add(row(null, "hr"));
        assertThat(rows("SELECT e.name, d.title FROM emp e RIGHT JOIN dept d ON e.dept = d.id"))
                .containsExactlyInAnyOrderElementsOf(right);
        List<List<Object>> full = new ArrayList<>(left);
        full.add(row(null, "hr"));
        assertThat(rows("SELECT e.name, d.title FROM emp e FULL JOIN dept d ON e.dept = d.id"))
                .containsExactlyInAnyOrderElementsOf(full);
        assertThat(rows("SELECT d.title, e.name FROM dept d LEFT JOIN emp e ON e.dept = d.id"))
                .containsExactlyInAnyOrder(row("eng", "ann"), row("ops", "bob"), row("eng", "dee"), row("hr", null));
    }

    @Test
    void fullJoinUnderSetOperationsAndAnotherJoin() {
        String full = "SELECT e.name, d.title, d.id FROM emp e FULL JOIN dept d ON e.dept = d.id";
        assertThat(rows(full + " UNION ALL SELECT name, name, id FROM emp")).hasSize(11);
        assertThat(rows("SELECT name, title FROM (" + full + ") f INTERSECT "
                + "SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.id"))
                .containsExactlyInAnyOrder(row("ann", "eng"), row("bob", "ops"), row("dee", "eng"), row("cy", null),
                        row("eve", null));
        assertThat(rows("SELECT name, title FROM (" + full + ") f EXCEPT "
                + "SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.id"))
                .containsExactlyInAnyOrder(row("cy", null), row("eve", null), row(null, "hr"));
        assertThat(rows("SELECT f.name, l.city FROM (" + full + ") f JOIN loc l ON l.dept = f.id"))
                .containsExactlyInAnyOrder(row("ann", "paris"), row("dee", "paris"), row("bob", "oslo"),
                        row("bob", "rome"));
        assertThat(rows("SELECT f.title, l.city FROM (" + full + ") f FULL JOIN loc l ON l.dept = f.id"))
                .hasSize(7);
    }

    @Test
    void inSubqueryIsASemiJoin() {
        assertThat(rows("SELECT name FROM emp WHERE dept IN (SELECT id FROM dept)"))
                .containsExactlyInAnyOrder(row("ann"), row("bob"), row("dee"));
        assertThat(rows("SELECT title FROM dept WHERE id IN (SELECT dept FROM emp)"))
                .containsExactlyInAnyOrder(row("eng"), row("ops"));
    }

    @Test
    void existsAndNotExists() {
        assertThat(rows("SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept)"))
                .containsExactlyInAnyOrder(row("ann"), row("bob"), row("dee"));
        // cy's NULL department matches nothing, so NOT EXISTS keeps cy
        assertThat(rows("SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept)"))
                .containsExactlyInAnyOrder(row("cy"), row("eve"));
        assertThat(rows("SELECT city FROM loc l WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.id = l.dept)"))
                .isEmpty();
    }

    @Test
    void crossJoinAndCommaJoin() {
        assertThat(rows("SELECT e.id, d.id FROM emp e CROSS JOIN dept d")).hasSize(15);
        assertThat(rows("SELECT e.name, d.title FROM emp e, dept d WHERE e.dept = d.id")).hasSize(3);
    }

    @Test
    void threeTablesInAnyOrder() {
        List<List<Object>> expected = List.of(row("ann", "paris"), row("dee", "paris"), row("bob", "oslo"),
                row("bob", "rome"));
        assertThat(rows("SELECT e.name, l.city FROM emp e JOIN dept d ON e.dept = d.id JOIN loc l ON l.dept = d.id"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows("SELECT e.name, l.city FROM loc l, dept d, emp e WHERE l.dept = d.id AND e.dept = d.id"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void stringKeysAndABooleanConditionInOn() {
        assertThat(rows("SELECT a.id, b.id FROM emp a JOIN emp b ON a.name = b.name"))
                .containsExactlyInAnyOrder(row(1L, 1L), row(2L, 2L), row(3L, 3L), row(4L, 4L), row(5L, 5L));
        assertThat(rows("SELECT e.name FROM emp e JOIN dept d ON e.dept = d.id AND d.active"))
                .containsExactlyInAnyOrder(row("ann"), row("dee"));
        assertThat(rows("SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.id AND d.active"))
                .containsExactlyInAnyOrder(row("ann", "eng"), row("bob", null), row("cy", null), row("dee", "eng"),
                        row("eve", null));
    }

    @Test
    void isNotDistinctFromMatchesNulls() {
        assertThat(rows("SELECT a.id, b.id FROM emp a JOIN emp b ON a.dept IS NOT DISTINCT FROM b.dept"))
                .containsExactlyInAnyOrder(row(1L, 1L), row(1L, 4L), row(4L, 1L), row(4L, 4L), row(2L, 2L),
                        row(3L, 3L), row(5L, 5L));
        assertThat(rows("SELECT a.id, b.id FROM emp a JOIN emp b ON a.dept = b.dept"))
                .containsExactlyInAnyOrder(row(1L, 1L), row(1L, 4L), row(4L, 1L), row(4L, 4L), row(2L, 2L),
                        row(5L, 5L));
    }

    @Test
    void usingAndNaturalJoins() {
        assertThat(rows("SELECT city, title FROM loc JOIN (SELECT id AS dept, title FROM dept) d USING (dept)"))
                .containsExactlyInAnyOrder(row("paris", "eng"), row("oslo", "ops"), row("rome", "ops"));
        assertThat(rows("SELECT city, title FROM loc NATURAL JOIN (SELECT id AS dept, title FROM dept) d"))
                .hasSize(3);
    }

    @Test
    void emptyInputs() {
        assertThat(rows("SELECT n.name, d.title FROM nobody n FULL JOIN dept d ON n.dept = d.id"))
                .containsExactlyInAnyOrder(row(null, "eng"), row(null, "ops"), row(null, "hr"));
        assertThat(rows("SELECT n.name FROM nobody n JOIN dept d ON n.dept = d.id")).isEmpty();
        assertThat(rows("SELECT title FROM dept WHERE id NOT IN (SELECT id FROM nobody)")).hasSize(3);
    }

    @Test
    void orderByAndLimitAboveAFullJoin() {
        assertThat(rows("SELECT e.name, d.title FROM emp e FULL JOIN dept d ON e.dept = d.id "
                + "ORDER BY d.title NULLS FIRST, e.name LIMIT 3"))
                .containsExactly(row("cy", null), row("eve", null), row("ann", "eng"));
        assertThat(rows("SELECT e.name FROM emp e FULL JOIN dept d ON e.dept = d.id LIMIT 6")).hasSize(6);
    }

    @Test
    void aJoinOverTheMemoryLimitFailsCleanly() {
        List<List<Object>> rows = new ArrayList<>();
        for (long row = 0; row < 20_000; row++) {
            rows.add(List.of(row % 100, "a string long enough to take some room " + row));
        }
        try (Quiver small = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(512)
                .withQueryMemoryLimit(2L << 20))) {
            TestTables.create(small, "t", List.of(notNull("k", BIGINT), nullable("s", VARCHAR)), rows, 1000);
            QuiverException failure = org.assertj.core.api.Assertions.catchThrowableOfType(QuiverException.class,
                    () -> small.newSession().execute("SELECT a.s, b.s FROM t a JOIN t b ON a.k = b.k").close());
            assertThat(failure.code()).isEqualTo(dev.quiver.engine.error.ErrorCode.MEMORY_LIMIT);
        } // closing fails if the failed query left memory behind
    }

    @Test
    void aHashTableOverTheMemoryLimitFailsAndTheSessionGoesOn() {
        List<List<Object>> rows = new ArrayList<>();
        for (long row = 0; row < 200_000; row++) {
            rows.add(List.of(row));
        }
        // the build columns (1.6 MB of Arrow) fit in 6 MiB; the hash table (~11 MB of Java arrays) does not
        try (Quiver small = Quiver.open(QuiverConfig.defaults().withThreads(2).withQueryMemoryLimit(6L << 20))) {
            TestTables.create(small, "big", List.of(notNull("k", BIGINT)), rows, 8192);
            try (Session session = small.newSession()) {
                QuiverException failure = org.assertj.core.api.Assertions.catchThrowableOfType(QuiverException.class,
                        () -> session.execute("SELECT count(*) FROM big a JOIN big b ON a.k = b.k").close());
                assertThat(failure.code()).isEqualTo(dev.quiver.engine.error.ErrorCode.MEMORY_LIMIT);
                assertThat(failure.getMessage()).contains("join").contains("query memory limit");
                // the same session still runs queries, joins included, within the limit
                try (QueryResult after = session.execute(
                        "SELECT count(*) FROM big a JOIN big b ON a.k = b.k WHERE a.k < 1000 AND b.k < 1000")) {
                    assertThat(after.rows()).containsExactly(List.of(1000L));
                }
            }
        } // closing fails if the failed query left memory (Arrow buffers or heap reservations) behind
    }

    @Test
    void largeJoinOnTwoThreads() {
        List<List<Object>> big = new ArrayList<>();
        for (long row = 0; row < 200_000; row++) {
            big.add(List.of(row % 60_000, row));
        }
        List<List<Object>> small = new ArrayList<>();
        for (long row = 0; row < 50_000; row++) {
            small.add(List.of(2 * row, -row));
        }
        try (Quiver many = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(1024))) {
            Session other = many.newSession();
            TestTables.create(many, "big", List.of(notNull("k", BIGINT), notNull("v", BIGINT)), big, 10_000);
            TestTables.create(many, "small", List.of(notNull("k", BIGINT), notNull("w", BIGINT)), small, 5_000);
            try (QueryResult result = other.execute("SELECT big.v, small.w FROM big JOIN small ON big.k = small.k")) {
                assertThat(result.rowCount()).isEqualTo(100_000);
                long sum = 0;
                for (List<Object> row : result.rows()) {
                    sum += (Long) row.get(0);
                }
                assertThat(sum).isEqualTo(9_999_900_000L); // 0 + 2 + … + 199998
            }
            try (QueryResult result = other.execute(
                    "SELECT small.k FROM small WHERE NOT EXISTS (SELECT 1 FROM big WHERE big.k = small.k)")) {
                assertThat(result.rowCount()).isEqualTo(20_000); // keys 60000 … 99998
            }
        }
    }
}
