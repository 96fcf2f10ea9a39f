package dev.quiver.udf.pool;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.testing.StartSignal;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/**
 * The child process of {@link JvmExitTest}: leaves Python in some state and exits the JVM.
 *
 * <p>Modes: {@code exit-while-running} (System.exit while a UDF loops forever),
 * {@code exit-while-stuck} (System.exit while a UDF swallows every cancel), {@code open-pool}
 * (main returns with the pool still open), {@code lingering-thread} (a function leaves a thread
 * that never ends, then the pool closes), {@code locate} (prints the Python found).
 */
public final class JvmExitMain {
    private static final String SPIN = "def f(x):\n    %s\n    while True:\n        pass\n";
    private static final String STUCK = """
            def spin():
                while True:
                    pass
            def f(x):
                %s
                while True:
                    try:
                        spin()
                    except BaseException:
                        pass
            """;

    private JvmExitMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("locate")) {
            System.out.println(PythonRuntime.get().installation().executable());
            return;
        }
        BufferAllocator allocator = new RootAllocator();
        InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(2));
        BigIntVector input = new BigIntVector("x", allocator);
        input.allocateNew(1);
        input.set(0, 1);
        input.setValueCount(1);
        switch (mode) {
            case "exit-while-running", "exit-while-stuck" -> {
                StartSignal started = StartSignal.inTemporaryDirectory();
                String source = (mode.equals("exit-while-running") ? SPIN : STUCK).formatted(started.pythonStatement());
                RegisteredFunction function = pool.register(PythonFunction.builder("forever", source, "f")
                        .arguments(UdfType.BIGINT)
                        .returns(UdfType.BIGINT)
                        .build());
                pool.submit(function, List.of(input), 1, allocator, null); // no deadline
                started.await(1, Duration.ofSeconds(30));
                System.out.println("exiting with a UDF running");
                System.exit(0);
            }
            case "open-pool" -> {
                RegisteredFunction function =
                        pool.register(PythonFunction.builder("twice", "def f(x):\n    return 2 * x\n", "f")
                                .arguments(UdfType.BIGINT)
                                .returns(UdfType.BIGINT)
                                .build());
                try (FieldVector result = pool.call(function, List.of(input), 1, allocator)) {
                    System.out.println("result " + result.getObject(0));
                }
                // Returns with the pool open: the runtime's shutdown hook closes it and finalizes Python.
            }
            case "venv-import" -> {
                // QUIVER_PYTHON is a virtual environment's python; the module exists only in its site-packages.
                RegisteredFunction function = pool.register(PythonFunction.builder(
                                "from_venv",
                                "import quiver_venv_probe\ndef f(x):\n    return quiver_venv_probe.VALUE + x\n",
                                "f")
                        .arguments(UdfType.BIGINT)
                        .returns(UdfType.BIGINT)
                        .build());
                try (FieldVector result = pool.call(function, List.of(input), 1, allocator)) {
                    System.out.println("result " + result.getObject(0));
                }
                System.out.println("venv " + PythonRuntime.get().installation().virtualEnvironment());
            }
            case "lingering-thread" -> {
                RegisteredFunction function = pool.register(PythonFunction.builder("lingers", """
                        import threading, time
                        def forever():
                            while True:
                                time.sleep(0.05)
                        def f(x):
                            threading.Thread(target=forever, name='ticker').start()
                            return x
                        """, "f")
                        .arguments(UdfType.BIGINT)
                        .returns(UdfType.BIGINT)
                        .build());
                pool.call(function, List.of(input), 1, allocator).close();
                long start = System.nanoTime();
                pool.close();
                System.out.println("closed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
