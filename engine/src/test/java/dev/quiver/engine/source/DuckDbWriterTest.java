package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables copied into DuckDB arrive with the same types and values, NULLs included. */
class DuckDbWriterTest {
    @TempDir
    Path directory;

    private BufferAllocator allocator;
    private DuckDBConnection duckdb;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
        duckdb = DuckDb.openInMemory();
    }

    @AfterEach
    void close() throws SQLException {
        duckdb.close();
        allocator.close(); // fails the test on a leak
    }

    @Test
    void everyQuiverTypeRoundTrips() throws SQLException {
        Path parquet = directory.resolve("types.parquet");
        String source = "SELECT * FROM (VALUES"
                + " (true, 1::TINYINT, 2::SMALLINT, 3, 4::BIGINT, 1.5::REAL, 2.5::DOUBLE, 12.34::DECIMAL(10,2),"
                + "  12345678901234567890.12345::DECIMAL(38,5), 'text ☃', '\\xAA'::BLOB, DATE '2020-02-29',"
                + "  TIMESTAMP '2020-02-29 12:34:56.789012'),"
                + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                + " (false, -128, -32768, -2147483648, -9223372036854775808, -0.0, 'NaN'::DOUBLE, -99999999.99,"
                + "  -1, '', ''::BLOB, DATE '0001-01-01', TIMESTAMP '1969-12-31 23:59:59.999999'))"
                + " AS t(b, ti, si, i, bi, r, d, dec, wide, s, bin, dt, ts)";
        DuckDb.execute(duckdb, "COPY (" + source + ") TO " + DuckDb.literal(parquet.toString()) + " (FORMAT parquet)");
        try (DuckDbReader reader = new DuckDbReader();
                MemoryTable table = reader.read(
                        "copied", new DuckDbSource.ParquetFile(parquet.toString()), List.of(), null, allocator)) {
            DuckDbWriter.createTable(duckdb, table, allocator);
        }
        assertThat(describe("copied")).isEqualTo(describe("read_parquet(" + DuckDb.literal(parquet.toString()) + ")"));
        String original = "SELECT * FROM read_parquet(" + DuckDb.literal(parquet.toString()) + ")";
        assertThat(longValue("SELECT count(*) FROM (SELECT * FROM copied EXCEPT ALL " + original + ")"))
                .isZero();
        assertThat(longValue("SELECT count(*) FROM (" + original + " EXCEPT ALL SELECT * FROM copied)"))
                .isZero();
        assertThat(longValue("SELECT count(*) FROM copied")).isEqualTo(3);
    }

    @Test
    void batchesThatArePrefixesOfLongerVectorsAndEmptyTables() throws SQLException {
        Schema schema = new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        IntVector vector = new IntVector("n", allocator);
        vector.allocateNew(4);
        for (int row = 0; row < 4; row++) {
            vector.set(row, row + 1);
        }
        vector.setValueCount(4);
        try (MemoryTable prefix = new MemoryTable("prefix", schema, List.of(new Batch(List.of(vector), 2)));
                MemoryTable empty = new MemoryTable("empty", schema, List.of())) {
            DuckDbWriter.createTables(duckdb, List.of(prefix, empty), allocator);
        }
        assertThat(longValue("SELECT sum(n) FROM prefix")).isEqualTo(3);
        assertThat(longValue("SELECT count(*) FROM empty")).isZero();
        assertThat(describe("empty")).containsExactly("n INTEGER");
    }

    @Test
    void replacesATableOfTheSameNameAndLeavesNoViewBehind() throws SQLException {
        DuckDb.execute(duckdb, "CREATE TABLE region AS SELECT 'old' AS stale");
        List<MemoryTable> tables = TpchGenerator.generate(0.01, allocator);
        try {
            DuckDbWriter.createTable(duckdb, tables.get(TpchGenerator.TABLE_NAMES.indexOf("region")), allocator);
        } finally {
            tables.forEach(MemoryTable::close);
        }
        assertThat(longValue("SELECT count(*) FROM region")).isEqualTo(5);
        assertThat(longValue("SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'quiver_arrow_stream_%'"))
                .isZero();
    }

    @Test
    void aClosedConnectionFailsClearly() throws SQLException {
        Schema schema = new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        DuckDBConnection closed = DuckDb.openInMemory();
        closed.close();
        try (MemoryTable table = new MemoryTable("t", schema, List.of())) {
            assertThatThrownBy(() -> DuckDbWriter.createTable(closed, table, allocator))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR))
                    .hasMessageContaining("Could not copy table t into DuckDB");
        }
    }

    private long longValue(String sql) throws SQLException {
        try (Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getLong(1);
        }
    }

    private List<String> describe(String relation) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
            while (result.next()) {
                columns.add(result.getString("column_name") + " " + result.getString("column_type"));
            }
        }
        return columns;
    }
}
