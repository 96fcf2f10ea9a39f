package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The generated TPC-H data: DuckDB's schema, the right rows, deterministic, and loadable into DuckDB. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow") // generates TPC-H data several times: ~9 s
class TpchGeneratorTest {
    /** Row counts of dbgen at scale factor 0.01. */
    private static final Map<String, Long> SF_0_01_ROWS = new LinkedHashMap<>();

    static {
        SF_0_01_ROWS.put("nation", 25L);
        SF_0_01_ROWS.put("region", 5L);
        SF_0_01_ROWS.put("part", 2_000L);
        SF_0_01_ROWS.put("supplier", 100L);
        SF_0_01_ROWS.put("partsupp", 8_000L);
        SF_0_01_ROWS.put("customer", 1_500L);
        SF_0_01_ROWS.put("orders", 15_000L);
        SF_0_01_ROWS.put("lineitem", 60_175L);
    }

    private BufferAllocator allocator;
    private List<MemoryTable> tables;

    @BeforeAll
    void generateOnce() {
        TpchGenerator.prepare();
        allocator = new RootAllocator();
        tables = TpchGenerator.generate(0.01, allocator);
    }

    @AfterAll
    void freeEverything() {
        tables.forEach(MemoryTable::close);
        allocator.close(); // fails on a leak
    }

    @Test
    void tablesAndRowCountsAreDbgens() {
        assertThat(tables).extracting(MemoryTable::name).containsExactlyElementsOf(TpchGenerator.TABLE_NAMES);
        for (MemoryTable table : tables) {
            assertThat(table.rowCount()).as(table.name()).isEqualTo(SF_0_01_ROWS.get(table.name()));
            for (Batch batch : table.batches()) {
                assertThat(batch.rowCount()).isBetween(1, TpchGenerator.DEFAULT_BATCH_SIZE);
                assertThat(batch.schema()).isEqualTo(table.schema());
            }
        }
    }

    @Test
    void duckDbSeesTheTypesItsOwnDbgenCreates() throws SQLException {
        long memoryBefore = allocator.getAllocatedMemory();
        try (DuckDBConnection duckdb = DuckDb.openInMemory()) {
            DuckDbWriter.createTables(duckdb, tables, allocator);
            assertThat(describe(duckdb, "lineitem"))
                    .containsExactly(
                            "l_orderkey BIGINT",
                            "l_partkey BIGINT",
                            "l_suppkey BIGINT",
                            "l_linenumber BIGINT",
                            "l_quantity DECIMAL(15,2)",
                            "l_extendedprice DECIMAL(15,2)",
                            "l_discount DECIMAL(15,2)",
                            "l_tax DECIMAL(15,2)",
                            "l_returnflag VARCHAR",
                            "l_linestatus VARCHAR",
                            "l_shipdate DATE",
                            "l_commitdate DATE",
                            "l_receiptdate DATE",
                            "l_shipinstruct VARCHAR",
                            "l_shipmode VARCHAR",
                            "l_comment VARCHAR");
            assertThat(describe(duckdb, "orders"))
                    .containsExactly(
                            "o_orderkey BIGINT",
                            "o_custkey BIGINT",
                            "o_orderstatus VARCHAR",
                            "o_totalprice DECIMAL(15,2)",
                            "o_orderdate DATE",
                            "o_orderpriority VARCHAR",
                            "o_clerk VARCHAR",
                            "o_shippriority INTEGER",
                            "o_comment VARCHAR");
            assertThat(describe(duckdb, "partsupp"))
                    .containsExactly(
                            "ps_partkey BIGINT",
                            "ps_suppkey BIGINT",
                            "ps_availqty BIGINT",
                            "ps_supplycost DECIMAL(15,2)",
                            "ps_comment VARCHAR");
            assertThat(describe(duckdb, "part"))
                    .containsExactly(
                            "p_partkey BIGINT",
                            "p_name VARCHAR",
                            "p_mfgr VARCHAR",
                            "p_brand VARCHAR",
                            "p_type VARCHAR",
                            "p_size INTEGER",
                            "p_container VARCHAR",
                            "p_retailprice DECIMAL(15,2)",
                            "p_comment VARCHAR");
            assertThat(describe(duckdb, "customer"))
                    .containsExactly(
                            "c_custkey BIGINT",
                            "c_name VARCHAR",
                            "c_address VARCHAR",
                            "c_nationkey INTEGER",
                            "c_phone VARCHAR",
                            "c_acctbal DECIMAL(15,2)",
                            "c_mktsegment VARCHAR",
                            "c_comment VARCHAR");
            assertThat(describe(duckdb, "supplier"))
                    .containsExactly(
                            "s_suppkey BIGINT",
                            "s_name VARCHAR",
                            "s_address VARCHAR",
                            "s_nationkey INTEGER",
                            "s_phone VARCHAR",
                            "s_acctbal DECIMAL(15,2)",
                            "s_comment VARCHAR");
            assertThat(describe(duckdb, "nation"))
                    .containsExactly(
                            "n_nationkey INTEGER", "n_name VARCHAR", "n_regionkey INTEGER", "n_comment VARCHAR");
            assertThat(describe(duckdb, "region"))
                    .containsExactly("r_regionkey INTEGER", "r_name VARCHAR", "r_comment VARCHAR");
        }
        assertThat(allocator.getAllocatedMemory())
                .as("the export frees what it took")
                .isEqualTo(memoryBefore);
    }

    @Test
    void duckDbSeesTheSameRows() throws SQLException {
        try (DuckDBConnection duckdb = DuckDb.openInMemory()) {
            DuckDbWriter.createTables(duckdb, tables, allocator);
            for (MemoryTable table : tables) {
                assertThat(queryOne(duckdb, "SELECT count(*) FROM " + table.name()))
                        .as(table.name())
                        .isEqualTo(table.rowCount());
            }
            assertThat(queryOne(duckdb, "SELECT sum(l_extendedprice) FROM lineitem"))
                    .isEqualTo(sumOfDecimals(table("lineitem"), "l_extendedprice"));
            assertThat(queryOne(duckdb, "SELECT min(o_orderdate) FROM orders"))
                    .isEqualTo(minOfDates(table("orders"), "o_orderdate"))
                    .isEqualTo(LocalDate.of(1992, 1, 1));
        }
    }

    @Test
    void sameDataAsDuckDbsDbgen() throws SQLException {
        // Answers DuckDB's dbgen data gives (DuckDB's extension/tpch/dbgen/answers/sf0.01): the generator
        // is a port of dbgen, so Quiver and DuckDB benchmark the same rows.
        try (DuckDBConnection duckdb = DuckDb.openInMemory()) {
            DuckDbWriter.createTables(duckdb, tables, allocator);
            assertThat(queryOne(duckdb, """
                    SELECT sum(l_extendedprice * l_discount) FROM lineitem
                    WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'
                      AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24""").toString()).isEqualTo("1193053.2253");
            assertThat(queryOne(duckdb, """
                    SELECT string_agg(l_returnflag || l_linestatus || ':' || count_order || ':' || sum_qty, ' ' ORDER BY 1)
                    FROM (SELECT l_returnflag, l_linestatus, count(*) AS count_order, sum(l_quantity)::BIGINT AS sum_qty
                          FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' GROUP BY ALL)""")).isEqualTo("AF:14876:380456 NF:348:8971 NO:29181:742802 RF:14902:381449");
            assertThat(queryOne(duckdb, "SELECT l_comment FROM lineitem LIMIT 1"))
                    .isEqualTo("egular courts above the");
        }
    }

    @Test
    void resultDoesNotDependOnThreadsOrBatchSize() {
        try (BufferAllocator local = new RootAllocator()) {
            List<MemoryTable> serial = TpchGenerator.generate(0.01, 10_000, 1, local);
            List<MemoryTable> parallel = TpchGenerator.generate(0.01, 777, 3, local);
            try {
                for (int index = 0; index < serial.size(); index++) {
                    MemoryTable expected = serial.get(index);
                    MemoryTable actual = parallel.get(index);
                    assertThat(actual.schema()).isEqualTo(expected.schema());
                    assertThat(actual.batches())
                            .allSatisfy(batch -> assertThat(batch.rowCount()).isLessThanOrEqualTo(777));
                    assertThat(rows(actual)).as(expected.name()).isEqualTo(rows(expected));
                }
                assertThat(table(parallel, "lineitem").batches().size()).isGreaterThan(60_175 / 777);
            } finally {
                serial.forEach(MemoryTable::close);
                parallel.forEach(MemoryTable::close);
            }
        }
    }

    @Test
    void schemaWithoutGenerating() {
        assertThat(TpchGenerator.schema("region").getFields())
                .extracting(field -> field.getName())
                .containsExactly("r_regionkey", "r_name", "r_comment");
        assertThat(TpchGenerator.schema("lineitem")).isEqualTo(table("lineitem").schema());
        assertThat(TpchGenerator.schema("orders").getFields())
                .allSatisfy(field -> assertThat(field.isNullable()).isFalse());
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> TpchGenerator.generate(0, allocator))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("scale factor must be a positive number, got 0.0");
        assertThatThrownBy(() -> TpchGenerator.generate(-1, allocator)).isInstanceOf(QuiverException.class);
        assertThatThrownBy(() -> TpchGenerator.generate(Double.NaN, allocator)).isInstanceOf(QuiverException.class);
        assertThatThrownBy(() -> TpchGenerator.generate(0.01, 0, 1, allocator))
                .hasMessageContaining("batch size must be positive");
        assertThatThrownBy(() -> TpchGenerator.generate(0.01, 100, 0, allocator))
                .hasMessageContaining("threads must be at least 1");
        assertThatThrownBy(() -> TpchGenerator.schema("lineitems"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE))
                .hasMessageContaining("There is no TPC-H table lineitems");
    }

    @Test
    void memoryLimitFailsCleanly() {
        try (BufferAllocator limited = allocator.newChildAllocator("limited", 0, 1 << 20)) {
            assertThatThrownBy(() -> TpchGenerator.generate(0.01, 4096, 2, limited))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_LIMIT))
                    .hasMessageContaining("more memory than the limit allows");
            assertThat(limited.getAllocatedMemory()).isZero();
        }
    }

    @Test
    void interruptedGenerationFreesEverything() {
        try (BufferAllocator local = allocator.newChildAllocator("interrupted", 0, Long.MAX_VALUE)) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> TpchGenerator.generate(0.01, 1000, 2, local))
                        .isInstanceOfSatisfying(
                                QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
            } finally {
                Thread.interrupted(); // clear it for the next test
            }
            assertThat(local.getAllocatedMemory()).isZero();
        }
    }

    private MemoryTable table(String name) {
        return table(tables, name);
    }

    private static MemoryTable table(List<MemoryTable> tables, String name) {
        return tables.stream()
                .filter(table -> table.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<List<Object>> rows(MemoryTable table) {
        List<List<Object>> rows = new ArrayList<>();
        for (Batch batch : table.batches()) {
            for (int row = 0; row < batch.rowCount(); row++) {
                List<Object> values = new ArrayList<>();
                for (FieldVector column : batch.columns()) {
                    values.add(QueryResult.value(column, row));
                }
                rows.add(values);
            }
        }
        return rows;
    }

    private static BigDecimal sumOfDecimals(MemoryTable table, String column) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Batch batch : table.batches()) {
            DecimalVector vector = (DecimalVector) batch.columns().stream()
                    .filter(v -> v.getName().equals(column))
                    .findFirst()
                    .orElseThrow();
            for (int row = 0; row < batch.rowCount(); row++) {
                sum = sum.add(vector.getObject(row));
            }
        }
        return sum;
    }

    private static LocalDate minOfDates(MemoryTable table, String column) {
        int min = Integer.MAX_VALUE;
        for (Batch batch : table.batches()) {
            DateDayVector vector = (DateDayVector) batch.columns().stream()
                    .filter(v -> v.getName().equals(column))
                    .findFirst()
                    .orElseThrow();
            for (int row = 0; row < batch.rowCount(); row++) {
                min = Math.min(min, vector.get(row));
            }
        }
        return LocalDate.ofEpochDay(min);
    }

    private static Object queryOne(DuckDBConnection duckdb, String sql) throws SQLException {
        try (Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getObject(1);
        }
    }

    private static List<String> describe(DuckDBConnection duckdb, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE " + table)) {
            while (rows.next()) {
                columns.add(rows.getString("column_name") + " " + rows.getString("column_type"));
            }
        }
        return columns;
    }
}
