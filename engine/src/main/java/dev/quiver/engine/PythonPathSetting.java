package dev.quiver.engine;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlSetOption;

/**
 * {@code SET python_path = 'DIR[:DIR...]'} and {@code RESET python_path}: the package path of the
 * whole database (every session, every interpreter), wired to {@link Quiver#setPythonPath}. A
 * durable database stores it with its settings and applies it when it opens, before its functions
 * are re-created (so functions importing from it come back); {@code current_setting('python_path')}
 * shows it. RESET goes back to the path the database was opened with.
 */
final class PythonPathSetting {
    static final String NAME = "python_path";

    private PythonPathSetting() {}

    /** Whether a SET or RESET names this setting. */
    static boolean isFor(SqlSetOption option) {
        return option.name().toString().toLowerCase(Locale.ROOT).equals(NAME);
    }

    /** The path as SET spells it: absolute directories joined with the path separator. */
    static String text(List<Path> directories) {
        return directories.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    static QueryResult run(SqlSetOption option, Quiver database) {
        if (option.getValue() == null) {
            database.store().saveSetting(NAME, null);
            database.setPythonPath(database.config().python().path());
            database.globalSettings().remove(NAME);
            return QueryResult.ofUpdateCount(0);
        }
        if (!(option.getValue() instanceof SqlCharStringLiteral literal)) {
            throw error(option, "SET python_path takes a string, e.g. SET python_path = '/opt/pkgs:/srv/lib'");
        }
        List<Path> directories;
        try {
            directories = new PythonSettings(0, PythonSettings.parsePath(literal.getValueAs(String.class))).path();
        } catch (IllegalArgumentException e) {
            throw error(option, "invalid value for python_path: " + e.getMessage());
        }
        apply(database, directories, true);
        return QueryResult.ofUpdateCount(0);
    }

    /** Puts {@code directories} in force (storing them first when {@code store}); for SET and for opening. */
    static void apply(Quiver database, List<Path> directories, boolean store) {
        if (store) {
            database.store().saveSetting(NAME, text(directories)); // durable first
        }
        database.setPythonPath(directories);
        database.globalSettings().put(NAME, text(directories));
    }

    private static QuiverException error(SqlSetOption option, String message) {
        return new QuiverException(
                ErrorCode.INVALID_ARGUMENT,
                message,
                option.getValue().getParserPosition().getLineNum(),
                option.getValue().getParserPosition().getColumnNum(),
                null);
    }
}
