package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void plusOne() {
        try (BufferAllocator allocator = new RootAllocator();
             InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(2));
             Float8Vector input = new Float8Vector("x", allocator)) {
            input.allocateNew(5);
            for (int i = 0; i < 5; i++) {
                input.set(i, i * 1.5);
            }
            input.setNull(3);
            input.setValueCount(5);
            RegisteredFunction f = pool.register(PythonFunction.builder("plus_one", "def f(x):\n    return x + 1\n", "f")
                    .arguments(UdfType.DOUBLE).returns(UdfType.DOUBLE).build());
            try (FieldVector out = pool.call(f, List.of(input), 5, allocator)) {
                System.out.println(out);
                assertThat(((Float8Vector) out).get(4)).isEqualTo(7.0);
            }
        }
    }
}
