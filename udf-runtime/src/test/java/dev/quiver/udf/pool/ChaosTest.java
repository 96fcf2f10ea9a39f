package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile functions — monkeypatching builtins and shared modules, changing the recursion limit,
 * the decimal context, sys.modules and the switch interval, leaking threads, raising from
 * {@code __str__}, keeping views of batch memory, calling process-wide operations — run interleaved
 * with well-behaved ones, on one interpreter (every function shares it) and on several (calls in
 * flight at once). The well-behaved functions' results never change, no call ends in an internal
 * error, and the pool keeps all its workers. Seeded, and a few seconds long.
 */
class ChaosTest {
    private static final int ROWS = 64;
    private static final int ROUNDS = 12;

    /** Well-behaved functions, each over BIGINT; their first results are the reference. */
    private static final Map<String, String> GOOD = new LinkedHashMap<>();
    /** Hostile functions over BIGINT returning BIGINT, module-level code included. */
    private static final Map<String, String> HOSTILE = new LinkedHashMap<>();

    static {
        GOOD.put("g_abs", "def f(x):\n    return abs(x - 32) + len(str(x)) + sum(map(int, [1, 2]))\n");
        GOOD.put("g_decimal", """
                from decimal import Decimal
                def f(x):
                    return int((Decimal(x) / Decimal(7)).scaleb(15))
                """);
        GOOD.put("g_json", """
                import json
                def f(x):
                    return len(json.dumps({'x': x, 'items': [str(i) for i in range(x % 5)]}))
                """);
        GOOD.put("g_deep", """
                def depth(n):
                    return 0 if n == 0 else 1 + depth(n - 1)
                def f(x):
                    return depth(200 + x)
                """);
        GOOD.put("g_sleep", """
                import time
                def f(x):
                    if x == 0:
                        time.sleep(0.001)
                    return isinstance(x, int) + x
                """);
        GOOD.put("g_imports", """
                def f(x):
                    import fractions, statistics
                    return fractions.Fraction(x, 3).denominator + int(statistics.mean([x, x + 2]))
                """);

        HOSTILE.put("h_builtins", """
                import builtins
                builtins.abs = lambda v: 12345
                def f(x):
                    builtins.map = builtins.len = builtins.str = builtins.isinstance = None
                    builtins.sum = lambda *a: -1
                    return x
                """);
        HOSTILE.put("h_limits", """
                import sys
                sys.setrecursionlimit(80)
                def f(x):
                    sys.setrecursionlimit(60)
                    sys.setswitchinterval(2.0)
                    return x
                """);
        HOSTILE.put("h_decimal", """
                import decimal
                decimal.getcontext().prec = 2
                decimal.DefaultContext.prec = 3
                def f(x):
                    decimal.getcontext().prec = 1
                    decimal.DefaultContext.rounding = decimal.ROUND_FLOOR
                    decimal.setcontext(decimal.Context(prec=2))
                    return x
                """);
        HOSTILE.put("h_modules", """
                import sys
                def f(x):
                    sys.modules['json'] = None
                    sys.modules.pop('decimal', None)
                    sys.modules['fractions'] = 42
                    sys.meta_path.clear()
                    return x
                """);
        HOSTILE.put("h_str", """
                class Weird(Exception):
                    def __str__(self):
                        raise RuntimeError('no message for you')
                def f(x):
                    raise Weird()
                """);
        HOSTILE.put("h_threads", """
                import threading, time
                def worker():
                    time.sleep(0.2)
                def f(x):
                    threading.Thread(target=worker).start()
                    return x
                """);
        HOSTILE.put("h_process", """
                import os, signal
                def f(x):
                    for attempt in (lambda: os.chdir('/'), lambda: os._exit(3), lambda: os.abort(),
                                    lambda: signal.signal(signal.SIGTERM, signal.SIG_IGN)):
                        try:
                            attempt()
                        except PermissionError:
                            pass
                    os.chdir('/')
                """);
        HOSTILE.put("h_hooks", """
                import gc, sys, time, threading
                def f(x):
                    gc.disable()
                    sys.settrace(lambda *a: None)
                    sys.stdout = None
                    time.sleep = None
                    print('lost')
                    return x
                """);
        HOSTILE.put("h_wrong_type", "def f(x):\n    return 'not a number'\n");
        HOSTILE.put("h_exit", "import sys\ndef f(x):\n    sys.exit(1)\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void wellBehavedResultsNeverChange(int interpreters) {
        Random random = new Random(9 + interpreters);
        try (BufferAllocator allocator = new RootAllocator();
                InterpreterPool pool =
                        InterpreterPool.start(PoolOptions.defaults().withWorkers(interpreters));
                FieldVector input = numbers(allocator)) {
            Map<String, RegisteredFunction> good = new LinkedHashMap<>();
            Map<String, List<Object>> reference = new LinkedHashMap<>();
            GOOD.forEach((name, source) -> good.put(name, register(pool, name, source, FunctionKind.SCALAR)));
            good.forEach((name, function) -> reference.put(name, run(pool, function, input, allocator)));
            List<RegisteredFunction> hostile = new ArrayList<>();
            for (Map.Entry<String, String> entry : HOSTILE.entrySet()) {
                try {
                    hostile.add(register(pool, entry.getKey(), entry.getValue(), FunctionKind.SCALAR));
                } catch (UdfException e) {
                    assertThat(e.reason()).as(entry.getKey()).isNotEqualTo(UdfException.Reason.INTERNAL);
                }
            }
            hostile.add(register(
                    pool,
                    "h_escape",
                    "kept = []\ndef f(xs):\n    kept.append(xs[0:1])\n    return xs\n",
                    FunctionKind.VECTORIZED));

            for (int round = 0; round < ROUNDS; round++) {
                List<RegisteredFunction> order = new ArrayList<>(good.values());
                order.addAll(hostile);
                java.util.Collections.shuffle(order, random);
                List<PendingCall<FieldVector>> calls = new ArrayList<>();
                for (RegisteredFunction function : order) { // all in flight at once
                    calls.add(pool.submit(function, List.of(input), ROWS, allocator, null));
                }
                for (int index = 0; index < order.size(); index++) {
                    RegisteredFunction function = order.get(index);
                    List<Object> values = null;
                    UdfException failure = null;
                    try (FieldVector result = calls.get(index).get()) {
                        values = Columns.values(result);
                    } catch (UdfException e) {
                        failure = e;
                    }
                    if (good.containsKey(function.name())) {
                        assertThat(failure)
                                .as("%s in round %d", function.name(), round)
                                .isNull();
                        assertThat(values)
                                .as("%s in round %d", function.name(), round)
                                .isEqualTo(reference.get(function.name()));
                    } else if (failure != null) {
                        assertThat(failure.reason())
                                .as("%s in round %d: %s", function.name(), round, failure.getMessage())
                                .isNotEqualTo(UdfException.Reason.INTERNAL);
                    }
                }
            }
            assertThat(pool.workerCount()).isEqualTo(interpreters);
            assertThat(pool.abandonedInterpreters()).isZero();
        }
    }

    private static RegisteredFunction register(InterpreterPool pool, String name, String source, FunctionKind kind) {
        return pool.register(PythonFunction.builder(name, source, "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .kind(kind)
                .build());
    }

    private static List<Object> run(
            InterpreterPool pool, RegisteredFunction function, FieldVector input, BufferAllocator allocator) {
        try (FieldVector result = pool.call(function, List.of(input), ROWS, allocator)) {
            return Columns.values(result);
        }
    }

    private static FieldVector numbers(BufferAllocator allocator) {
        List<Object> values = new ArrayList<>();
        for (long row = 0; row < ROWS; row++) {
            values.add(row);
        }
        return Columns.of(allocator, UdfType.BIGINT, values);
    }
}
