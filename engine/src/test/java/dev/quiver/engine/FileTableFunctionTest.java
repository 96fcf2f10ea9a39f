package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read_csv and read_parquet read through DuckDB's readers; bad files are clear IO errors. */
class FileTableFunctionTest {
    @TempDir
    Path directory;

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
    void readsCsvWithSniffedTypesAndNulls() throws Exception {
        Path csv = directory.resolve("people.csv");
        Files.writeString(csv, "id,name,score\n1,ann,2.5\n2,,3.5\n3,\"b,c\",\n");
        assertThat(rows("SELECT * FROM read_csv('" + csv + "') ORDER BY id DESC"))
                .containsExactly(Arrays.asList(3L, "b,c", null), Arrays.asList(2L, null, 3.5), List.of(1L, "ann", 2.5));
    }

    @Test
    void readsParquetAndLoadsItIntoATable() throws Exception {
        Path parquet = directory.resolve("numbers.parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT i AS n, 'v' || i AS label, DATE '2024-01-01' + i::INTEGER AS d "
                    + "FROM range(100000) t(i)) TO '" + parquet + "' (FORMAT parquet)");
        }
        session.execute("CREATE TABLE numbers AS SELECT * FROM read_parquet('" + parquet + "')")
                .close();
        assertThat(rows("SELECT n, label, d FROM numbers ORDER BY n DESC LIMIT 1"))
                .containsExactly(List.of(
                        99_999L, "v99999", java.time.LocalDate.of(2024, 1, 1).plusDays(99_999)));
        try (QueryResult result = session.execute("SELECT * FROM numbers")) {
            assertThat(result.rowCount()).isEqualTo(100_000);
        }
    }

    @Test
    void missingAndMalformedFilesAreIoErrorsNamingThePath() throws Exception {
        QuiverException missing = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT * FROM read_csv('" + directory.resolve("nope.csv") + "')"));
        assertThat(missing.code()).isEqualTo(ErrorCode.IO_ERROR);
        assertThat(missing.getMessage()).contains("nope.csv");
        Path notParquet = directory.resolve("text.parquet");
        Files.writeString(notParquet, "hello");
        QuiverException malformed = catchThrowableOfType(
                QuiverException.class, () -> session.execute("SELECT * FROM read_parquet('" + notParquet + "')"));
        assertThat(malformed.code()).isEqualTo(ErrorCode.IO_ERROR);
        assertThat(malformed.getMessage()).contains("text.parquet");
        assertThat(rows("SELECT * FROM range(2)")).hasSize(2); // the session keeps working
    }
}
