package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nested values through whole queries, where a leak or a crash would surface as an internal error. */
class NestedValuesSqlTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2));
        session = database.newSession();
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

    @Test
    void structOfNullLiteralClosesEveryBuffer() {
        assertThat(rows("SELECT {'a': NULL}").toString()).isEqualTo("[[{'a': NULL}]]");
    }

    @Test
    void structOfNullColumnPassesThroughProjections() {
        assertThat(rows("SELECT s, s IS NULL FROM (SELECT {'a': NULL} AS s, 1 AS i) WHERE i = 1")
                        .toString())
                .isEqualTo("[[{'a': NULL}, false]]");
    }

    @Test
    void castOfNestedColumnsToVarchar() {
        session.executeScript("CREATE TABLE t AS SELECT [1, NULL] AS l, {'a': 1} AS s UNION ALL SELECT NULL, NULL")
                .close();
        assertThat(rows("SELECT CAST(l AS VARCHAR), CAST(s AS VARCHAR) FROM t").toString())
                .isEqualTo("[[[1, NULL], {'a': 1}], [null, null]]");
    }
}
