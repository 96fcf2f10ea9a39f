package dev.quiver.udf.cpython;

import dev.quiver.udf.UdfException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A CPython installation Quiver can embed: its executable, version, shared libpython and prefix.
 *
 * <p>Found by asking the interpreter itself ({@code sysconfig}), never by guessing paths: pyenv's
 * {@code python3.13} shim fails when another version is selected, so pyenv's installed versions are
 * probed directly too.
 *
 * @param executable the python executable that was probed
 * @param library    the shared libpython ({@code LIBDIR/LDLIBRARY})
 * @param home       {@code sys.base_prefix}, set as the embedded interpreter's {@code PyConfig.home}
 * @param include    the C headers ({@code sysconfig.get_path('include')}); CPythonLayoutTest checks
 *                   Quiver's struct offsets against them
 * @param searchPath {@code sys.path} as the executable itself sees it in isolated mode ({@code -I}:
 *                   no PYTHONPATH, no user site): the embedded interpreters start from it, so a
 *                   virtual environment's site-packages (and its .pth entries) are found
 * @param virtualEnvironment {@code sys.prefix} when the executable belongs to a virtual environment
 *                   ({@code sys.prefix != sys.base_prefix}), else null
 */
public record PythonInstallation(
        Path executable,
        int major,
        int minor,
        int micro,
        Path library,
        Path home,
        Path include,
        List<String> searchPath,
        Path virtualEnvironment) {
    public PythonInstallation {
        searchPath = List.copyOf(searchPath);
    }

    /** The oldest CPython Quiver embeds: 3.12.0–3.12.3 corrupt the heap with several own-GIL interpreters. */
    public static final int MIN_MINOR = 13;
    /** Environment variable (or system property {@code quiver.python}) naming the python executable. */
    public static final String ENV_VARIABLE = "QUIVER_PYTHON";

    private static final String PROBE = String.join(
            "\n",
            "import os, sys, sysconfig",
            "lib = os.path.join(sysconfig.get_config_var('LIBDIR') or '', sysconfig.get_config_var('LDLIBRARY') or '')",
            "print(sys.version_info[0], sys.version_info[1], sys.version_info[2])",
            "print(lib)",
            "print(sys.base_prefix)",
            "print(sysconfig.get_path('include'))",
            "print(sys.prefix if sys.prefix != sys.base_prefix else '')",
            "import json; print(json.dumps(sys.path))");

    /** "3.13.0". */
    public String version() {
        return major + "." + minor + "." + micro;
    }

    /**
     * Finds the Python to embed: {@code QUIVER_PYTHON} (or {@code -Dquiver.python}) when set, else the
     * newest supported interpreter among python3.13/python3 on PATH and pyenv's versions.
     *
     * @throws UdfException when there is none, with a message saying how to provide one
     */
    public static PythonInstallation locate() {
        String configured = System.getProperty("quiver.python", System.getenv(ENV_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return probe(Path.of(configured))
                    .orElseThrow(() -> new UdfException(
                            UdfException.Reason.PYTHON_UNAVAILABLE,
                            null,
                            ENV_VARIABLE + "=" + configured + " is not a CPython >= 3." + MIN_MINOR
                                    + " built with a shared libpython (--enable-shared)"));
        }
        return candidates().stream()
                .map(PythonInstallation::probe)
                .flatMap(Optional::stream)
                .max(Comparator.comparingInt((PythonInstallation p) -> p.minor).thenComparingInt(p -> p.micro))
                .orElseThrow(() -> new UdfException(
                        UdfException.Reason.PYTHON_UNAVAILABLE,
                        null,
                        "no CPython >= 3." + MIN_MINOR + " with a shared libpython found (looked at "
                                + "python3.13 and python3 on PATH and pyenv's versions); install one or set "
                                + ENV_VARIABLE + " to its python executable"));
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(":")) {
                for (String name : List.of("python3.13", "python3")) {
                    Path candidate = Path.of(directory, name);
                    if (Files.isExecutable(candidate)) {
                        candidates.add(candidate);
                    }
                }
            }
        }
        String pyenvRoot = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
        Path versions = Path.of(pyenvRoot, "versions");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> entries = Files.list(versions)) {
                entries.map(version -> version.resolve("bin/python3"))
                        .filter(Files::isExecutable)
                        .forEach(candidates::add);
            } catch (IOException e) {
                // An unreadable pyenv directory only means fewer candidates.
            }
        }
        return candidates;
    }

    /**
     * The strings of a JSON array of strings as Python's {@code json.dumps} writes them (ASCII, with
     * {@code \\}, {@code \"} and {@code \\uXXXX} escapes; paths need no more).
     */
    static List<String> jsonStrings(String json) {
        List<String> strings = new ArrayList<>();
        StringBuilder current = null;
        for (int index = 0; index < json.length(); index++) {
            char c = json.charAt(index);
            if (current == null) {
                if (c == '"') {
                    current = new StringBuilder();
                }
            } else if (c == '\\') {
                char escaped = json.charAt(++index);
                switch (escaped) {
                    case 'u' -> {
                        current.append((char) Integer.parseInt(json.substring(index + 1, index + 5), 16));
                        index += 4;
                    }
                    case 'n' -> current.append('\n');
                    case 't' -> current.append('\t');
                    default -> current.append(escaped);
                }
            } else if (c == '"') {
                strings.add(current.toString());
                current = null;
            } else {
                current.append(c);
            }
        }
        return strings;
    }

    /** Runs the interpreter to read its version and libpython; empty if it is unsuitable. */
    static Optional<PythonInstallation> probe(Path executable) {
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(executable.toString(), "-I", "-c", PROBE).redirectErrorStream(false);
            builder.environment().remove("PYTHONHOME");
            builder.environment().remove("PYTHONPATH");
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            process.getErrorStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            List<String> lines =
                    new String(output, StandardCharsets.UTF_8).lines().toList();
            String[] version = lines.get(0).trim().split(" ");
            int major = Integer.parseInt(version[0]);
            int minor = Integer.parseInt(version[1]);
            int micro = Integer.parseInt(version[2]);
            Path library = Path.of(lines.get(1).trim());
            Path home = Path.of(lines.get(2).trim());
            Path include = Path.of(lines.get(3).trim());
            String prefix = lines.get(4).trim();
            Path virtualEnvironment = prefix.isEmpty() ? null : Path.of(prefix);
            List<String> searchPath = jsonStrings(lines.get(5).trim());
            boolean shared = library.getFileName() != null
                    && library.getFileName().toString().contains(".so");
            if (!CPythonLayout.supports(major, minor) || !shared || !Files.exists(library)) {
                return Optional.empty();
            }
            return Optional.of(new PythonInstallation(
                    executable, major, minor, micro, library, home, include, searchPath, virtualEnvironment));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
