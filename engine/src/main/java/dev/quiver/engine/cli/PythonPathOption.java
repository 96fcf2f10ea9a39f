package dev.quiver.engine.cli;

import dev.quiver.engine.PythonSettings;
import dev.quiver.engine.QuiverConfig;
import picocli.CommandLine.Option;

/** The {@code --python-path DIR[:DIR...]} option every command that runs Python functions shares. */
public final class PythonPathOption {
    @Option(
            names = "--python-path",
            paramLabel = "DIR[:DIR...]",
            description = "Directories (or .zip files) put first on the Python functions' sys.path, e.g. a"
                    + " package unpacked from a wheel (default: $QUIVER_PYTHON_PATH; PYTHONPATH is ignored,"
                    + " pass it here to use it).")
    private String path;

    /** {@code config} with the option's package path, if given; a bad entry names the option. */
    QuiverConfig apply(QuiverConfig config) {
        if (path == null) {
            return config;
        }
        try {
            return config.withPythonPath(PythonSettings.parsePath(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--python-path: " + e.getMessage(), e);
        }
    }
}
