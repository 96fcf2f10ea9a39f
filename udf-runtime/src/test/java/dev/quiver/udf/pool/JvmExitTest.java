package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.JvmFlags;
import dev.quiver.udf.cpython.PythonRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM exits cleanly with Python embedded: with a pool left open, and while a UDF still runs —
 * even one that ignores cancellation. Each case runs {@link JvmExitMain} in a child JVM (same
 * java, same classpath, Quiver's JVM flags) and checks its exit code, its output and that it
 * wrote no crash report.
 */
@Tag("slow") // child JVMs: ~18 s
class JvmExitTest {
    private static final long SECONDS = 30;

    @TempDir
    Path crashDirectory;

    @Test
    void exitWhileAFunctionLoopsForever() throws Exception {
        Child child = Child.start(crashDirectory, "exit-while-running", Map.of());
        child.assertCleanExit(SECONDS);
        assertThat(child.output).contains("exiting with a UDF running");
    }

    @Test
    void exitWhileAFunctionIgnoresCancellation() throws Exception {
        // close() gives up on the stuck worker after its grace; Python is then left unfinalized, not crashed.
        Child child = Child.start(crashDirectory, "exit-while-stuck", Map.of());
        child.assertCleanExit(SECONDS + 15);
        assertThat(child.output).contains("still busy at exit; Python is not finalized");
    }

    @Test
    void aThreadThatNeverEndsGetsAShortGraceAndItsFunctionIsNamed() throws Exception {
        Child child = Child.start(crashDirectory, "lingering-thread", Map.of());
        child.assertCleanExit(SECONDS);
        assertThat(child.output)
                .contains(
                        "thread 'ticker' started by function lingers still running",
                        "still busy at exit; Python is not finalized");
        long closeMillis = Long.parseLong(child.output.replaceAll("(?s).*closed in (\\d+) ms.*", "$1"));
        assertThat(closeMillis)
                .as("close waited for the thread's grace, not forever")
                .isLessThan(5_000);
    }

    @Test
    void normalExitWithThePoolLeftOpen() throws Exception {
        Child child = Child.start(crashDirectory, "open-pool", Map.of());
        child.assertCleanExit(SECONDS);
        assertThat(child.output).contains("result 2");
    }

    @Test
    void findsPythonWithoutQuiverPython() throws Exception {
        Child child = Child.start(crashDirectory, "locate", Map.of("QUIVER_PYTHON", ""));
        child.assertCleanExit(SECONDS);
        assertThat(child.output).contains("python3");
    }

    @Test
    void aBadQuiverPythonIsExplained() throws Exception {
        Child child = Child.start(crashDirectory, "locate", Map.of("QUIVER_PYTHON", "/bin/false"));
        assertThat(child.process.waitFor(SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isNotZero();
        assertThat(child.output()).contains("QUIVER_PYTHON=/bin/false is not a CPython >= 3.13");
    }

    @Test
    void aVirtualEnvironmentsPythonBringsItsSitePackages() throws Exception {
        // QUIVER_PYTHON pointing at a venv's python: modules installed in the venv import in functions.
        Path venv = crashDirectory.resolve("venv");
        Process create = new ProcessBuilder(
                        PythonRuntime.get().installation().executable().toString(),
                        "-m",
                        "venv",
                        "--without-pip",
                        venv.toString())
                .redirectErrorStream(true)
                .start();
        String created = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).as(created).isZero();
        Path sitePackages;
        try (Stream<Path> found = Files.walk(venv.resolve("lib"), 2)) {
            sitePackages = found.filter(path -> path.getFileName().toString().equals("site-packages"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(sitePackages.resolve("quiver_venv_probe.py"), "VALUE = 41\n");
        Child child = Child.start(
                crashDirectory,
                "venv-import",
                Map.of("QUIVER_PYTHON", venv.resolve("bin/python").toString()));
        child.assertCleanExit(SECONDS);
        assertThat(child.output).contains("result 42", "venv " + venv);
    }

    /** A child JVM and everything it printed. */
    private static final class Child {
        final Process process;
        final Path crashDirectory;
        private final Path log;
        String output;

        private Child(Process process, Path crashDirectory, Path log) {
            this.process = process;
            this.crashDirectory = crashDirectory;
            this.log = log;
        }

        /** @param environment variables to set; an empty value removes the variable */
        static Child start(Path crashDirectory, String mode, Map<String, String> environment) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags());
            command.add("-XX:ErrorFile=" + crashDirectory.resolve("hs_err_pid%p.log"));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(JvmExitMain.class.getName());
            command.add(mode);
            Path log = Files.createTempFile(crashDirectory, "child", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .directory(crashDirectory.toFile());
            environment.forEach((name, value) -> {
                if (value.isEmpty()) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            return new Child(builder.start(), crashDirectory, log);
        }

        String output() throws IOException {
            output = Files.readString(log, StandardCharsets.UTF_8);
            return output;
        }

        void assertCleanExit(long seconds) throws Exception {
            boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            String text = output();
            assertThat(exited)
                    .as("child exited within %d s; output:%n%s", seconds, text)
                    .isTrue();
            assertThat(process.exitValue()).as("exit code; output:%n%s", text).isZero();
            assertThat(text).doesNotContain("Fatal Python error", "A fatal error has been detected", "SIGSEGV");
            try (Stream<Path> files = Files.list(crashDirectory)) {
                assertThat(files.map(Path::getFileName).map(Path::toString))
                        .noneMatch(name -> name.startsWith("hs_err") || name.startsWith("core"));
            }
        }

        private static List<String> jvmFlags() {
            List<String> flags = JvmFlags.fromBuild(); // refuses an unfiltered ${...} resource
            assertThat(flags).as("quiver-jvm.flags on the classpath").isNotEmpty();
            return flags;
        }
    }
}
