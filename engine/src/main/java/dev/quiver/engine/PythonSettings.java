package dev.quiver.engine;

import dev.quiver.udf.pool.PoolOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python settings of a database beyond the pool size and the process-wide memory limit.
 *
 * @param queryMemoryLimit bytes of Python memory one query's calls may hold, summed over the
 *                         interpreters running them; over it the query fails with MEMORY_LIMIT.
 *                         0 for no per-query cap; default half the machine's or container's memory.
 *                         Enforced where the launcher built libquiver_pymem (see docs/udf-guide.md)
 * @param path             the package path: directories (or .zip files) put first on every
 *                         interpreter's {@code sys.path}, like PYTHONPATH (which Quiver itself
 *                         ignores); default {@code QUIVER_PYTHON_PATH}, else none
 */
public record PythonSettings(long queryMemoryLimit, List<Path> path) {
    /** Environment variable (or system property {@code quiver.python.path}) with the default package path. */
    public static final String PATH_VARIABLE = "QUIVER_PYTHON_PATH";

    public PythonSettings {
        if (queryMemoryLimit < 0) {
            throw new IllegalArgumentException(
                    "python query memory limit must be 0 (no cap) or positive, got " + queryMemoryLimit);
        }
        path = List.copyOf(path);
        for (Path entry : path) {
            if (!Files.isDirectory(entry)
                    && !(Files.isRegularFile(entry) && entry.toString().endsWith(".zip"))) {
                throw new IllegalArgumentException(
                        "python path entry '" + entry + "' is not a directory (or a .zip file)");
            }
        }
    }

    /** Half the memory per query; the package path from {@code QUIVER_PYTHON_PATH}. */
    public static PythonSettings defaults() {
        String configured = System.getProperty("quiver.python.path", System.getenv(PATH_VARIABLE));
        List<Path> path;
        try {
            path = configured == null ? List.of() : parsePath(configured);
            return new PythonSettings(PoolOptions.defaultQueryMemoryLimit(), path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PATH_VARIABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The entries of a search path written as PYTHONPATH is ({@code DIR[:DIR...]}, empty entries
     * skipped), made absolute: a database's functions must not change with the working directory.
     */
    public static List<Path> parsePath(String text) {
        List<Path> entries = new ArrayList<>();
        for (String entry : text.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry.strip()).toAbsolutePath().normalize());
            }
        }
        return entries;
    }

    public PythonSettings withQueryMemoryLimit(long bytes) {
        return new PythonSettings(bytes, path);
    }

    public PythonSettings withPath(List<Path> value) {
        return new PythonSettings(queryMemoryLimit, value);
    }
}
