package dev.quiver.engine.exec.operator.aggregate;

import static dev.quiver.engine.exec.operator.TestTables.field;
import static dev.quiver.engine.exec.operator.TestTables.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.operator.TestTables;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GROUP BY and aggregate functions end to end: SQL through planning (DISTINCT expansion, the Vec
 * rule) and two threads with four-row morsels. Expected values are DuckDB's.
 */
class HashAggregateSqlTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(4));
        session = database.newSession();
        List<List<Object>> rows = List.of(
                row("a", 1, "x", LocalDate.of(2024, 1, 5), new BigDecimal("1.50"), true),
                row("b", 2, "y", LocalDate.of(2024, 1, 1), new BigDecimal("2.25"), true),
                row("a", 3, null, LocalDate.of(2023, 12, 31), null, false),
                row(null, 4, "z", null, new BigDecimal("-1.00"), true),
                row("a", null, "w", LocalDate.of(2024, 2, 1), new BigDecimal("0.10"), true),
                row("b", 2, "y", LocalDate.of(2024, 1, 2), new BigDecimal("0.00"), true),
                row(null, 5, null, null, null, null),
                row("c", 7, "q", LocalDate.of(2000, 1, 1), new BigDecimal("9.99"), false));
        List<Field> fields = List.of(field("k", ArrowType.Utf8.INSTANCE), field("v", new ArrowType.Int(32, true)),
                field("s", ArrowType.Utf8.INSTANCE), field("d", new ArrowType.Date(DateUnit.DAY)),
                field("m", new ArrowType.Decimal(10, 2, 128)), field("f", ArrowType.Bool.INSTANCE));
        database.catalog().create(TestTables.table("t", fields, rows, 3, database.storageAllocator()));
        database.catalog().create(TestTables.table("nothing", fields, List.of(), 3, database.storageAllocator()));
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

    private List<Field> fields(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.fields();
        }
    }

    private QuiverException failure(String sql) {
        return catchThrowableOfType(QuiverException.class, () -> rows(sql));
    }

    @Test
    void groupsWithCountSumMinMax() {
        assertThat(rows("SELECT k, COUNT(*), SUM(v), MIN(s), MAX(d), COUNT(s) FROM t GROUP BY k"))
                .containsExactlyInAnyOrder(
                        row("a", 3L, 4L, "w", LocalDate.of(2024, 2, 1), 2L),
                        row("b", 2L, 4L, "y", LocalDate.of(2024, 1, 2), 2L),
                        row("c", 1L, 7L, "q", LocalDate.of(2000, 1, 1), 1L),
                        row(null, 2L, 9L, "z", null, 1L));
    }

    @Test
    void resultTypesFollowDuckDb() {
        List<Field> fields = fields("SELECT COUNT(*) AS c, SUM(v) AS s, SUM(m) AS sm, MIN(m), MAX(v) FROM t");

        assertThat(fields).extracting(Field::getType).containsExactly(new ArrowType.Int(64, true),
                new ArrowType.Int(64, true), new ArrowType.Decimal(38, 2, 128), new ArrowType.Decimal(10, 2, 128),
                new ArrowType.Int(32, true));
        assertThat(fields.getFirst().isNullable()).isFalse();
        assertThat(rows("SELECT COUNT(*), SUM(v), SUM(m), MIN(m), MAX(v) FROM t"))
                .containsExactly(row(8L, 24L, new BigDecimal("12.84"), new BigDecimal("-1.00"), 7));
    }

    @Test
    void globalAggregateOfNoRowsIsOneRow() {
        assertThat(rows("SELECT COUNT(*), COUNT(v), SUM(v), MIN(s), MAX(m) FROM nothing"))
                .containsExactly(row(0L, 0L, null, null, null));
    }

    @Test
    void groupByOfNoRowsIsNoRows() {
        assertThat(rows("SELECT k, COUNT(*) FROM nothing GROUP BY k")).isEmpty();
    }

    @Test
    void selectDistinctIsAGroupByWithoutAggregates() {
        assertThat(rows("SELECT DISTINCT k FROM t"))
                .containsExactlyInAnyOrder(row("a"), row("b"), row("c"), row((Object) null));
    }

    @Test
    void countDistinct() {
        assertThat(rows("SELECT k, COUNT(DISTINCT v) FROM t GROUP BY k"))
                .containsExactlyInAnyOrder(row("a", 2L), row("b", 1L), row("c", 1L), row(null, 2L));
        assertThat(rows("SELECT COUNT(DISTINCT s) FROM t")).containsExactly(row(5L));
    }

    @Test
    void oneDistinctAggregateMixedWithPlainOnes() {
        assertThat(rows("SELECT k, COUNT(DISTINCT v), SUM(v), COUNT(*) FROM t GROUP BY k"))
                .containsExactlyInAnyOrder(row("a", 2L, 4L, 3L), row("b", 1L, 4L, 2L), row("c", 1L, 7L, 1L),
                        row(null, 2L, 9L, 2L));
    }

    @Test
    void havingOnABooleanAggregate() {
        assertThat(rows("SELECT k, COUNT(*) FROM t GROUP BY k HAVING EVERY(f)"))
                .containsExactlyInAnyOrder(row("b", 2L), row(null, 2L));
        assertThat(rows("SELECT k FROM t GROUP BY k HAVING SOME(f)"))
                .containsExactlyInAnyOrder(row("a"), row("b"), row((Object) null));
    }

    @Test
    void aggregateOfAnAggregateAndOrderBy() {
        assertThat(rows("SELECT n, COUNT(*) AS group_count FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k) "
                + "GROUP BY n ORDER BY n"))
                .containsExactly(row(1L, 1L), row(2L, 2L), row(3L, 1L));
    }

    @Test
    void manyGroupsThroughSql() {
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < 5_000; index++) {
            rows.add(row((long) (index % 1_234), (long) index));
        }
        database.catalog().create(TestTables.table("big", List.of(field("g", new ArrowType.Int(64, true)),
                field("x", new ArrowType.Int(64, true))), rows, 100, database.storageAllocator()));

        List<List<Object>> result = rows("SELECT g, COUNT(*), SUM(x) FROM big GROUP BY g ORDER BY g");

        assertThat(result).hasSize(1_234);
        assertThat(result.getFirst()).containsExactly(0L, 5L, 0L + 1_234 + 2_468 + 3_702 + 4_936);
        assertThat(result.getLast()).containsExactly(1_233L, 4L, 1_233L + 2_467 + 3_701 + 4_935);
    }

    @Test
    void sumOverflowIsAnErrorWithItsCode() {
        database.catalog().create(TestTables.table("huge", List.of(field("x", new ArrowType.Int(64, true))),
                List.of(row(Long.MAX_VALUE), row(Long.MAX_VALUE)), 1, database.storageAllocator()));

        QuiverException failure = failure("SELECT SUM(x) FROM huge");

        assertThat(failure.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        assertThat(failure.getMessage()).contains("Overflow in SUM");
    }

    @Test
    void unsupportedAggregateFunctionIsNamed() {
        QuiverException failure = failure("SELECT k, LISTAGG(s) FROM t GROUP BY k");

        assertThat(failure.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(failure.getMessage()).contains("aggregate function LISTAGG");
    }

    @Test
    void selectingAColumnThatIsNotGroupedIsAnError() {
        QuiverException failure = failure("SELECT k, v\nFROM t GROUP BY k");

        assertThat(failure.code().category()).isEqualTo(ErrorCode.Category.USER);
        assertThat(failure.getMessage()).contains("'v' is not being grouped");
        assertThat(failure.line()).isEqualTo(1);
        assertThat(failure.column()).isEqualTo(11);
    }

    @Test
    void rollup() {
        assertThat(rows("SELECT k, COUNT(*), SUM(v) FROM t GROUP BY ROLLUP(k)")).containsExactlyInAnyOrder(
                row("a", 3L, 4L), row("b", 2L, 4L), row("c", 1L, 7L), row(null, 2L, 9L), row(null, 8L, 24L));
    }

    @Test
    void severalDistinctAggregates() {
        assertThat(rows("SELECT COUNT(DISTINCT k), COUNT(DISTINCT v), COUNT(DISTINCT s) FROM t"))
                .containsExactly(row(3L, 6L, 5L));
    }

    @Test
    void averageIsDoubleAsInDuckDb() {
        assertThat(fields("SELECT AVG(v) AS a FROM t").getFirst().getType())
                .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
        assertThat(rows("SELECT k, AVG(v), AVG(m) FROM t GROUP BY k")).containsExactlyInAnyOrder(
                row("a", 2.0, 0.8), row("b", 2.0, 1.125), row("c", 7.0, 9.99), row(null, 4.5, -1.0));
    }
}
