package dev.quiver.engine.exec.operator.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Arrow result types of aggregate functions, which sqllogictest records cannot see (their values
 * are in sql-tests/…/aggregates/hash_aggregate.test): they follow DuckDB's.
 */
class HashAggregateSqlTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(4));
        session = database.newSession();
        session.execute("CREATE TABLE t (v INTEGER, m DECIMAL(10,2))").close();
        session.execute("INSERT INTO t VALUES (1, 1.50), (7, NULL), (NULL, -1.00)")
                .close();
    }

    @AfterEach
    void close() {
        session.close();
        database.close(); // fails if a query leaked memory
    }

    private List<Field> fields(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.fields();
        }
    }

    @Test
    void resultTypesFollowDuckDb() {
        List<Field> fields = fields("SELECT COUNT(*) AS c, SUM(v) AS s, SUM(m) AS sm, MIN(m), MAX(v) FROM t");

        assertThat(fields)
                .extracting(Field::getType)
                .containsExactly(
                        new ArrowType.Int(64, true),
                        new ArrowType.Int(64, true),
                        new ArrowType.Decimal(38, 2, 128),
                        new ArrowType.Decimal(10, 2, 128),
                        new ArrowType.Int(32, true));
        assertThat(fields.getFirst().isNullable()).isFalse();
    }

    /**
     * Identical SUMs and COUNTs (AVG's rewrite repeats a SUM, Q1) share one accumulator: each still
     * gets its own column, name and value, through threads merging, groups and FILTERs.
     */
    @Test
    void identicalSumsAndCountsShareTheirWorkAndKeepTheirNames() {
        session.execute("INSERT INTO t SELECT range % 5, (range % 7) * 0.25 FROM range(200)")
                .close();
        String sql = "SELECT v % 2 AS k, SUM(m) AS s, AVG(m) AS a, SUM(m) AS s2, SUM(m) FILTER (WHERE v > 2) AS f,"
                + " COUNT(m) AS c, COUNT(*) AS n, COUNT(*) AS n2 FROM t GROUP BY k ORDER BY k";
        try (QueryResult result = session.execute(sql)) {
            assertThat(result.fields())
                    .extracting(Field::getName)
                    .containsExactly("k", "s", "a", "s2", "f", "c", "n", "n2");
            assertThat(result.rows())
                    .map(Object::toString)
                    .containsExactly(
                            "[0, 88.75, 0.7395833333333334, 88.75, 29.75, 120, 120, 120]",
                            "[1, 61.25, 0.7561728395061729, 61.25, 30.25, 81, 82, 82]",
                            "[null, -1.00, -1.0, -1.00, null, 1, 1, 1]"); // DuckDB's answer
        }
    }

    @Test
    void averageIsDoubleAsInDuckDb() {
        assertThat(fields("SELECT AVG(v) AS a, AVG(m) AS b FROM t"))
                .extracting(Field::getType)
                .containsExactly(
                        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }
}
