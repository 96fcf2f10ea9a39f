package dev.quiver.udf.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiver.udf.UdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Finding a CPython to embed, and refusing the ones Quiver cannot use. */
class PythonInstallationTest {

    @Test
    void locatesAnEmbeddableCPython() {
        PythonInstallation installation = PythonInstallation.locate();
        assertThat(installation.major()).isEqualTo(3);
        assertThat(installation.minor()).isGreaterThanOrEqualTo(PythonInstallation.MIN_MINOR);
        assertThat(installation.library()).exists();
        assertThat(installation.library().getFileName().toString()).contains(".so");
        assertThat(installation.home()).isDirectory();
        assertThat(installation.include().resolve("Python.h")).exists();
        assertThat(PythonRuntime.get().pythonVersion()).startsWith(installation.version());
    }

    @Test
    void refusesWhatIsNotAnEmbeddableCPython() throws Exception {
        assertThat(PythonInstallation.probe(Path.of("/bin/false"))).isEmpty();
        assertThat(PythonInstallation.probe(Path.of("/no/such/python3"))).isEmpty();
        Path notPython = Files.createTempFile("not-python", ".sh");
        try {
            Files.writeString(notPython, "#!/bin/sh\necho 3 13 0\necho /nowhere/libpython3.13.so\necho /\necho /\n");
            notPython.toFile().setExecutable(true);
            assertThat(PythonInstallation.probe(notPython))
                    .as("libpython must exist")
                    .isEmpty();
        } finally {
            Files.delete(notPython);
        }
    }

    @Test
    void readsTheSearchPathAsTheExecutableSeesIt() {
        PythonInstallation installation = PythonInstallation.locate();
        assertThat(installation.searchPath())
                .isNotEmpty()
                .anySatisfy(entry -> assertThat(entry).endsWith("lib-dynload"));
        assertThat(PythonInstallation.jsonStrings("[\"/a b\", \"/c\\\\d\\\"e\", \"/\\u00e9t\\u00e9\"]"))
                .containsExactly("/a b", "/c\\d\"e", "/\u00e9t\u00e9");
        assertThat(PythonInstallation.jsonStrings("[]")).isEmpty();
    }

    @Test
    void refusesCPython312() {
        // 3.12.0-3.12.3 corrupt the heap with several own-GIL interpreters; 3.12 is not in the table.
        UdfException refused = catchThrowableOfType(UdfException.class, () -> CPythonLayout.of(3, 12));
        assertThat(refused.reason()).isEqualTo(UdfException.Reason.PYTHON_UNAVAILABLE);
        assertThat(refused.getMessage()).contains("3.12", PythonInstallation.ENV_VARIABLE);
        Path python312 = Path.of(System.getProperty("user.home"), ".pyenv/versions/3.12.1/bin/python3");
        assumeTrue(Files.isExecutable(python312), "no pyenv 3.12.1 on this machine");
        assertThat(PythonInstallation.probe(python312)).isEmpty();
    }
}
