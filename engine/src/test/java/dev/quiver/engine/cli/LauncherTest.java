package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./quiver} launcher's start-up cache decisions, on a copy of the launcher in a scratch
 * tree that looks built (stamp, class paths, an engine jar without classes): the training of the
 * cache fails there, which the launcher must remember for the same build and forget for a new one.
 * The cache key is kept in a file and only checksummed again when an input is newer than it, so
 * these tests are what says that a rebuild still makes a new key. Child processes: tagged slow.
 */
@Tag("slow")
class LauncherTest {
    private static final Path LAUNCHER =
            Path.of("..", "quiver").toAbsolutePath().normalize();

    @TempDir
    Path tree;

    private Path engineJar;

    @BeforeEach
    void fakeBuild() throws IOException {
        Files.copy(LAUNCHER, tree.resolve("quiver"));
        tree.resolve("quiver").toFile().setExecutable(true);
        for (String module : List.of("udf-runtime", "engine", "server", "benchmarks")) {
            Files.createDirectories(tree.resolve(module).resolve("target/classes"));
            Files.writeString(tree.resolve(module).resolve("target/classpath.txt"), "\n");
        }
        engineJar = tree.resolve("engine/target/quiver-engine-0.jar");
        try (ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(engineJar))) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("no classes".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(tree.resolve("udf-runtime/target/classes/quiver-jvm.flags"), "-Xss8m\n");
        Files.writeString(tree.resolve("engine/target/classes/quiver-commit.txt"), "test\n");
        Files.createDirectories(tree.resolve("udf-runtime/target/native"));
        Files.writeString(tree.resolve("udf-runtime/target/native/libquiver_pymem.so"), "");
        Files.createDirectories(tree.resolve("engine/src/aot"));
        Files.writeString(tree.resolve("engine/src/aot/training-setup.sql"), "SELECT 1;\n");
        Files.writeString(tree.resolve("engine/src/aot/training-queries.sql"), "SELECT 2;\n");
        Files.createDirectories(tree.resolve("target"));
        Files.writeString(tree.resolve("target/quiver-build.stamp"), ""); // last: the build is fresh
    }

    @Test
    void aFailedTrainingIsRememberedForTheSameBuildAndRetriedAfterARebuild() throws Exception {
        String first = launch(tree, "./quiver");
        assertThat(first).contains("preparing the start-up cache of engine", "could not be made");
        String key = Files.readAllLines(tree.resolve("engine/target/aot/key")).getFirst();
        assertThat(tree.resolve("engine/target/aot/" + key + ".failed")).exists();

        // same build: the key comes from the key file, and the failed training is not repeated
        String second = launch(tree, "./quiver");
        assertThat(second).contains("its training failed for this build").doesNotContain("preparing");

        // a rebuilt jar is newer than the key file: a new key, a new training
        Files.setLastModifiedTime(engineJar, FileTime.from(Instant.now().plusSeconds(5)));
        String third = launch(tree, "./quiver");
        assertThat(third).contains("preparing the start-up cache of engine");
        assertThat(Files.readAllLines(tree.resolve("engine/target/aot/key")).getFirst())
                .isNotEqualTo(key);
    }

    @Test
    void anEditedLauncherOrTrainingWorkloadMakesANewKey() throws Exception {
        launch(tree, "./quiver");
        String key = Files.readAllLines(tree.resolve("engine/target/aot/key")).getFirst();

        Files.writeString(tree.resolve("engine/src/aot/training-queries.sql"), "SELECT 3;\n");
        Files.setLastModifiedTime(
                tree.resolve("engine/src/aot/training-queries.sql"),
                FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(launch(tree, "./quiver")).contains("preparing the start-up cache of engine");
        assertThat(Files.readAllLines(tree.resolve("engine/target/aot/key")).getFirst())
                .isNotEqualTo(key);
    }

    @Test
    void findsItsTreeFromAnotherDirectoryAndHonoursQuiverAotOff() throws Exception {
        Path elsewhere = Files.createDirectories(tree.resolve("engine/src"));

        String output = launch(elsewhere, "../../quiver");
        assertThat(output)
                .contains(tree.toRealPath().resolve("engine/target/aot").toString());

        assertThat(launch(elsewhere, "../../quiver", Map.of("QUIVER_AOT", "0")))
                .contains("start-up cache off (QUIVER_AOT=0)")
                .doesNotContain("preparing");
    }

    private static String launch(Path directory, String launcher) throws Exception {
        return launch(directory, launcher, Map.of());
    }

    /** Runs {@code launcher sql -c "SELECT 1"} with QUIVER_DEBUG=1 in {@code directory}; its stderr and stdout. */
    private static String launch(Path directory, String launcher, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(launcher, "sql", "-c", "SELECT 1")
                .directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().put("QUIVER_DEBUG", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            // nothing to say
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assumeFalse(output.contains("no CPython 3.13"), "the launcher needs a CPython 3.13: " + output);
        return output;
    }
}
