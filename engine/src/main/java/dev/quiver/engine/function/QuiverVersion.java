package dev.quiver.engine.function;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Quiver's version as the build wrote it (the POM's): {@code version()} and the CLI's {@code --version}. */
public final class QuiverVersion {
    private static final String RESOURCE = "/dev/quiver/engine/cli/quiver-version.properties";
    private static final String VERSION = read();

    private QuiverVersion() {}

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the resource is missing. */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = QuiverVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // reported as unknown below
        }
        return "unknown";
    }
}
