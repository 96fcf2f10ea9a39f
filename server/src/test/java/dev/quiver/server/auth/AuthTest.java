package dev.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.StatementKind;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {
    @TempDir
    Path directory;

    @Test
    void passwordHashesAreSaltedAndVerify() {
        String first = PasswordHash.create("correct horse".toCharArray(), 1_000);
        String second = PasswordHash.create("correct horse".toCharArray(), 1_000);
        assertThat(first).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(second);
        assertThat(PasswordHash.matches("correct horse".toCharArray(), first)).isTrue();
        assertThat(PasswordHash.matches("correct hors".toCharArray(), first)).isFalse();
        assertThatThrownBy(() -> PasswordHash.matches("x".toCharArray(), "md5$abc"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("quiver server passwd");
    }

    @Test
    void usersFileAddsChangesAndKeepsRolesWithoutPasswordsInClear() throws Exception {
        Path file = directory.resolve("users");
        UsersFile.setPassword(file, "alice", Role.ADMIN, "first-password".toCharArray(), 1_000);
        UsersFile.setPassword(file, "rita", Role.READER, "rita-password".toCharArray(), 1_000);
        UsersFile.setPassword(file, "alice", null, "second-password".toCharArray(), 1_000);
        UsersFile users = UsersFile.read(file);
        assertThat(users.size()).isEqualTo(2);
        UsersFile.User alice = users.user("alice").orElseThrow();
        assertThat(alice.role()).isEqualTo(Role.ADMIN);
        assertThat(PasswordHash.matches("second-password".toCharArray(), alice.passwordHash()))
                .isTrue();
        assertThat(Files.readString(file)).doesNotContain("password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> UsersFile.setPassword(file, "bob", null, "bob-password".toCharArray(), 1_000))
                .hasMessageContaining("needs a role");
        assertThatThrownBy(() -> UsersFile.setPassword(file, "bad:name", Role.READER, "x".toCharArray(), 1_000))
                .hasMessageContaining("is not 1 to 64");
    }

    @Test
    void aDamagedUsersFileNamesTheLine() throws Exception {
        Path file = directory.resolve("users");
        Files.writeString(file, "# comment\nalice:admin:pbkdf2-sha256$1$a$b\ngarbage\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining("line 3");
        assertThatThrownBy(() -> UsersFile.read(directory.resolve("missing")))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR))
                .hasMessageContaining("quiver server passwd");
    }

    @Test
    void rolesAllowWhatTheyShould() {
        assertThat(Role.READER.allows(StatementKind.READ)).isTrue();
        assertThat(Role.READER.allows(StatementKind.WRITE)).isFalse();
        assertThat(Role.WRITER.allows(StatementKind.TABLE_DDL)).isTrue();
        assertThat(Role.WRITER.allows(StatementKind.FUNCTION_DDL)).isFalse();
        assertThat(Role.WRITER.allows(StatementKind.DATABASE)).isFalse();
        assertThat(Role.ADMIN.allows(StatementKind.ADMINISTRATION)).isTrue();
        assertThatThrownBy(() -> Role.WRITER.check(StatementKind.DATABASE, "wendy"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
                .hasMessageContaining("ATTACH");
        assertThat(Role.parse("Writer")).isEqualTo(Role.WRITER);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("admin, writer or reader");
    }

    @Test
    void aFileNamedAsATableIsCheckedLikeTheReaderFunctions() throws Exception {
        Path allowed = Files.createDirectories(directory.resolve("allowed"));
        FileAccessPolicy policy = new FileAccessPolicy(List.of(allowed));
        policy.check("SELECT * FROM '" + allowed.resolve("data.parquet") + "'", Role.READER, "rita");
        policy.check("FROM '" + allowed.resolve("logs") + "/*.csv' AS l", Role.READER, "rita");
        assertThatThrownBy(() -> policy.check("SELECT * FROM '/etc/passwd.csv'", Role.READER, "rita"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
                .hasMessageContaining("/etc/passwd.csv");
        assertThatThrownBy(() -> policy.check(
                        "SELECT * FROM '" + allowed.resolve("a.csv") + "' JOIN '/tmp/b.parquet' USING (k)",
                        Role.WRITER,
                        "wendy"))
                .hasMessageContaining("/tmp/b.parquet");
        policy.check("SELECT * FROM '/etc/passwd.csv'", Role.ADMIN, "alice");
    }

    @Test
    void failedLoginsAreThrottledWithinTheWindow() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), clock);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(throttle.allows("alice")).isTrue();
            throttle.failed("alice");
        }
        assertThat(throttle.allows("alice")).isFalse();
        assertThat(throttle.allows("bob")).isTrue();
        clock.now = clock.now.plusSeconds(61);
        assertThat(throttle.allows("alice")).isTrue();
        throttle.failed("alice");
        throttle.succeeded("alice");
        assertThat(throttle.allows("alice")).isTrue();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
