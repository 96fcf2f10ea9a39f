package dev.quiver.engine.cli;

import dev.quiver.engine.function.QuiverVersion;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.PythonInstallation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * What {@code --version} (and {@code -V}) prints on every command: Quiver's version (the POM's), the
 * JDK, the CPython it would embed and the git commit it was built from.
 *
 * <p>The version comes from a resource the build filters; the commit from {@code quiver-commit.txt},
 * which {@code ./quiver} writes into the build output (absent when built without a git checkout), or
 * from the system property {@code quiver.commit}, which the launcher sets when it runs the CLI from
 * the engine jar and its start-up cache (the jar is built before the commit file is written).
 */
public final class VersionInfo implements CommandLine.IVersionProvider {
    private static final String COMMIT_RESOURCE = "/quiver-commit.txt";

    @Override
    public String[] getVersion() {
        return lines().toArray(String[]::new);
    }

    /** The lines {@code --version} prints. */
    public static List<String> lines() {
        return List.of(
                "Quiver " + version(),
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.home") + ")",
                "CPython " + python(),
                "commit " + commit());
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return QuiverVersion.version();
    }

    private static String python() {
        try {
            PythonInstallation python = PythonInstallation.locate();
            return python.version() + " (" + python.executable() + ")";
        } catch (UdfException e) {
            return "not found: " + e.getMessage();
        }
    }

    private static String commit() {
        String fromLauncher = System.getProperty("quiver.commit", "").strip();
        if (!fromLauncher.isEmpty()) {
            return fromLauncher;
        }
        try (InputStream in = VersionInfo.class.getResourceAsStream(COMMIT_RESOURCE)) {
            if (in != null) {
                String commit = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!commit.isEmpty()) {
                    return commit;
                }
            }
        } catch (IOException e) {
            // reported as unknown below
        }
        return "unknown (not built from a git checkout by ./quiver)";
    }
}
