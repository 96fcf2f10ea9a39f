package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The up-front check of the JVM options Quiver needs, and its message. */
class JvmRequirementsTest {
    @Test
    void namesEachMissingOption() {
        assertThat(JvmRequirements.missing(true, true)).isEmpty();
        assertThat(JvmRequirements.missing(false, true)).containsExactly(JvmRequirements.OPEN_NIO);
        assertThat(JvmRequirements.missing(true, false)).containsExactly(JvmRequirements.NATIVE_ACCESS);
        assertThat(JvmRequirements.missing(false, false))
                .containsExactly("--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void theMessageSaysWhereToAddThem() {
        String message = JvmRequirements.message(List.of(JvmRequirements.NATIVE_ACCESS), "-Xflags");
        assertThat(message)
                .contains("without --enable-native-access=ALL-UNNAMED")
                .contains("Add it to the java command line")
                .contains("JDK_JAVA_OPTIONS")
                .contains("<argLine>")
                .endsWith("All the options Quiver runs with: -Xflags");
    }

    @Test
    void thisJvmHasThem() {
        JvmRequirements.check(); // surefire runs with the build's flags
    }

    @Test
    @Tag("slow") // a child JVM: ~2 s
    void aJvmWithoutTheOptionsGetsTheMessageFromDriverManager() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        NoOptionsChild.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output)
                .contains("SQLSTATE 58000")
                .contains("without --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED");
    }
}
