package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.udf.NullHandling;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.Objects;

/**
 * The Python side of an {@link Aggregation} of a Python aggregate function: its SQL name, its
 * registration (the version the query was planned with) and the pool that runs it.
 */
public record PythonAggregateCall(String name, RegisteredFunction function, InterpreterPool pool) {
    public PythonAggregateCall {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(pool, "pool");
    }

    /** Whether rows with a NULL argument are left out (the default); CALLED ON NULL INPUT passes them. */
    public boolean skipsNullArguments() {
        return function.definition().nullHandling() == NullHandling.RETURNS_NULL_ON_NULL_INPUT;
    }
}
