package dev.quiver.engine;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.udf.JvmFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options Quiver cannot run without, checked before a database opens: Arrow's memory code
 * reads {@code java.nio} internals (without the opening it fails deep inside its static
 * initialisation with a message that does not say what to do), and the Python runtime calls
 * libpython through FFM, a restricted API.
 */
final class JvmRequirements {
    static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private JvmRequirements() {}

    /**
     * Fails when this JVM lacks an option Quiver needs.
     *
     * @throws QuiverException JVM_OPTIONS_MISSING naming the missing options and how to add them
     */
    static void check() {
        Module ours = JvmRequirements.class.getModule();
        List<String> missing = missing(Object.class.getModule().isOpen("java.nio", ours), ours.isNativeAccessEnabled());
        if (!missing.isEmpty()) {
            throw new QuiverException(ErrorCode.JVM_OPTIONS_MISSING, message(missing, recommendedFlags()));
        }
    }

    /** The options missing, given whether {@code java.nio} is open to Quiver and whether it has native access. */
    static List<String> missing(boolean nioOpen, boolean nativeAccess) {
        List<String> missing = new ArrayList<>(2);
        if (!nioOpen) {
            missing.add(OPEN_NIO);
        }
        if (!nativeAccess) {
            missing.add(NATIVE_ACCESS);
        }
        return missing;
    }

    /** What to tell the user: the missing options, where to put them, and the full set Quiver runs with. */
    static String message(List<String> missing, String recommended) {
        String options = String.join(" ", missing);
        return "this JVM was started without " + options + ", which Quiver needs (Arrow reads java.nio buffers"
                + " directly; Python functions run through the native-access API). Add "
                + (missing.size() == 1 ? "it" : "them") + " to the java command line (java " + options
                + " -cp ...), to the JDK_JAVA_OPTIONS environment variable, or to Maven Surefire's <argLine>;"
                + " ./quiver adds them itself. All the options Quiver runs with: " + recommended;
    }

    /** The options of the build's flags resource, or the two required ones when it is not on the classpath. */
    private static String recommendedFlags() {
        try {
            List<String> flags = JvmFlags.fromBuild();
            if (!flags.isEmpty()) {
                return String.join(" ", flags);
            }
        } catch (RuntimeException e) {
            // fall through: the two required options are enough to start
        }
        return OPEN_NIO + " " + NATIVE_ACCESS;
    }
}
