package dev.quiver.udf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options Quiver runs with, as udf-runtime's build writes them (from the root pom's
 * {@code quiver.jvm.flags}) into the {@code quiver-jvm.flags} classpath resource: the one reader of
 * that resource, for child JVMs, JMH forks and error messages.
 */
public final class JvmFlags {
    private static final String RESOURCE = "/quiver-jvm.flags";

    private JvmFlags() {}

    /**
     * The options in order; empty when the resource is not on the classpath (classes not built by Maven).
     *
     * @throws IllegalStateException when the resource was copied without Maven's filtering
     */
    public static List<String> fromBuild() {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return List.of();
            }
            String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (line.contains("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by Maven: " + line);
            }
            return Arrays.stream(line.split("\\s+"))
                    .filter(flag -> !flag.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
