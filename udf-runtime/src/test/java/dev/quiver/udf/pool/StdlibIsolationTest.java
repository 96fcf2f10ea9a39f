package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * The stdlib import-and-stress matrix of design note §4, run on the Python in use: several own-GIL
 * interpreters import and really use ~35 stdlib modules (C extensions included) in parallel
 * batches, over several pool create/close cycles. A module that is not safe with several own-GIL
 * interpreters crashes the JVM here (CPython aborts), so a new CPython version is checked before
 * it is trusted — and the runtime's per-version import blocker (quiver_runtime.py) must keep the
 * modules known to crash out.
 */
class StdlibIsolationTest {
    private static final String WORKOUT = "/dev/quiver/udf/pool/stdlib_workout.py";
    private static final int CYCLES = 3;
    private static final int WORKERS = 3;
    private static final int BATCHES = 12;
    private static final int ROWS = 5;

    @Test
    void stdlibModulesWorkInParallelOwnGilInterpretersAcrossPoolCycles() throws Exception {
        String source = resourceText(WORKOUT);
        List<String> expected = referenceDigests(BATCHES * ROWS);
        PythonFunction workout = PythonFunction.builder("stdlib_workout", source, "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.VARCHAR)
                .kind(FunctionKind.VECTORIZED)
                .build();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            try (BufferAllocator allocator = new RootAllocator();
                    InterpreterPool pool =
                            InterpreterPool.start(PoolOptions.defaults().withWorkers(WORKERS))) {
                RegisteredFunction function = pool.register(workout);
                List<FieldVector> inputs = new ArrayList<>();
                List<PendingCall<FieldVector>> calls = new ArrayList<>();
                try {
                    for (int batch = 0; batch < BATCHES; batch++) {
                        List<Object> xs = new ArrayList<>();
                        for (int row = 0; row < ROWS; row++) {
                            xs.add((long) ((batch + cycle) % BATCHES * ROWS + row));
                        }
                        FieldVector input = Columns.of(allocator, UdfType.BIGINT, xs);
                        inputs.add(input);
                        calls.add(
                                pool.submit(function, List.of(input), ROWS, allocator, null)); // all in flight at once
                    }
                    for (int batch = 0; batch < BATCHES; batch++) {
                        int first = (batch + cycle) % BATCHES * ROWS;
                        try (FieldVector result = calls.get(batch).get()) {
                            assertThat(Columns.values(result))
                                    .as("cycle %d batch %d", cycle, batch)
                                    .isEqualTo(new ArrayList<Object>(expected.subList(first, first + ROWS)));
                        }
                    }
                } finally {
                    inputs.forEach(FieldVector::close);
                }
            }
            assertThat(PythonRuntime.get().liveInterpreters()).isZero();
        }
    }

    @Test
    void datetimeAndZoneinfoArePurePythonWhileTheirCModulesAreBlocked() {
        String source = """
                import sys, datetime, zoneinfo
                def f():
                    try:
                        import _datetime
                        blocked = 'imported'
                    except ModuleNotFoundError as error:
                        blocked = str(error)
                    return '|'.join([datetime.datetime.__module__, repr(sys.modules.get('_datetime')),
                                     repr('_zoneinfo' in sys.modules), blocked])
                """;
        assertThat(PythonRuntime.get().installation().minor())
                .as("the blocker list is per version")
                .isEqualTo(13);
        try (BufferAllocator allocator = new RootAllocator();
                InterpreterPool pool =
                        InterpreterPool.start(PoolOptions.defaults().withWorkers(2))) {
            RegisteredFunction probe = pool.register(PythonFunction.builder("datetime_probe", source, "f")
                    .returns(UdfType.VARCHAR)
                    .build());
            for (int attempt = 0; attempt < 4; attempt++) {
                try (FieldVector result = pool.call(probe, List.of(), 1, allocator)) {
                    assertThat((String) Columns.value(result, 0))
                            .isEqualTo("_pydatetime|None|False|"
                                    + "_datetime is disabled in Quiver's sub-interpreters on Python 3.13 (it crashes with "
                                    + "several own-GIL interpreters); its pure-Python version is used instead");
                }
            }
        }
    }

    /** The digests the installation's own python executable computes for 0..count-1. */
    private static List<String> referenceDigests(int count)
            throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(StdlibIsolationTest.class.getResource(WORKOUT).toURI());
        List<String> command = new ArrayList<>(
                List.of(PythonRuntime.get().installation().executable().toString(), "-I", script.toString()));
        for (int x = 0; x < count; x++) {
            command.add(Integer.toString(x));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> digests = output.lines().toList();
        assertThat(digests).hasSize(count);
        return digests;
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = StdlibIsolationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
