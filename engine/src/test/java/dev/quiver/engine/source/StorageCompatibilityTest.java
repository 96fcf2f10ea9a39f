package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database files and the DuckDB versions that can open them: the storage version in the file's
 * header (a little-endian uint64 after the 8-byte checksum and the magic "DUCK"). DuckDB 1.5.6 reads
 * 64 to 68 (its error message says so); 68 is DuckDB 1.5's, 64 DuckDB 1.0's.
 */
class StorageCompatibilityTest {
    @TempDir
    Path directory;

    private long storageVersionOfANewDatabase(String compatibility) throws IOException {
        Path file = directory.resolve("db-" + compatibility + ".duckdb");
        String previous = System.getProperty(DuckDb.STORAGE_COMPATIBILITY_PROPERTY);
        System.setProperty(DuckDb.STORAGE_COMPATIBILITY_PROPERTY, compatibility);
        try (Quiver database = Quiver.open(file, QuiverConfig.defaults().withThreads(1));
                Session session = database.newSession()) {
            session.executeScript("CREATE TABLE t AS SELECT 1 AS x").close();
        } finally {
            if (previous == null) {
                System.clearProperty(DuckDb.STORAGE_COMPATIBILITY_PROPERTY);
            } else {
                System.setProperty(DuckDb.STORAGE_COMPATIBILITY_PROPERTY, previous);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(20);
            assertThat(new String(header, 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("DUCK");
            return ByteBuffer.wrap(header, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    @Test
    void theCompatibilityPropertyWritesAFormatOlderDuckDbsRead() throws IOException {
        assertThat(storageVersionOfANewDatabase("v1.5.0")).isEqualTo(68);
        assertThat(storageVersionOfANewDatabase("v1.0.0")).isEqualTo(64);
    }

    @Test
    void withoutItTheFileIsForDuckDb2Only() throws IOException {
        assertThat(storageVersionOfANewDatabase("")).isGreaterThan(68);
    }
}
