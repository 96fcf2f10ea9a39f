package dev.quiver.bench.udf;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import java.util.function.DoubleUnaryOperator;

/** A scalar DOUBLE → DOUBLE Python UDF the benchmarks run, with its source and handler name. */
public enum Workload {
    /** Arithmetic only: the per-row cost is mostly the call itself. */
    LIGHT("light", """
            def light(x):
                return x * x + 1.0
            """, x -> x * x + 1.0),
    /** Twelve math calls and a small loop per row: CPU-bound Python. */
    HEAVY("heavy", """
            import math

            def heavy(x):
                acc = 0.0
                for k in (1.0, 2.0, 3.0, 4.0):
                    acc += math.sqrt(x * k) + math.sin(x + k) + math.log(x * k)
                return acc
            """, null);

    private final String handler;
    private final String source;
    private final DoubleUnaryOperator javaReference;

    Workload(String handler, String source, DoubleUnaryOperator javaReference) {
        this.handler = handler;
        this.source = source;
        this.javaReference = javaReference;
    }

    /** The lower-case name used on the command line and in reports. */
    public String label() {
        return handler;
    }

    public String handler() {
        return handler;
    }

    public String source() {
        return source;
    }

    /**
     * The same function in Java when it gives bit-identical results (IEEE arithmetic only), else
     * null: Java's and the C library's sin/log may differ in the last bit.
     */
    public DoubleUnaryOperator javaReference() {
        return javaReference;
    }

    public PythonFunction function() {
        return PythonFunction.builder(handler, source, handler)
                .arguments(UdfType.DOUBLE)
                .returns(UdfType.DOUBLE)
                .build();
    }
}
