package dev.quiver.udf.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the struct layouts and constants Quiver hard-codes (CPythonLayout, LibPython, Isolation)
 * against the installed Python's own headers: a tiny C program compiled with gcc prints sizeof and
 * offsetof, so a wrong table entry fails here instead of corrupting memory at run time.
 */
class CPythonLayoutTest {
    private static final String PROGRAM = """
            #define PY_SSIZE_T_CLEAN
            #include <Python.h>
            #include <stddef.h>
            #include <stdio.h>

            int main(void) {
                printf("config_size %zu\\n", sizeof(PyConfig));
                printf("config_home %zu\\n", offsetof(PyConfig, home));
                printf("memoryview_mbuf %zu\\n", offsetof(PyMemoryViewObject, mbuf));
                printf("managed_exports %zu\\n", offsetof(_PyManagedBufferObject, exports));
                printf("exports_size %zu\\n", sizeof(((_PyManagedBufferObject *) 0)->exports));
                printf("status_size %zu\\n", sizeof(PyStatus));
                printf("status_type %zu\\n", offsetof(PyStatus, _type));
                printf("status_err_msg %zu\\n", offsetof(PyStatus, err_msg));
                printf("interpreter_config_size %zu\\n", sizeof(PyInterpreterConfig));
                printf("use_main_obmalloc %zu\\n", offsetof(PyInterpreterConfig, use_main_obmalloc));
                printf("allow_fork %zu\\n", offsetof(PyInterpreterConfig, allow_fork));
                printf("allow_exec %zu\\n", offsetof(PyInterpreterConfig, allow_exec));
                printf("allow_threads %zu\\n", offsetof(PyInterpreterConfig, allow_threads));
                printf("allow_daemon_threads %zu\\n", offsetof(PyInterpreterConfig, allow_daemon_threads));
                printf("check_multi_interp_extensions %zu\\n", offsetof(PyInterpreterConfig, check_multi_interp_extensions));
                printf("gil %zu\\n", offsetof(PyInterpreterConfig, gil));
                printf("gil_shared %d\\n", PyInterpreterConfig_SHARED_GIL);
                printf("gil_own %d\\n", PyInterpreterConfig_OWN_GIL);
                printf("file_input %d\\n", Py_file_input);
                printf("buf_read %d\\n", PyBUF_READ);
                printf("buf_write %d\\n", PyBUF_WRITE);
                printf("version %d.%d\\n", PY_MAJOR_VERSION, PY_MINOR_VERSION);
                return 0;
            }
            """;

    @Test
    void hardCodedLayoutsMatchTheInstalledHeaders(@TempDir Path directory) throws Exception {
        PythonInstallation installation = PythonInstallation.locate();
        Map<String, String> actual = compileAndRun(installation, directory);
        assertThat(actual.get("version")).isEqualTo(installation.major() + "." + installation.minor());

        CPythonLayout layout = CPythonLayout.of(installation.major(), installation.minor());
        assertThat(number(actual, "config_size")).as("sizeof(PyConfig)").isEqualTo(layout.configSize());
        assertThat(number(actual, "config_home")).as("offsetof(PyConfig, home)").isEqualTo(layout.configHome());
        assertThat(number(actual, "memoryview_mbuf"))
                .as("offsetof(PyMemoryViewObject, mbuf)")
                .isEqualTo(layout.memoryViewMbuf());
        assertThat(number(actual, "managed_exports"))
                .as("offsetof(_PyManagedBufferObject, exports)")
                .isEqualTo(layout.managedExports());
        assertThat(number(actual, "exports_size"))
                .as("exports is read as a 64-bit Py_ssize_t")
                .isEqualTo(8);

        assertThat(number(actual, "status_size")).as("sizeof(PyStatus)").isEqualTo(LibPython.PY_STATUS.byteSize());
        assertThat(number(actual, "status_type"))
                .isEqualTo(LibPython.PY_STATUS.byteOffset(
                        java.lang.foreign.MemoryLayout.PathElement.groupElement("type")));
        assertThat(number(actual, "status_err_msg"))
                .as("PythonRuntime.checkStatus reads err_msg at 16")
                .isEqualTo(LibPython.PY_STATUS.byteOffset(
                        java.lang.foreign.MemoryLayout.PathElement.groupElement("err_msg")))
                .isEqualTo(16);

        // Isolation writes PyInterpreterConfig as seven consecutive ints, in this order.
        assertThat(number(actual, "interpreter_config_size")).isEqualTo(CPythonLayout.INTERPRETER_CONFIG_SIZE);
        List<String> fields = List.of(
                "use_main_obmalloc",
                "allow_fork",
                "allow_exec",
                "allow_threads",
                "allow_daemon_threads",
                "check_multi_interp_extensions",
                "gil");
        for (int index = 0; index < fields.size(); index++) {
            assertThat(number(actual, fields.get(index))).as(fields.get(index)).isEqualTo(4 * index);
        }
        int[] ownGil = Isolation.OWN_GIL.interpreterConfig();
        int[] sharedGil = Isolation.SHARED_GIL.interpreterConfig();
        assertThat(ownGil[6]).isEqualTo(number(actual, "gil_own"));
        assertThat(sharedGil[6]).isEqualTo(number(actual, "gil_shared"));

        assertThat(LibPython.PY_FILE_INPUT).isEqualTo(number(actual, "file_input"));
        assertThat(LibPython.PY_BUF_READ).isEqualTo(number(actual, "buf_read"));
        assertThat(LibPython.PY_BUF_WRITE).isEqualTo(number(actual, "buf_write"));
    }

    private static Map<String, String> compileAndRun(PythonInstallation installation, Path directory)
            throws IOException, InterruptedException {
        Path source = Files.writeString(directory.resolve("layout.c"), PROGRAM);
        Path binary = directory.resolve("layout");
        run(
                List.of("gcc", "-I" + installation.include(), "-o", binary.toString(), source.toString()),
                "compiling against " + installation.include() + " (needs gcc and the Python headers)");
        Map<String, String> values = new HashMap<>();
        for (String line : run(List.of(binary.toString()), "running the layout probe")
                .lines()
                .toList()) {
            String[] parts = line.split(" ", 2);
            values.put(parts[0], parts[1]);
        }
        return values;
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(what).isTrue();
        assertThat(process.exitValue()).as(what + ":\n" + output).isZero();
        return output;
    }

    private static long number(Map<String, String> values, String key) {
        assertThat(values).containsKey(key);
        return Long.parseLong(values.get(key));
    }
}
