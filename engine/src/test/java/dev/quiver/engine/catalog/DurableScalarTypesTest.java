package dev.quiver.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database file keeps TIME, TIMESTAMPTZ, UUID, HUGEINT and BLOB columns across close and reopen. */
class DurableScalarTypesTest {
    private static final QuiverConfig CONFIG =
            QuiverConfig.defaults().withThreads(2).withInterpreters(1);

    @TempDir
    Path directory;

    private static List<List<Object>> text(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void scalarTypesSurviveReopening() {
        Path database = directory.resolve("types.duckdb");
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            session.execute("CREATE TABLE s (tm TIME, tz TIMESTAMPTZ, u UUID, h HUGEINT, b BLOB)")
                    .close();
            session.execute(
                            "INSERT INTO s VALUES ('12:34:56.789', '2024-01-02 03:04:05+02',"
                                    + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 123456789012345678901234567890, '\\x00\\xFFab')")
                    .close();
            session.execute("INSERT INTO s VALUES (NULL, NULL, NULL, NULL, NULL)")
                    .close();
        }
        try (Quiver quiver = Quiver.open(database, CONFIG);
                Session session = quiver.newSession()) {
            assertThat(text(
                            session,
                            "SELECT tm::VARCHAR, tz::VARCHAR, u::VARCHAR, h::VARCHAR, b::VARCHAR FROM s"
                                    + " ORDER BY tm NULLS LAST"))
                    .containsExactly(
                            List.of(
                                    "12:34:56.789",
                                    "2024-01-02 01:04:05+00",
                                    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                                    "123456789012345678901234567890",
                                    "\\x00\\xFFab"),
                            java.util.Arrays.asList(null, null, null, null, null));
        }
    }
}
