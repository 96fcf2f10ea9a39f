package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines get the storage warm-up: those that open a database file, in either option form. */
class StartupWarmupTest {

    @Test
    void aDatabaseFileIsSeenInEitherOptionForm() {
        assertThat(StartupWarmup.opensDatabaseFile(new String[] {"sql", "--db", "x.db", "-c", "SELECT 1"}))
                .isTrue();
        assertThat(StartupWarmup.opensDatabaseFile(new String[] {"shell", "--db=x.db"}))
                .isTrue();
    }

    @Test
    void inMemoryRunsAndLookalikeOptionsAreNot() {
        assertThat(StartupWarmup.opensDatabaseFile(new String[] {"sql", "-c", "SELECT 1"}))
                .isFalse();
        assertThat(StartupWarmup.opensDatabaseFile(new String[] {"sql", "--dbx", "-c", "SELECT '--db'"}))
                .isFalse();
        assertThat(StartupWarmup.opensDatabaseFile(new String[0])).isFalse();
    }
}
