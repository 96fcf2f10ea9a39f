package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.udf.cpython.PythonRuntime;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cap on Python's memory as a database setting: sizes as DuckDB spells them, the cap reaching the
 * interpreter pool, and clear errors for sizes that are none.
 */
class PythonMemoryLimitTest {

    @Test
    void sizesReadAsDuckDbSpellsThem() {
        assertThat(QuiverConfig.parseByteSize("0")).isZero();
        assertThat(QuiverConfig.parseByteSize("1234")).isEqualTo(1234);
        assertThat(QuiverConfig.parseByteSize("512MB")).isEqualTo(512_000_000L);
        assertThat(QuiverConfig.parseByteSize(" 1.5 gib ")).isEqualTo(3L << 29);
        assertThat(QuiverConfig.parseByteSize("2KiB")).isEqualTo(2048);
        assertThat(QuiverConfig.parseByteSize("4GB")).isEqualTo(4_000_000_000L);
        assertThatThrownBy(() -> QuiverConfig.parseByteSize("-1GB")).hasMessageContaining("'-1GB' is not a size");
        assertThatThrownBy(() -> QuiverConfig.parseByteSize("8 bananas")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> QuiverConfig.parseByteSize("99999999999TiB")).hasMessageContaining("too large");
    }

    @Test
    void theDefaultCapsPythonBelowTheMachinesMemory() {
        long cap = QuiverConfig.defaults().pythonMemoryLimit();
        assertThat(cap).isPositive();
        assertThat(QuiverConfig.defaults().withPythonMemoryLimit(0).pythonMemoryLimit())
                .isZero();
        assertThatThrownBy(() -> QuiverConfig.defaults().withPythonMemoryLimit(-1))
                .hasMessageContaining("python memory limit");
    }

    @Test
    void aCapTheProcessIsAlreadyOverStopsTheRunningCallAndTheDatabaseGoesOn() {
        // One byte: the watchdog finds the process over it as soon as a call runs, and the call,
        // which would otherwise spin for 30 s, ends with MEMORY_LIMIT naming the function.
        try (Quiver database = Quiver.open(QuiverConfig.defaults()
                        .withThreads(1)
                        .withInterpreters(1)
                        .withPythonMemoryLimit(1));
                Session session = database.newSession()) {
            // The watchdog may stop the CREATE's own short definition call too (the process is
            // over the cap from the start): try again until one slips through between two polls.
            String create = "CREATE FUNCTION spin(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                    + "import time\nend = time.monotonic() + 30\nwhile time.monotonic() < end:\n    pass\nreturn x\n$$";
            for (int attempt = 0; ; attempt++) {
                try {
                    session.execute(create).close();
                    break;
                } catch (QuiverException e) {
                    if (e.code() != ErrorCode.MEMORY_LIMIT || attempt == 100) {
                        throw e;
                    }
                }
            }
            QuiverException error = catchThrowableOfType(
                    QuiverException.class,
                    () -> session.execute("SELECT spin(range) FROM range(3)").close());
            assertThat(error.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
            assertThat(error.getMessage()).contains("spin");
            try (QueryResult result = session.execute("SELECT count(*) FROM range(5)")) {
                assertThat(result.rows()).containsExactly(List.of(5L));
            }
        }
    }

    @Test
    void aQueryOverItsOwnPythonLimitFailsAndTheDatabaseGoesOn() {
        requireCounting();
        try (Quiver database = Quiver.open(QuiverConfig.defaults()
                        .withThreads(2)
                        .withInterpreters(2)
                        .withPythonMemoryLimit(0)
                        .withPythonQueryMemoryLimit(64L << 20));
                Session session = database.newSession()) {
            session.execute("CREATE FUNCTION hog(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                            + "chunks = []\nwhile True:\n    chunks.append(bytearray(1 << 20))\n$$")
                    .close();
            session.execute("CREATE FUNCTION twice(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\nreturn 2 * x\n$$")
                    .close();
            QuiverException error = catchThrowableOfType(
                    QuiverException.class,
                    () -> session.execute("SELECT hog(range) FROM range(3)").close());
            assertThat(error.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
            assertThat(error.getMessage()).contains("hog", "per-query Python memory limit of 64 MiB");
            try (QueryResult result = session.execute("SELECT sum(twice(range)) FROM range(1000)")) {
                assertThat(result.rows()).containsExactly(List.of(999_000L));
            }
        }
    }

    @Test
    void anAggregateWhoseStateOutgrowsTheQueryLimitFailsTheQuery() {
        requireCounting();
        try (Quiver database = Quiver.open(QuiverConfig.defaults()
                        .withThreads(2)
                        .withInterpreters(2)
                        .withPythonMemoryLimit(0)
                        .withPythonQueryMemoryLimit(64L << 20));
                Session session = database.newSession()) {
            // 1 MiB of state per row, kept across batches: the query's calls hold it all.
            session.execute("""
                            CREATE AGGREGATE FUNCTION hoard(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$
                            class Hoard:
                                def __init__(self):
                                    self.kept = []
                                    self.merged = 0
                                @property
                                def aggregate_state(self):
                                    return len(self.kept) + self.merged
                                def accumulate(self, x):
                                    self.kept.append(bytearray(1 << 20))
                                def merge(self, other_state):
                                    self.merged += other_state
                                def finish(self):
                                    return len(self.kept) + self.merged
                            $$""").close();
            try (QueryResult small = session.execute("SELECT hoard(range) FROM range(10)")) {
                assertThat(small.rows()).containsExactly(List.of(10L));
            }
            QuiverException error = catchThrowableOfType(
                    QuiverException.class,
                    () -> session.execute("SELECT hoard(range) FROM range(1000)")
                            .close());
            assertThat(error.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
            assertThat(error.getMessage()).contains("hoard", "per-query Python memory limit of 64 MiB");
            try (QueryResult again = session.execute("SELECT hoard(range) FROM range(10)")) {
                assertThat(again.rows()).containsExactly(List.of(10L));
            }
        }
    }

    private static void requireCounting() {
        boolean counted = PythonRuntime.get().memoryAccounting().isAvailable();
        if (Boolean.getBoolean("quiver.pymem.required")) {
            assertThat(counted)
                    .as(PythonRuntime.get().memoryAccounting().status())
                    .isTrue();
        }
        Assumptions.assumeTrue(counted, PythonRuntime.get().memoryAccounting().status());
    }

    @Test
    void theQueryLimitIsASizeOnEverySurface() throws SQLException {
        assertThat(QuiverConfig.defaults().python().queryMemoryLimit()).isPositive();
        assertThat(QuiverConfig.defaults()
                        .withPythonQueryMemoryLimit(0)
                        .python()
                        .queryMemoryLimit())
                .isZero();
        assertThatThrownBy(() -> QuiverConfig.defaults().withPythonQueryMemoryLimit(-1))
                .hasMessageContaining("python query memory limit");
        try (var connection = DriverManager.getConnection("jdbc:quiver:?python_query_memory_limit=1GB");
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT 1")) {
            assertThat(result.next()).isTrue();
        }
        SQLException error = catchThrowableOfType(
                SQLException.class, () -> DriverManager.getConnection("jdbc:quiver:?python_query_memory_limit=lots"));
        assertThat(error.getSQLState()).isEqualTo("08001");
        assertThat(error.getMessage()).contains("python_query_memory_limit", "'lots' is not a size");
    }

    @Test
    void jdbcTakesTheSettingAndRefusesASizeThatIsNone() throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:quiver:?python_memory_limit=16GiB");
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT 1")) {
            assertThat(result.next()).isTrue();
        }
        SQLException error = catchThrowableOfType(
                SQLException.class, () -> DriverManager.getConnection("jdbc:quiver:?python_memory_limit=plenty"));
        assertThat(error.getSQLState()).isEqualTo("08001");
        assertThat(error.getMessage()).contains("python_memory_limit", "'plenty' is not a size");
    }
}
