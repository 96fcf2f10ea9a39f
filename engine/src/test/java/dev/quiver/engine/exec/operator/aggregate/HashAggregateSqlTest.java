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

    @Test
    void averageIsDoubleAsInDuckDb() {
        assertThat(fields("SELECT AVG(v) AS a, AVG(m) AS b FROM t"))
                .extracting(Field::getType)
                .containsExactly(
                        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }
}
