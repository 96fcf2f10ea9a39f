package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** Bad definitions are rejected by register(), before any batch runs, with the Python error. */
class DefinitionErrorTest extends PoolTestSupport {

    private static UdfException rejected(String name, String source, String handler) {
        PythonFunction function = PythonFunction.builder(name, source, handler)
                .arguments(UdfType.INTEGER)
                .returns(UdfType.INTEGER)
                .build();
        UdfException failure = catchThrowableOfType(UdfException.class, () -> pool.register(function));
        assertThat(failure).as("register(%s) should fail", name).isNotNull();
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.DEFINITION_ERROR);
        assertThat(failure.functionName()).isEqualTo(name);
        assertThat(failure.getMessage()).startsWith("Python function " + name + " cannot be defined: ");
        return failure;
    }

    @Test
    void syntaxErrorNamesTheLine() {
        UdfException failure = rejected("broken", "def f(x):\n    y = 1\n    return x +\n", "f");
        assertThat(failure.pythonType()).isEqualTo("SyntaxError");
        assertThat(failure.pythonMessage()).contains("udf_broken.py", "line 3");
        assertThat(failure.pythonTraceback()).contains("File \"udf_broken.py\", line 3", "return x +", "^");
    }

    @Test
    void indentationError() {
        UdfException failure = rejected("badly_indented", "def f(x):\nreturn x\n", "f");
        assertThat(failure.pythonType()).isEqualTo("IndentationError");
        assertThat(failure.getMessage()).contains("line 2");
    }

    @Test
    void failedImport() {
        UdfException failure = rejected("needs_module", "import quiver_no_such_module\ndef f(x):\n    return x\n", "f");
        assertThat(failure.pythonType()).isEqualTo("ModuleNotFoundError");
        assertThat(failure.getMessage()).contains("No module named 'quiver_no_such_module'");
        assertThat(failure.pythonTraceback())
                .contains("File \"udf_needs_module.py\", line 1", "import quiver_no_such_module");
    }

    @Test
    void moduleLevelCodeThatRaises() {
        UdfException failure =
                rejected("module_raises", "TABLE = {}\nLIMIT = TABLE['limit']\ndef f(x):\n    return x\n", "f");
        assertThat(failure.pythonType()).isEqualTo("KeyError");
        assertThat(failure.pythonTraceback()).contains("line 2", "LIMIT = TABLE['limit']");
    }

    @Test
    void moduleLevelSystemExit() {
        UdfException failure = rejected("exits", "import sys\nsys.exit(3)\n", "f");
        assertThat(failure.pythonType()).isEqualTo("SystemExit");
    }

    @Test
    void missingHandler() {
        UdfException failure = rejected("no_handler", "def g(x):\n    return x\n", "f");
        assertThat(failure.getMessage()).contains("defines no 'f'");
    }

    @Test
    void handlerNotCallable() {
        UdfException failure = rejected("not_callable", "f = 3\n", "f");
        assertThat(failure.getMessage()).contains("'f'", "int", "not a function");
    }

    @Test
    void singlePhaseExtensionModuleExplainsSubInterpreters() {
        // A C module with legacy single-phase init: refused by own-GIL interpreters, like numpy today.
        UdfException failure = rejected("legacy_module", "import _testsinglephase\ndef f(x):\n    return x\n", "f");
        assertThat(failure.pythonType()).endsWith("ImportError");
        assertThat(failure.getMessage()).contains("_testsinglephase", "sub-interpreters");
    }

    @Test
    void thePoolServesGoodFunctionsAfterRejectingBadOnes() {
        rejected("broken_again", "def f(x) return x\n", "f");
        RegisteredFunction good = scalar("good", "def f(x):\n    return x + 1\n", UdfType.INTEGER, UdfType.INTEGER);
        for (int attempt = 0; attempt < 4; attempt++) { // reaches both workers
            try (FieldVector input = column(UdfType.INTEGER, 1, 2)) {
                assertThat(run(good, input)).containsExactly(2, 3);
            }
        }
    }

    @Test
    void namesAndHandlersMustBeIdentifiers() {
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> PythonFunction.builder("drop table", "", "f")
                                .returns(UdfType.INTEGER)
                                .build()))
                .hasMessageContaining("not an identifier");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> PythonFunction.builder("ok", "", "f()")
                                .returns(UdfType.INTEGER)
                                .build()))
                .hasMessageContaining("not a Python identifier");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> UdfType.decimal(39, 0)))
                .hasMessageContaining("DECIMAL(39,0)");
    }
}
