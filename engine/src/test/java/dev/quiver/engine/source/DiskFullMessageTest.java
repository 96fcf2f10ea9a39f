package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A write that fails because the disk is full says so, and that nothing was changed — also when
 * DuckDB's follow-up error ("cannot commit - no transaction is active") is what surfaced first.
 * (Checked by hand on a 3 MB tmpfs: the INSERT fails with this message and the table is unchanged.)
 */
class DiskFullMessageTest {
    private static final Path FILE = Path.of("/data/db.duckdb");

    @Test
    void aFullDiskIsNamedWithWhatToDo() {
        SQLException commit = new SQLException("TransactionContext Error: cannot commit - no transaction is active");
        commit.addSuppressed(new SQLException("IO Error: Could not write all bytes to file \"/data/db.duckdb.wal\":"
                + " wanted=4096 wrote=0: No space left on device"));
        QuiverException error = DuckDbCatalogStore.writeFailure("insert into table t", FILE, commit);
        assertThat(error.code()).isEqualTo(ErrorCode.IO_ERROR);
        assertThat(error.getMessage())
                .isEqualTo("Could not insert into table t in database /data/db.duckdb: the disk"
                        + " is full (no space left on device); nothing was changed. Free some space and try again");
        QuiverException viaCause = DuckDbCatalogStore.writeFailure(
                "create table t", FILE, new SQLException("wrapped", new java.io.IOException("Disk quota exceeded")));
        assertThat(viaCause.getMessage()).contains("the disk is full", "nothing was changed");
    }

    @Test
    void otherFailuresKeepDuckDbsMessage() {
        QuiverException error = DuckDbCatalogStore.writeFailure(
                "drop table t", FILE, new SQLException("IO Error: Permission denied See also https://duckdb.org/docs"));
        assertThat(error.getMessage())
                .isEqualTo("Could not drop table t in database /data/db.duckdb (nothing was"
                        + " changed): Permission denied");
    }
}
