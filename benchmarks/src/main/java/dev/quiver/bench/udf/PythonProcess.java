package dev.quiver.bench.udf;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plain {@code python -I} child process running one of the benchmark's scripts (a resource next
 * to this class), talking over its stdin and stdout; its stderr goes to ours.
 */
final class PythonProcess implements AutoCloseable {
    private static final int PIPE_BUFFER = 1 << 20;

    private final Process process;
    private final BufferedOutputStream stdin;
    private final DataInputStream stdout;
    private final String script;

    /** Starts {@code executable -I -c <script> args...}. */
    PythonProcess(Path executable, String script, List<String> args) throws IOException {
        this.script = script;
        List<String> command =
                new java.util.ArrayList<>(List.of(executable.toString(), "-I", "-c", readScript(script)));
        command.addAll(args);
        this.process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        this.stdin = new BufferedOutputStream(process.getOutputStream(), PIPE_BUFFER);
        this.stdout = new DataInputStream(new BufferedInputStream(process.getInputStream(), PIPE_BUFFER));
    }

    BufferedOutputStream stdin() {
        return stdin;
    }

    DataInputStream stdout() {
        return stdout;
    }

    /** A failure message naming the script and, if it has died, its exit status. */
    IOException failure(String what, Exception cause) {
        String state = process.isAlive() ? "still running" : "exited with status " + process.exitValue();
        return new IOException(
                "python worker " + script + " (" + state + "): " + what + " (its stderr is printed above)", cause);
    }

    /** Closes its stdin (its cue to exit) and waits for it; kills it after 10 s or when interrupted. */
    @Override
    public void close() throws IOException {
        try {
            stdin.close();
        } catch (IOException e) {
            // a worker that already died has a broken pipe; waiting below reports nothing more useful
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        stdout.close();
    }

    static String readScript(String name) {
        try (InputStream in = PythonProcess.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource " + name + " is missing next to " + PythonProcess.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
