package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One function cannot change what another computes through interpreter-wide state, and nothing a
 * function does breaks Quiver's own Python runtime. One interpreter, so every function shares it
 * and the order of calls is the order of the test.
 */
class FunctionIsolationTest extends OneInterpreterTestSupport {
    @Test
    void patchedBuiltinsDoNotReachOtherFunctions() {
        RegisteredFunction absolute =
                define("absolute", "def f(x):\n    return abs(x)\n", UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(absolute, UdfType.BIGINT, -3L)).containsExactly(3L);
        RegisteredFunction patcher = define("patcher", """
                import builtins
                builtins.abs = lambda v: 12345
                def f(x):
                    builtins.abs = lambda v: 54321
                    builtins.map = None
                    builtins.len = None
                    builtins.isinstance = None
                    builtins.my_global = 7
                    return x
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(patcher, UdfType.BIGINT, 1L)).containsExactly(1L);
        assertThat(run(absolute, UdfType.BIGINT, -3L)).containsExactly(3L);
        RegisteredFunction later = define("later", """
                import json
                def f(x):
                    return len(json.dumps(list(map(abs, [x])))) + (1 if 'my_global' in dir(__builtins__) else 0)
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(later, UdfType.BIGINT, -5L)).containsExactly(3L);
    }

    @Test
    void decimalContextChangesStayInTheirCall() {
        String divide = """
                from decimal import Decimal
                def f(x):
                    return float(Decimal(x) / Decimal(7))
                """;
        RegisteredFunction seventh = define("seventh", divide, UdfType.DOUBLE, UdfType.BIGINT);
        double expected = (double) run(seventh, UdfType.BIGINT, 1L).getFirst();
        assertThat(expected).isCloseTo(1.0 / 7, org.assertj.core.data.Offset.offset(1e-15));
        RegisteredFunction narrow = define("narrow", """
                import decimal
                decimal.getcontext().prec = 3
                def f(x):
                    decimal.getcontext().prec = 2
                    decimal.DefaultContext.prec = 3
                    decimal.setcontext(decimal.Context(prec=1))
                    return x
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(narrow, UdfType.BIGINT, 1L)).containsExactly(1L);
        assertThat(run(seventh, UdfType.BIGINT, 1L)).containsExactly(expected);
    }

    @Test
    void recursionLimitAndSysModulesAreRestored() {
        RegisteredFunction deep = define("deep", """
                import sys
                def depth(n):
                    return 0 if n == 0 else 1 + depth(n - 1)
                def f(x):
                    return depth(x)
                """, UdfType.BIGINT, UdfType.BIGINT);
        RegisteredFunction breaker = define("breaker", """
                import sys
                def f(x):
                    sys.setrecursionlimit(60)
                    sys.modules['json'] = None
                    sys.modules['fractions'] = None
                    sys.modules['_quiver_runtime'] = None
                    sys.setswitchinterval(1.0)
                    import gc
                    gc.disable()
                    gc.set_threshold(5)
                    return x
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(breaker, UdfType.BIGINT, 1L)).containsExactly(1L);
        assertThat(run(deep, UdfType.BIGINT, 200L)).containsExactly(200L);
        RegisteredFunction importer = define("importer", """
                import json, fractions, gc, sys
                def f(x):
                    return (len(json.dumps([x])) + fractions.Fraction(1, 2).denominator + gc.isenabled()
                            + (gc.get_threshold()[0] > 5))
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(importer, UdfType.BIGINT, 7L)).containsExactly(7L);
    }

    @Test
    void processWideOperationsRaiseInsideTheFunction() {
        String cwd = Path.of("").toAbsolutePath().toString();
        for (String call : List.of(
                "os.chdir('/')",
                "os._exit(1)",
                "os.abort()",
                "os.kill(os.getpid(), 9)",
                "signal.signal(signal.SIGINT, signal.SIG_IGN)",
                "signal.alarm(1)",
                "posix._exit(3)")) {
            RegisteredFunction hostile = define(
                    "hostile",
                    "import os, posix, signal\ndef f(x):\n    " + call + "\n    return x\n",
                    UdfType.BIGINT,
                    UdfType.BIGINT);
            UdfException failure = failure(hostile, UdfType.BIGINT, 1L);
            assertThat(failure.reason()).as(call).isEqualTo(UdfException.Reason.PYTHON_ERROR);
            assertThat(failure.pythonType()).as(call).isEqualTo("PermissionError");
            assertThat(failure.pythonMessage()).as(call).contains("is not allowed in a Quiver Python function");
        }
        RegisteredFunction where =
                define("where", "import os\ndef f(x):\n    return os.getcwd()\n", UdfType.VARCHAR, UdfType.BIGINT);
        assertThat(run(where, UdfType.BIGINT, 1L)).containsExactly(cwd);
        // Putting the real function back from another module does not last beyond the call.
        RegisteredFunction restorer = define("restorer", """
                import os, posix
                def f(x):
                    os.chdir = posix.chdir = lambda path: None
                    return x
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(restorer, UdfType.BIGINT, 1L)).containsExactly(1L);
        RegisteredFunction mover = define(
                "mover", "import os\ndef f(x):\n    os.chdir('/')\n    return x\n", UdfType.BIGINT, UdfType.BIGINT);
        assertThat(failure(mover, UdfType.BIGINT, 1L).pythonType()).isEqualTo("PermissionError");
    }

    @Test
    void moduleLevelExitIsADefinitionError() {
        UdfException failure = catchThrowableOfType(
                UdfException.class,
                () -> define(
                        "exits", "import os\nos._exit(1)\ndef f(x):\n    return x\n", UdfType.BIGINT, UdfType.BIGINT));
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.DEFINITION_ERROR);
        assertThat(failure.getMessage()).contains("PermissionError", "os._exit() is not allowed");
    }

    @Test
    void printGoesToStandardErrorNotToResults() {
        RegisteredFunction printer = define("printer", """
                import sys
                def f(x):
                    print('hello from a function')
                    redirected = sys.stdout is sys.stderr
                    sys.stdout = sys.__stdout__
                    return 1 if redirected else 0
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(printer, UdfType.BIGINT, 1L)).containsExactly(1L);
        RegisteredFunction checker = define(
                "checker",
                "import sys\ndef f(x):\n    return sys.stdout is sys.stderr\n",
                UdfType.BOOLEAN,
                UdfType.BIGINT);
        assertThat(run(checker, UdfType.BIGINT, 1L)).containsExactly(true);
    }

    @Test
    void changesMadeByAFunctionsThreadBetweenCallsAreUndoneBeforeTheNextCall() throws Exception {
        RegisteredFunction meddler = define("meddler", """
                import builtins, sys, threading, time
                def meddle():
                    time.sleep(0.2)
                    builtins.sorted = None
                    sys.modules['json'] = None
                def f(x):
                    threading.Thread(target=meddle).start()
                    return x
                """, UdfType.BIGINT, UdfType.BIGINT);
        RegisteredFunction user = define("json_user", """
                def f(x):
                    import json
                    return len(json.dumps({'b': 1, 'a': x}, sort_keys=True))
                """, UdfType.BIGINT, UdfType.BIGINT);
        long expected = (long) run(user, UdfType.BIGINT, 5L).getFirst();
        assertThat(run(meddler, UdfType.BIGINT, 1L)).containsExactly(1L);
        Thread.sleep(600); // the thread has meddled, between two calls
        assertThat(run(user, UdfType.BIGINT, 5L)).containsExactly(expected);
    }

    @Test
    void runtimeSurvivesAPatchedImportSystem() {
        RegisteredFunction saboteur = define("saboteur", """
                import builtins, sys
                def f(x):
                    builtins.__import__ = None
                    sys.meta_path.clear()
                    sys.modules.clear()
                    return x
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(saboteur, UdfType.BIGINT, 4L)).containsExactly(4L);
        RegisteredFunction after =
                define("after", "import math\ndef f(x):\n    return math.isqrt(x)\n", UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(after, UdfType.BIGINT, 16L)).containsExactly(4L);
    }
}
