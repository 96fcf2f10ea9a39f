package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Parquet, CSV and DuckDB database files through DuckDB's Arrow export. */
class DuckDbReaderTest {
    @TempDir
    Path directory;

    private BufferAllocator allocator;
    private DuckDbReader reader;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
        reader = new DuckDbReader();
    }

    @AfterEach
    void close() {
        reader.close();
        allocator.close(); // fails the test on a leak
    }

    @Test
    void csvWithDetectedTypesAndNulls() throws IOException {
        Path csv = write("people.csv", """
                id,name,score,born,seen,active
                1,Ada,9.5,1815-12-10,2024-01-02 03:04:05,true
                2,Émile,,1900-01-01,2024-01-02 03:04:05.25,false
                3,,7.25,,,
                """);
        try (MemoryTable table =
                reader.read("people", new DuckDbSource.CsvFile(csv.toString()), List.of(), null, allocator)) {
            assertThat(types(table.schema()))
                    .containsExactly(
                            "id Int(64, true)",
                            "name Utf8",
                            "score FloatingPoint(DOUBLE)",
                            "born Date(DAY)",
                            "seen Timestamp(MICROSECOND, null)",
                            "active Bool");
            assertThat(rows(table))
                    .containsExactly(
                            List.of(
                                    1L,
                                    "Ada",
                                    9.5,
                                    LocalDate.of(1815, 12, 10),
                                    LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                                    true),
                            Arrays.asList(
                                    2L,
                                    "Émile",
                                    null,
                                    LocalDate.of(1900, 1, 1),
                                    LocalDateTime.of(2024, 1, 2, 3, 4, 5, 250_000_000),
                                    false),
                            Arrays.asList(3L, null, 7.25, null, null, null));
        }
    }

    @Test
    void projectionAndFilterArePushedIntoDuckDb() throws IOException {
        Path csv = write("people.csv", "id,name,score\n1,Ada,9.5\n2,Bob,3\n3,Cy,7\n");
        DuckDbSource source = new DuckDbSource.CsvFile(csv.toString());
        try (MemoryTable table = reader.read("t", source, List.of("name", "id"), "score > 5 AND id <> 1", allocator)) {
            assertThat(types(table.schema())).containsExactly("name Utf8", "id Int(64, true)");
            assertThat(rows(table)).containsExactly(List.of("Cy", 3L));
        }
    }

    @Test
    void parquetWithEveryTypeQuiverSupports() throws SQLException {
        Path parquet = directory.resolve("types.parquet");
        duckDb("COPY (SELECT * FROM (VALUES "
                + "(true, 1::TINYINT, 2::SMALLINT, 3, 4::BIGINT, 1.5::REAL, 2.5::DOUBLE, 12.34::DECIMAL(10,2),"
                + " 12345678901234567890.12345::DECIMAL(38,5), 'text', '\\xAA\\xBB'::BLOB, DATE '2020-02-29',"
                + " TIMESTAMP '2020-02-29 12:34:56.789012'),"
                + "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))"
                + " AS t(b, ti, si, i, bi, r, d, dec, wide, s, bin, dt, ts)) TO " + DuckDb.literal(parquet.toString())
                + " (FORMAT parquet)");
        try (MemoryTable table =
                reader.read("t", new DuckDbSource.ParquetFile(parquet.toString()), List.of(), null, allocator)) {
            assertThat(types(table.schema()))
                    .containsExactly(
                            "b Bool",
                            "ti Int(8, true)",
                            "si Int(16, true)",
                            "i Int(32, true)",
                            "bi Int(64, true)",
                            "r FloatingPoint(SINGLE)",
                            "d FloatingPoint(DOUBLE)",
                            "dec Decimal(10, 2, 128)",
                            "wide Decimal(38, 5, 128)",
                            "s Utf8",
                            "bin Binary",
                            "dt Date(DAY)",
                            "ts Timestamp(MICROSECOND, null)");
            List<List<Object>> rows = rows(table);
            assertThat(rows.get(0))
                    .usingRecursiveComparison()
                    .isEqualTo(List.of(
                            true,
                            (byte) 1,
                            (short) 2,
                            3,
                            4L,
                            1.5f,
                            2.5,
                            new BigDecimal("12.34"),
                            new BigDecimal("12345678901234567890.12345"),
                            "text",
                            new byte[] {(byte) 0xAA, (byte) 0xBB},
                            LocalDate.of(2020, 2, 29),
                            LocalDateTime.of(2020, 2, 29, 12, 34, 56, 789_012_000)));
            assertThat(rows.get(1)).containsOnlyNulls().hasSize(13);
        }
    }

    @Test
    void typesQuiverStoresDifferentlyAreConverted() throws SQLException {
        Path parquet = directory.resolve("converted.parquet");
        duckDb("COPY (SELECT 200::UTINYINT AS u8, 60000::USMALLINT AS u16, 4000000000::UINTEGER AS u32,"
                + " '2020-01-02 03:04:05'::TIMESTAMP_S AS secs, '2020-01-02 03:04:05.123'::TIMESTAMP_MS AS millis,"
                + " '2020-01-02 03:04:05.123456789'::TIMESTAMP_NS AS nanos"
                + " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL) TO " + DuckDb.literal(parquet.toString())
                + " (FORMAT parquet)");
        try (MemoryTable table =
                reader.read("t", new DuckDbSource.ParquetFile(parquet.toString()), List.of(), null, allocator)) {
            assertThat(types(table.schema()))
                    .containsExactly(
                            "u8 Int(16, true)",
                            "u16 Int(32, true)",
                            "u32 Int(64, true)",
                            "secs Timestamp(MICROSECOND, null)",
                            "millis Timestamp(MICROSECOND, null)",
                            "nanos Timestamp(MICROSECOND, null)");
            assertThat(table.batches().getFirst().schema()).isEqualTo(table.schema());
            assertThat(rows(table))
                    .containsExactly(
                            List.of(
                                    (short) 200,
                                    60000,
                                    4_000_000_000L,
                                    LocalDateTime.of(2020, 1, 2, 3, 4, 5),
                                    LocalDateTime.of(2020, 1, 2, 3, 4, 5, 123_000_000),
                                    LocalDateTime.of(
                                            2020, 1, 2, 3, 4, 5, 123_457_000)), // rounded, as DuckDB's ::TIMESTAMP does
                            Arrays.asList(null, null, null, null, null, null));
        }
    }

    @Test
    void largeStringsBecomeUtf8AndBinary() {
        // With this setting DuckDB exports LargeUtf8 and LargeBinary (its string views do not reach
        // JDBC's export; DuckDbTypesTest converts hand-made views).
        Properties settings = new Properties();
        settings.setProperty("arrow_large_buffer_size", "true");
        Path parquet = directory.resolve("strings.parquet");
        try (DuckDbReader viewReader = new DuckDbReader(settings)) {
            duckDb(
                    "COPY (SELECT 'row ' || i AS s, ('\\x0' || (i % 10))::BLOB AS b, NULL::VARCHAR AS n FROM range(3000) t(i))"
                            + " TO " + DuckDb.literal(parquet.toString()) + " (FORMAT parquet)");
            try (MemoryTable table = viewReader.read(
                    "t", new DuckDbSource.ParquetFile(parquet.toString()), List.of(), null, allocator)) {
                assertThat(types(table.schema())).containsExactly("s Utf8", "b Binary", "n Utf8");
                Batch first = table.batches().getFirst();
                assertThat(first.column(0)).isInstanceOf(VarCharVector.class);
                assertThat(first.column(1)).isInstanceOf(VarBinaryVector.class);
                List<List<Object>> rows = rows(table);
                assertThat(rows).hasSize(3000);
                assertThat(rows.get(2999))
                        .usingRecursiveComparison()
                        .isEqualTo(Arrays.asList("row 2999", new byte[] {9}, null));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void batchesAreAtMostTheBatchSize() throws SQLException {
        Path parquet = directory.resolve("range.parquet");
        duckDb("COPY (SELECT range AS n FROM range(100000)) TO " + DuckDb.literal(parquet.toString())
                + " (FORMAT parquet)");
        long sum = 0;
        int batches = 0;
        try (DuckDbScan scan = reader.scan(
                new DuckDbSource.ParquetFile(parquet.toString()), List.of("n"), "n % 2 = 0", 4096, allocator)) {
            for (Batch next = scan.next(); next != null; next = scan.next()) {
                try (Batch batch = next) {
                    assertThat(batch.rowCount()).isBetween(1, 4096);
                    BigIntVector column = (BigIntVector) batch.column(0);
                    for (int row = 0; row < batch.rowCount(); row++) {
                        sum += column.get(row);
                    }
                    batches++;
                }
            }
            assertThat(scan.next()).isNull();
        }
        assertThat(sum).isEqualTo(2L * (49_999L * 50_000L / 2));
        assertThat(batches).isGreaterThanOrEqualTo(50_000 / 4096);
    }

    @Test
    void tablesOfADuckDbDatabaseFile() throws SQLException {
        Path database = directory.resolve("store.duckdb");
        try (DuckDBConnection writer =
                (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + database)) {
            DuckDb.execute(
                    writer,
                    "CREATE TABLE orders AS SELECT range AS id, 'item ' || range AS item,"
                            + " (range * 1.25)::DECIMAL(12,2) AS price FROM range(10)");
            DuckDb.execute(writer, "CREATE SCHEMA archive");
            DuckDb.execute(writer, "CREATE TABLE archive.orders AS SELECT 99 AS id");
        }
        String path = database.toString();
        try (MemoryTable cheap = reader.read(
                        "cheap",
                        new DuckDbSource.DatabaseTable(path, "orders"),
                        List.of("item", "price"),
                        "price < 3",
                        allocator);
                MemoryTable archived = reader.read(
                        "archived",
                        new DuckDbSource.DatabaseTable(path, "archive", "orders"),
                        List.of(),
                        null,
                        allocator)) {
            assertThat(rows(cheap))
                    .containsExactly(
                            List.of("item 0", new BigDecimal("0.00")),
                            List.of("item 1", new BigDecimal("1.25")),
                            List.of("item 2", new BigDecimal("2.50")));
            assertThat(rows(archived)).containsExactly(List.of(99));
        }
        // Attached once, the file serves the schema as well.
        assertThat(types(reader.schema(new DuckDbSource.DatabaseTable(path, "orders"), allocator)))
                .containsExactly("id Int(64, true)", "item Utf8", "price Decimal(12, 2, 128)");
    }

    @Test
    void schemaWithoutReadingRows() throws IOException {
        Path csv = write("x.csv", "a,b\n1,x\n");
        Schema schema = reader.schema(new DuckDbSource.CsvFile(csv.toString()), allocator);
        assertThat(types(schema)).containsExactly("a Int(64, true)", "b Utf8");
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void scansRunSideBySide() throws IOException {
        Path csv = write("x.csv", "a\n1\n2\n");
        DuckDbSource source = new DuckDbSource.CsvFile(csv.toString());
        try (DuckDbScan first = reader.scan(source, List.of(), null, 1, allocator);
                DuckDbScan second = reader.scan(source, List.of(), "a = 2", 1, allocator)) {
            try (Batch one = first.next();
                    Batch two = second.next()) {
                assertThat(QueryResult.value(one.column(0), 0)).isEqualTo(1L);
                assertThat(QueryResult.value(two.column(0), 0)).isEqualTo(2L);
            }
            assertThat(second.next()).isNull();
        }
    }

    @Test
    void missingFilesNameThePath() {
        String missing = directory.resolve("nope.parquet").toString();
        assertFailure(
                () -> reader.read("t", new DuckDbSource.ParquetFile(missing), List.of(), null, allocator),
                ErrorCode.IO_ERROR,
                "Could not read parquet file '" + missing + "'");
        String missingCsv = directory.resolve("nope.csv").toString();
        assertFailure(
                () -> reader.read("t", new DuckDbSource.CsvFile(missingCsv), List.of(), null, allocator),
                ErrorCode.IO_ERROR,
                "Could not read CSV file '" + missingCsv + "'");
        String missingDatabase = directory.resolve("nope.duckdb").toString();
        assertFailure(
                () -> reader.read(
                        "t", new DuckDbSource.DatabaseTable(missingDatabase, "t"), List.of(), null, allocator),
                ErrorCode.IO_ERROR,
                "table main.t of DuckDB database '" + missingDatabase + "': the database file does not exist");
        assertThat(directory.resolve("nope.duckdb")).doesNotExist();
    }

    @Test
    void filesThatAreNotWhatTheyClaim() throws IOException {
        Path fake = write("fake.parquet", "this is not parquet");
        assertFailure(
                () -> reader.read("t", new DuckDbSource.ParquetFile(fake.toString()), List.of(), null, allocator),
                ErrorCode.IO_ERROR,
                "Could not read parquet file '" + fake + "'");
        Path fakeDatabase = write("fake.duckdb", "this is not a database");
        assertFailure(
                () -> reader.read(
                        "t", new DuckDbSource.DatabaseTable(fakeDatabase.toString(), "t"), List.of(), null, allocator),
                ErrorCode.IO_ERROR,
                "DuckDB cannot open the database file");
    }

    @Test
    void malformedCsv() throws IOException {
        // Past the rows DuckDB samples to detect the dialect, so the error comes while rows stream.
        StringBuilder ragged = new StringBuilder("a,b\n");
        for (int row = 0; row < 30_000; row++) {
            ragged.append(row).append(',').append(row * 2).append('\n');
        }
        Path raggedFile = write("ragged.csv", ragged.append("3,4,5,6\n7,8\n").toString());
        assertFailure(
                () -> reader.read("t", new DuckDbSource.CsvFile(raggedFile.toString()), List.of(), null, allocator),
                ErrorCode.IO_ERROR,
                "Could not read CSV file '" + raggedFile + "'",
                "CSV Error on Line: 30002");
        // A value that does not fit the type DuckDB detected from its sample.
        StringBuilder numbers = new StringBuilder("n\n");
        for (int row = 0; row < 100_000; row++) {
            numbers.append(row).append('\n');
        }
        Path late = write("late.csv", numbers.append("not a number\n").toString());
        assertFailure(
                () -> reader.read("t", new DuckDbSource.CsvFile(late.toString()), List.of(), null, allocator),
                ErrorCode.IO_ERROR,
                "Could not read CSV file '" + late + "'",
                "Could not convert string \"not a number\"");
    }

    @Test
    void unsupportedTypesNameColumnAndType() throws SQLException {
        Path database = directory.resolve("odd.duckdb");
        try (DuckDBConnection writer =
                (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + database)) {
            DuckDb.execute(writer, "CREATE TYPE mood AS ENUM ('sad', 'happy')");
            DuckDb.execute(
                    writer,
                    "CREATE TABLE odd AS SELECT 1 AS fine, INTERVAL 1 DAY AS span, [1::UBIGINT] AS list,"
                            + " {'a': 1::UBIGINT} AS struct, TIMESTAMPTZ '2020-01-01 00:00:00+00' AS zoned, 1::UBIGINT AS huge,"
                            + " 'happy'::mood AS feeling, TIME '01:02:03' AS clock");
        }
        String path = database.toString();
        List<String[]> expected = List.of(
                new String[] {"list", "UBIGINT[]"},
                new String[] {"struct", "STRUCT(a UBIGINT)"},
                new String[] {"huge", "UBIGINT"},
                new String[] {"feeling", "ENUM"});
        for (String[] column : expected) {
            assertFailure(
                    () -> reader.read(
                            "t",
                            new DuckDbSource.DatabaseTable(path, "odd"),
                            List.of("fine", column[0]),
                            null,
                            allocator),
                    ErrorCode.UNSUPPORTED,
                    "column " + column[0] + " of table main.odd of DuckDB database '" + path + "' has type " + column[1]
                            + " which Quiver does not support yet");
        }
        // Left out of the projection, they are no problem.
        try (MemoryTable table =
                reader.read("t", new DuckDbSource.DatabaseTable(path, "odd"), List.of("fine"), null, allocator)) {
            assertThat(rows(table)).containsExactly(List.of(1));
        }
    }

    @Test
    void wrongProjectionFilterOrTable() throws IOException, SQLException {
        Path csv = write("x.csv", "a,b\n1,x\n");
        DuckDbSource source = new DuckDbSource.CsvFile(csv.toString());
        assertFailure(
                () -> reader.read("t", source, List.of("a", "c"), null, allocator), ErrorCode.UNKNOWN_COLUMN, "\"c\"");
        assertFailure(
                () -> reader.read("t", source, List.of(), "a >", allocator),
                ErrorCode.INVALID_ARGUMENT,
                "Parser Error");
        assertFailure(
                () -> reader.read("t", source, List.of(), "b + 1 = 2", allocator),
                ErrorCode.INVALID_ARGUMENT,
                "Binder Error");
        Path database = directory.resolve("empty.duckdb");
        try (DuckDBConnection writer =
                (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + database)) {
            DuckDb.execute(writer, "CREATE TABLE present AS SELECT 1 AS x");
        }
        assertFailure(
                () -> reader.read(
                        "t", new DuckDbSource.DatabaseTable(database.toString(), "absent"), List.of(), null, allocator),
                ErrorCode.UNKNOWN_TABLE,
                "absent");
        assertFailure(
                () -> reader.scan(source, List.of(), null, 0, allocator),
                ErrorCode.INVALID_ARGUMENT,
                "batch size must be positive");
    }

    @Test
    void quotesInPathsAndNames() throws IOException {
        Path csv = write("it's \"odd\".csv", "\"we\"\"ird\",plain\n1,2\n");
        try (MemoryTable table =
                reader.read("t", new DuckDbSource.CsvFile(csv.toString()), List.of("we\"ird"), null, allocator)) {
            assertThat(rows(table)).containsExactly(List.of(1L));
        }
    }

    @Test
    void extensionsAreNeverDownloaded() throws SQLException {
        try (DuckDBConnection duckdb = DuckDb.openInMemory();
                Statement statement = duckdb.createStatement();
                var result = statement.executeQuery("SELECT current_setting('autoinstall_known_extensions')")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean(1)).isFalse();
        }
    }

    private void assertFailure(ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage())
                    .contains(messageParts)
                    .doesNotContain(
                            "LINE 1:", "Possible fixes", "Possible solutions"); // about DuckDB's query, not the user's
        });
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static void duckDb(String sql) throws SQLException {
        try (DuckDBConnection duckdb = DuckDb.openInMemory()) {
            DuckDb.execute(duckdb, sql);
        }
    }

    private static List<String> types(Schema schema) {
        List<String> types = new ArrayList<>();
        for (Field field : schema.getFields()) {
            ArrowType type = field.getType();
            types.add(field.getName() + " " + type);
        }
        return types;
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
}
