package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.QuiverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package path as a setting: JDBC, the Java API and the runtime hook a SET statement can call. */
class PythonPathSettingTest {
    @TempDir
    Path packages;

    @TempDir
    Path morePackages;

    @Test
    void aJdbcUrlPutsPackagesWithinReachOfFunctions() throws Exception {
        Files.writeString(packages.resolve("quiver_jdbc_pkg.py"), "def shout(s):\n    return s.upper() + '!'\n");
        try (var connection = DriverManager.getConnection("jdbc:quiver:?interpreters=1&python_path=" + packages);
                var statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION shout(s VARCHAR) RETURNS VARCHAR LANGUAGE PYTHON AS $$\n"
                    + "import quiver_jdbc_pkg\nreturn quiver_jdbc_pkg.shout(s)\n$$");
            try (var result = statement.executeQuery("SELECT shout('hi')")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("HI!");
            }
            try (var result = statement.executeQuery("SELECT value FROM python_info() WHERE name = 'python_path'")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo(packages.toString());
            }
        }
        SQLException error = catchThrowableOfType(
                SQLException.class, () -> DriverManager.getConnection("jdbc:quiver:?python_path=/no/such/dir"));
        assertThat(error.getSQLState()).isEqualTo("08001");
        assertThat(error.getMessage()).contains("python_path", "'/no/such/dir' is not a directory");
    }

    @Test
    void thePathCanBeReplacedWhileTheDatabaseRuns() throws Exception {
        Files.writeString(packages.resolve("quiver_first_pkg.py"), "VALUE = 1\n");
        Files.writeString(morePackages.resolve("quiver_second_pkg.py"), "VALUE = 2\n");
        try (Quiver database =
                        Quiver.open(QuiverConfig.defaults().withInterpreters(2).withPythonPath(List.of(packages)));
                Session session = database.newSession()) {
            session.execute("CREATE FUNCTION from_first(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                            + "import quiver_first_pkg\nreturn quiver_first_pkg.VALUE + x\n$$")
                    .close();
            try (QueryResult result = session.execute("SELECT from_first(10)")) {
                assertThat(result.rows()).containsExactly(List.of(11L));
            }
            database.setPythonPath(List.of(morePackages));
            assertThat(database.pythonPath()).containsExactly(morePackages);
            session.execute("CREATE FUNCTION from_second(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                            + "import quiver_second_pkg\nreturn quiver_second_pkg.VALUE + x\n$$")
                    .close();
            try (QueryResult result = session.execute("SELECT from_second(10)")) {
                assertThat(result.rows()).containsExactly(List.of(12L));
            }
            assertThatThrownBy(() -> database.setPythonPath(List.of(Path.of("/no/such/dir"))))
                    .hasMessageContaining("'/no/such/dir' is not a directory");
        }
    }

    @TempDir
    Path databaseDirectory;

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void setPythonPathIsStoredAndItsFunctionsComeBackOnOpen() throws Exception {
        Files.writeString(packages.resolve("quiver_stored_pkg.py"), "VALUE = 40\n");
        Path file = databaseDirectory.resolve("db.duckdb");
        QuiverConfig config = QuiverConfig.defaults().withInterpreters(1).withPythonPath(List.of());
        try (Quiver database = Quiver.open(file, config);
                Session session = database.newSession();
                Session other = database.newSession()) {
            session.execute("SET python_path = '" + packages + "'").close();
            assertThat(database.pythonPath()).containsExactly(packages);
            // database-wide: another session sees it
            assertThat(rows(other, "SELECT current_setting('python_path')"))
                    .containsExactly(List.of(packages.toString()));
            session.execute("CREATE FUNCTION from_stored(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                            + "import quiver_stored_pkg\nreturn quiver_stored_pkg.VALUE + x\n$$")
                    .close();
            QuiverException bad = catchThrowableOfType(
                    QuiverException.class,
                    () -> session.execute("SET python_path = '/no/such/dir'").close());
            assertThat(bad.getMessage()).contains("invalid value for python_path", "'/no/such/dir' is not a directory");
            assertThat(database.pythonPath()).containsExactly(packages);
        }
        try (Quiver database = Quiver.open(file, config);
                Session session = database.newSession()) {
            assertThat(database.pythonPath()).containsExactly(packages);
            assertThat(rows(session, "SELECT from_stored(2)")).containsExactly(List.of(42L));
            assertThat(rows(session, "SELECT current_setting('python_path')"))
                    .containsExactly(List.of(packages.toString()));
            session.execute("RESET python_path").close();
            assertThat(database.pythonPath()).isEmpty();
            assertThat(rows(session, "SELECT current_setting('python_path')")).containsExactly(List.of(""));
        }
        try (Quiver database = Quiver.open(file, config)) {
            assertThat(database.pythonPath()).isEmpty(); // RESET was stored too
        }
    }

    @Test
    void theSettingReadsAsPythonPathDoes() {
        assertThat(PythonSettings.parsePath("/a::/b/../c:")).containsExactly(Path.of("/a"), Path.of("/c"));
        assertThat(PythonSettings.parsePath("")).isEmpty();
        assertThatThrownBy(() -> QuiverConfig.defaults().withPythonPath(List.of(Path.of("/no/such/dir"))))
                .hasMessageContaining("python path entry '/no/such/dir' is not a directory (or a .zip file)");
    }
}
