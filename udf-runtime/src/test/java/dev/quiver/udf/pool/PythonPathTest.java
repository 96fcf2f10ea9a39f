package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package path: directories put first on every interpreter's sys.path, before the
 * installation's own entries; replaceable while the pool runs, and kept however a function
 * meddles with sys.path.
 */
class PythonPathTest {
    private static final String SYS_PATH = "import sys\ndef f(x):\n    return '\\n'.join(sys.path)\n";

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void packagesOnThePathImportAndThePathCanBeReplaced() throws Exception {
        Files.createDirectories(first.resolve("quiver_pkg_a"));
        Files.writeString(first.resolve("quiver_pkg_a/__init__.py"), "def answer():\n    return 40\n");
        Files.writeString(second.resolve("quiver_pkg_b.py"), "ANSWER = 2\n");
        try (BufferAllocator allocator = new RootAllocator();
                InterpreterPool pool = InterpreterPool.start(
                        PoolOptions.defaults().withWorkers(2).withPythonPath(List.of(first)))) {
            RegisteredFunction sysPath = register(pool, "sys_path", SYS_PATH, UdfType.VARCHAR);
            List<String> expected = new ArrayList<>();
            expected.add(first.toString());
            expected.addAll(PythonRuntime.get().installation().searchPath());
            for (int call = 0; call < 4; call++) { // every interpreter
                assertThat(text(pool, sysPath, allocator).split("\n")).containsExactlyElementsOf(expected);
            }
            RegisteredFunction usesA = register(
                    pool,
                    "uses_a",
                    "from quiver_pkg_a import answer\ndef f(x):\n    return answer() + x\n",
                    UdfType.BIGINT);
            assertThat(number(pool, usesA, allocator)).isEqualTo(41L);

            // A function that empties sys.path does not take the package path away from the others.
            RegisteredFunction clears = register(
                    pool, "clears", "import sys\ndef f(x):\n    sys.path.clear()\n    return x\n", UdfType.BIGINT);
            for (int call = 0; call < 4; call++) {
                number(pool, clears, allocator);
            }
            assertThat(text(pool, sysPath, allocator)).startsWith(first.toString());

            pool.setPythonPath(List.of(second));
            RegisteredFunction usesB = register(
                    pool,
                    "uses_b",
                    "import quiver_pkg_b\ndef f(x):\n    return quiver_pkg_b.ANSWER + x\n",
                    UdfType.BIGINT);
            assertThat(number(pool, usesB, allocator)).isEqualTo(3L);
            for (int call = 0; call < 4; call++) {
                String path = text(pool, sysPath, allocator);
                assertThat(path).startsWith(second.toString()).doesNotContain(first.toString());
            }
        }
    }

    private static RegisteredFunction register(InterpreterPool pool, String name, String source, UdfType returns) {
        return pool.register(PythonFunction.builder(name, source, "f")
                .arguments(UdfType.BIGINT)
                .returns(returns)
                .build());
    }

    private static long number(InterpreterPool pool, RegisteredFunction function, BufferAllocator allocator) {
        try (BigIntVector input = one(allocator);
                FieldVector result = pool.call(function, List.of(input), 1, allocator)) {
            return ((BigIntVector) result).get(0);
        }
    }

    private static String text(InterpreterPool pool, RegisteredFunction function, BufferAllocator allocator) {
        try (BigIntVector input = one(allocator);
                FieldVector result = pool.call(function, List.of(input), 1, allocator)) {
            return new String(((VarCharVector) result).get(0), StandardCharsets.UTF_8);
        }
    }

    private static BigIntVector one(BufferAllocator allocator) {
        BigIntVector vector = new BigIntVector("x", allocator);
        vector.allocateNew(1);
        vector.set(0, 1);
        vector.setValueCount(1);
        return vector;
    }
}
