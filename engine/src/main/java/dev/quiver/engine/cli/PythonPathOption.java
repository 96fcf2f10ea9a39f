package dev.quiver.engine.cli;

import dev.quiver.engine.PythonSettings;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.udf.pool.InterpreterPool;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --python-path DIR[:DIR...]} and {@code --worker-python PATH} options every command that
 * runs Python functions shares.
 */
public final class PythonPathOption {
    @Option(
            names = "--python-path",
            paramLabel = "DIR[:DIR...]",
            description = "Directories (or .zip files) put first on the Python functions' sys.path, e.g. a"
                    + " package unpacked from a wheel (default: $QUIVER_PYTHON_PATH; PYTHONPATH is ignored,"
                    + " pass it here to use it).")
    private String path;

    @Option(
            names = "--worker-python",
            paramLabel = "PATH",
            description = "The python executable of the process tier's worker processes, for functions that"
                    + " cannot run in a sub-interpreter (numpy, pandas, pyarrow); any CPython >= 3.10"
                    + " (default: $QUIVER_WORKER_PYTHON, else the embedded CPython's executable).")
    private Path workerPython;

    /**
     * {@code config} with the option's package path, if given; a bad entry names the option. A
     * worker Python is set for the whole process (the CLI runs one database).
     */
    QuiverConfig apply(QuiverConfig config) {
        return apply(config, path, workerPython);
    }

    /** As {@link #apply(QuiverConfig)} for the options' values {@code path} and {@code workerPython} (null: not given). */
    static QuiverConfig apply(QuiverConfig config, String path, Path workerPython) {
        if (workerPython != null) {
            if (!Files.isExecutable(workerPython)) {
                throw new IllegalArgumentException("--worker-python: " + workerPython + " is not an executable file");
            }
            System.setProperty(
                    InterpreterPool.WORKER_PYTHON_PROPERTY,
                    workerPython.toAbsolutePath().toString());
        }
        if (path == null) {
            return config;
        }
        try {
            return config.withPythonPath(PythonSettings.parsePath(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--python-path: " + e.getMessage(), e);
        }
    }

    /** The text of {@code --python-path}, or null. */
    String path() {
        return path;
    }

    /** The path of {@code --worker-python}, or null. */
    Path workerPython() {
        return workerPython;
    }
}
