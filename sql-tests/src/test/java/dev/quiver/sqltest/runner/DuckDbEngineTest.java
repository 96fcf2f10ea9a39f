package dev.quiver.sqltest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class DuckDbEngineTest {

    @Test
    void returnsRowsWithTheKindOfEveryColumn() {
        try (DuckDbEngine duckdb = DuckDbEngine.open(List.of())) {
            EngineResult result = duckdb.execute("SELECT 1 AS i, 1.50 AS d, CAST(0.5 AS DOUBLE) AS f, "
                    + "CAST(0.5 AS REAL) AS r, '' AS s, true AS b, DATE '2024-01-02' AS day, "
                    + "TIMESTAMP '2024-01-02 03:04:05.5' AS ts, TIME '01:02:03' AS t, INTERVAL 1 DAY AS iv, NULL AS n");

            assertThat(result).isInstanceOf(EngineResult.Rows.class);
            EngineResult.Rows rows = (EngineResult.Rows) result;
            assertThat(rows.columns())
                    .extracting(EngineResult.Column::kind)
                    .containsExactly(
                            ColumnKind.INTEGER,
                            ColumnKind.DECIMAL,
                            ColumnKind.DOUBLE,
                            ColumnKind.REAL,
                            ColumnKind.TEXT,
                            ColumnKind.BOOLEAN,
                            ColumnKind.DATE,
                            ColumnKind.TIMESTAMP,
                            ColumnKind.TIME,
                            ColumnKind.OTHER,
                            ColumnKind.OTHER);
            assertThat(rows.columns()).extracting(EngineResult.Column::name).startsWith("i", "d", "f");
            assertThat(rows.rows())
                    .containsExactly(List.of(
                            "1",
                            "1.50",
                            "0.5",
                            "0.5",
                            "(empty)",
                            "true",
                            "2024-01-02",
                            "2024-01-02 03:04:05.5",
                            "01:02:03",
                            "1 day",
                            "NULL"));
        }
    }

    @Test
    void statementsWithoutRowsReportTheirUpdateCount() {
        try (DuckDbEngine duckdb = DuckDbEngine.open(List.of())) {
            assertThat(duckdb.execute("CREATE TABLE t (i INTEGER)")).isInstanceOf(EngineResult.Done.class);
            assertThat(duckdb.execute("INSERT INTO t VALUES (1), (2)")).isEqualTo(new EngineResult.Done(2));
            assertThat(rowsOf(duckdb.execute("SELECT count(*) FROM t"))).containsExactly(List.of("2"));
        }
    }

    @Test
    void errorsAreResultsAndTheConnectionSurvivesThem() {
        try (DuckDbEngine duckdb = DuckDbEngine.open(List.of())) {
            EngineResult failed = duckdb.execute("SELECT * FROM no_such_table");

            assertThat(failed).isInstanceOf(EngineResult.Failed.class);
            assertThat(((EngineResult.Failed) failed).message())
                    .contains("Table with name no_such_table does not exist");
            assertThat(((EngineResult.Failed) failed).internal()).isFalse();
            assertThat(duckdb.execute("SELECT 1")).isInstanceOf(EngineResult.Rows.class);
        }
    }

    @Test
    void aHookRunsInsteadOfTheStatementsItMatches() {
        List<Double> scaleFactors = new ArrayList<>();
        TpchHook hook = TpchHook.loadingWith((scaleFactor, connection) -> {
            scaleFactors.add(scaleFactor);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE region AS SELECT * FROM range(5)");
            }
        });
        try (DuckDbEngine duckdb = DuckDbEngine.open(List.of(hook))) {
            assertThat(duckdb.execute("CALL tpch(0.01)")).isEqualTo(new EngineResult.Done(-1));
            assertThat(scaleFactors).containsExactly(0.01);
            assertThat(rowsOf(duckdb.execute("SELECT count(*) FROM region"))).containsExactly(List.of("5"));
        }
    }

    @Test
    @Tag("slow") // generates TPC-H data: ~9 s
    void theDefaultHooksLoadQuiversTpchData() {
        try (DuckDbEngine duckdb = DuckDbEngine.open()) {
            assertThat(duckdb.execute("CALL tpch(0.01)")).isEqualTo(new EngineResult.Done(-1));
            assertThat(rowsOf(duckdb.execute("SELECT count(*) FROM lineitem"))).containsExactly(List.of("60175"));
        }
    }

    @Test
    void tpchWithoutALoaderIsUnavailable() {
        try (DuckDbEngine duckdb = DuckDbEngine.open(List.of(TpchHook.withoutLoader()))) {
            EngineResult result = duckdb.execute("call TPCH ( 1 )");

            assertThat(result).isInstanceOf(EngineResult.Unavailable.class);
            assertThat(((EngineResult.Unavailable) result).reason()).contains("no TpchLoader");
        }
    }

    @Test
    void aFailingLoaderIsAnInternalError() {
        TpchHook hook = TpchHook.loadingWith((scaleFactor, connection) -> {
            throw new IllegalStateException("generator broke");
        });
        try (DuckDbEngine duckdb = DuckDbEngine.open(List.of(hook))) {
            assertThat(duckdb.execute("CALL tpch(1)"))
                    .isEqualTo(new EngineResult.Failed(
                            "loading TPC-H data into DuckDB failed: "
                                    + "java.lang.IllegalStateException: generator broke",
                            true));
        }
    }

    @Test
    void tpchHookRecognisesOnlyCallTpch() {
        TpchHook hook = TpchHook.withoutLoader();

        assertThat(hook.matches("CALL tpch(0.01)")).isTrue();
        assertThat(hook.matches("  call Tpch ( 1 ) ")).isTrue();
        assertThat(hook.matches("CALL tpch(.5)")).isTrue();
        assertThat(hook.matches("CALL tpch()")).isFalse();
        assertThat(hook.matches("CALL dbgen(sf = 1)")).isFalse();
        assertThat(hook.matches("SELECT * FROM tpch")).isFalse();
    }

    @Test
    void mapsDuckDbTypeNamesToKinds() {
        assertThat(DuckDbEngine.kindOf("DECIMAL(18,3)")).isEqualTo(ColumnKind.DECIMAL);
        assertThat(DuckDbEngine.kindOf("HUGEINT")).isEqualTo(ColumnKind.INTEGER);
        assertThat(DuckDbEngine.kindOf("UBIGINT")).isEqualTo(ColumnKind.INTEGER);
        assertThat(DuckDbEngine.kindOf("FLOAT")).isEqualTo(ColumnKind.REAL);
        assertThat(DuckDbEngine.kindOf("INTEGER[]")).isEqualTo(ColumnKind.OTHER);
    }

    private static List<List<String>> rowsOf(EngineResult result) {
        assertThat(result).isInstanceOf(EngineResult.Rows.class);
        return ((EngineResult.Rows) result).rows();
    }
}
