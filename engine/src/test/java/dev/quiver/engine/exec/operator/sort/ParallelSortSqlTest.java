package dev.quiver.engine.exec.operator.sort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.Quiver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ORDER BY over enough rows that the sort is cut into ranges sorted by different threads (2
 * threads, 1,024-row morsels): the rows come out exactly as a stable sort of the input, with NULLs,
 * ties, DESC, strings, and LIMIT/OFFSET reading the ranges' morsels in order.
 */
class ParallelSortSqlTest {
    private static final int ROWS = 300_000;

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

    private static Long k(long id) {
        return id % 97 == 0 ? null : (id * 7919) % 1000;
    }

    private static String s(long id) {
        return "v" + ((id * 31) % 5000);
    }

    @Test
    void aTotalOrderComesOutExactly() {
        Comparator<Long> byK =
                Comparator.comparing(ParallelSortSqlTest::k, Comparator.nullsFirst(Comparator.naturalOrder()));
        List<Long> expected = LongStream.range(0, ROWS)
                .boxed()
                .sorted(byK.thenComparing(Comparator.<Long>reverseOrder()))
                .toList();
        List<List<Object>> rows = rows(parallel, "SELECT id, k FROM t ORDER BY k NULLS FIRST, id DESC");
        assertThat(rows).hasSize(ROWS);
        List<Long> ids = new ArrayList<>(ROWS);
        rows.forEach(row -> ids.add(((Number) row.getFirst()).longValue()));
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void stringKeysAndDescendingNullsLast() {
        Comparator<Long> byS = Comparator.comparing(ParallelSortSqlTest::s, Comparator.reverseOrder());
        List<Long> expected = LongStream.range(0, ROWS)
                .boxed()
                .sorted(byS.thenComparing(id -> id))
                .toList();
        List<Long> ids = new ArrayList<>(ROWS);
        rows(parallel, "SELECT id FROM t ORDER BY s DESC, id")
                .forEach(row -> ids.add(((Number) row.getFirst()).longValue()));
        assertThat(ids).isEqualTo(expected);
        List<List<Object>> last = rows(parallel, "SELECT k FROM t ORDER BY k DESC NULLS LAST");
        assertThat(((Number) last.getFirst().getFirst()).longValue()).isEqualTo(999L);
        assertThat(last.getLast().getFirst()).isNull();
    }

    @Test
    void tiesKeepTheSameOrderAsOneThreadSortingAll() {
        String sql = "SELECT id, k FROM t ORDER BY k";
        assertThat(rows(parallel, sql)).isEqualTo(rows(serial, sql));
    }

    @Test
    void limitAndOffsetReadTheRangesInOrder() {
        List<List<Object>> all = rows(parallel, "SELECT id FROM t ORDER BY s, id");
        assertThat(rows(parallel, "SELECT id FROM t ORDER BY s, id LIMIT 7 OFFSET 150000"))
                .isEqualTo(all.subList(150_000, 150_007));
        assertThat(rows(parallel, "SELECT id FROM t ORDER BY s, id LIMIT 3")).isEqualTo(all.subList(0, 3));
    }
}
