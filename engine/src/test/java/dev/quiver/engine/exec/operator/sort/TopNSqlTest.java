package dev.quiver.engine.exec.operator.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.Quiver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ORDER BY … LIMIT as a top-N over many morsels on 2 threads (1,024-row morsels): the rows are
 * exactly those of the full stable sort — ties keep their input order whichever thread saw them —
 * for NULLs first and last, DESC, strings, several keys and OFFSET; a failing query frees the
 * threads' rows.
 */
class TopNSqlTest {
    private static final int ROWS = 200_000;

    private SortTestDatabases databases;
    private Quiver parallel;
    private Quiver serial;

    @BeforeEach
    void open() {
        databases = new SortTestDatabases(ROWS);
        parallel = databases.parallel;
        serial = databases.serial;
    }

    @AfterEach
    void close() {
        databases.close(); // fails if a query leaked memory
    }

    private static List<List<Object>> rows(Quiver database, String sql) {
        return SortTestDatabases.rows(database, sql);
    }

    /** The top-N's rows against the full sort's (a limit above the top-N's size), on both databases. */
    private void assertSameAsFullSort(String orderBy, int offset, int fetch) {
        String select = "SELECT id, k, s FROM t ORDER BY " + orderBy;
        List<List<Object>> all = rows(parallel, select + " LIMIT " + (TopNOperator.MAX_ROWS + 1));
        List<List<Object>> expected = all.subList(Math.min(offset, all.size()), Math.min(offset + fetch, all.size()));
        String topN = select + " LIMIT " + fetch + " OFFSET " + offset;
        assertThat(rows(parallel, topN)).isEqualTo(expected);
        assertThat(rows(serial, topN)).isEqualTo(expected);
    }

    @Test
    void tiesKeepInputOrderAcrossThreads() {
        assertSameAsFullSort("k", 0, 500);
        assertSameAsFullSort("k DESC", 0, 1000);
    }

    @Test
    void nullsDescendingStringsAndSeveralKeys() {
        assertSameAsFullSort("k NULLS FIRST", 0, 3000);
        assertSameAsFullSort("k DESC NULLS FIRST", 2990, 20);
        assertSameAsFullSort("s DESC", 0, 100);
        assertSameAsFullSort("s, k DESC NULLS FIRST", 17, 2000);
        assertSameAsFullSort("k DESC NULLS LAST, s", 0, 1);
    }

    @Test
    void thePlanUsesATopNOnlyForSmallLimits() {
        assertThat(rows(parallel, "EXPLAIN SELECT id FROM t ORDER BY k LIMIT 100")
                        .toString())
                .contains("=> TopN(")
                .doesNotContain("=> Sort(");
        assertThat(rows(parallel, "EXPLAIN SELECT id FROM t ORDER BY k LIMIT 20000")
                        .toString())
                .contains("=> Sort(")
                .contains("=> Limit(");
        assertThat(rows(parallel, "EXPLAIN SELECT id FROM t ORDER BY k LIMIT 10 OFFSET 9995")
                        .toString())
                .doesNotContain("TopN(");
    }

    @Test
    void limitZeroAndOffsetPastTheEnd() {
        assertThat(rows(parallel, "SELECT id FROM t ORDER BY k LIMIT 0")).isEmpty();
        assertThat(rows(parallel, "SELECT id FROM t WHERE id < 50 ORDER BY k LIMIT 10 OFFSET 60"))
                .isEmpty();
    }

    @Test
    void aFailingInputFreesTheThreadsRows() {
        // the cast fails on some morsels after others were kept by the threads' top-N
        assertThatThrownBy(() -> rows(parallel, "SELECT id FROM t ORDER BY CAST(s AS INTEGER) LIMIT 10"))
                .hasMessageContaining("v");
        assertThat(rows(parallel, "SELECT id FROM t ORDER BY id DESC LIMIT 2"))
                .isEqualTo(List.of(List.of((long) ROWS - 1), List.of((long) ROWS - 2)));
    }
}
