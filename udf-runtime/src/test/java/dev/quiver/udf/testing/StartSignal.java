package dev.quiver.udf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A signal a Python function raises when it starts running, so that a test cancels or exits at that
 * moment instead of sleeping and hoping the call got there.
 *
 * <p>The function runs {@link #pythonStatement()} first; it appends one line to a file, with
 * {@code O_APPEND}, so calls in several interpreters count up without losing a line. The test waits
 * with {@link #await(int, Duration)}, which polls the file every few milliseconds up to a deadline.
 */
public final class StartSignal {
    private static final long POLL_MILLIS = 5;

    private final Path file;

    private StartSignal(Path file) {
        this.file = file;
    }

    /** A signal whose file lives in {@code directory} (e.g. a JUnit {@code @TempDir}). */
    public static StartSignal in(Path directory) {
        return new StartSignal(directory.resolve("started-" + UUID.randomUUID()));
    }

    /**
     * A signal in a new temporary directory, for code without a test framework (child JVMs); the JVM
     * deletes both when it exits normally.
     */
    public static StartSignal inTemporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("quiver-start-signal");
            directory.toFile().deleteOnExit();
            StartSignal signal = in(directory);
            signal.file.toFile().deleteOnExit(); // registered last, so deleted before its directory
            return signal;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of Python, without indentation, that raises the signal once. */
    public String pythonStatement() {
        String path = file.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'");
        return "open('" + path + "', 'a').write('started\\n')";
    }

    /** How many times the signal has been raised. */
    public int count() {
        try {
            return Files.exists(file)
                    ? (int) Files.readAllLines(file).stream()
                            .filter(line -> !line.isEmpty())
                            .count()
                    : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the signal has been raised {@code times} times in all.
     *
     * @throws AssertionError when that has not happened within {@code timeout}
     */
    public void await(int times, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count() < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the Python function signalled its start " + count() + " of " + times
                        + " times within " + timeout);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the Python function to start", e);
            }
        }
    }

    /** Forgets every earlier start, so the signal can count the next calls from zero. */
    public void reset() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
