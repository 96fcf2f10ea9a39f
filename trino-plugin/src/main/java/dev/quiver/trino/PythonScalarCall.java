package dev.quiver.trino;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.RegisteredFunction;
import io.trino.spi.type.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One Python function as Trino calls it: once per row, with boxed nullable arguments, returning the
 * boxed result or null. Each call is a one-row batch on the shared pool (Trino 483's
 * {@code LanguageFunctionEngine} offers only per-row method handles). Thread safe: any number of
 * driver threads call it at once, each call on whichever interpreter is free.
 *
 * <p>A driver thread interrupted while it waits (Trino interrupts them when a query is cancelled or
 * times out) interrupts the running Python code, and the call fails with the pool's CANCELLED error.
 */
public final class PythonScalarCall {
    private final RegisteredFunction function;
    private final Type returnType;
    private final List<Type> argumentTypes;
    private final List<Field> argumentFields;
    private final InterpreterPool pool;
    private final BufferAllocator allocator;

    PythonScalarCall(RegisteredFunction function, Type returnType, List<Type> argumentTypes, SharedPool shared) {
        this.function = function;
        this.returnType = returnType;
        this.argumentTypes = List.copyOf(argumentTypes);
        List<Field> fields = new ArrayList<>();
        List<UdfType> types = function.definition().argumentTypes();
        for (int index = 0; index < types.size(); index++) {
            fields.add(types.get(index).toField("arg" + index));
        }
        this.argumentFields = List.copyOf(fields);
        this.pool = shared.pool();
        this.allocator = shared.allocator();
    }

    /** Calls the function on one row; the target of the method handle Trino compiles into its expressions. */
    public Object execute(Object[] arguments) {
        List<FieldVector> vectors = new ArrayList<>(arguments.length);
        try {
            for (int index = 0; index < arguments.length; index++) {
                FieldVector vector = argumentFields.get(index).createVector(allocator);
                vectors.add(vector);
                vector.setInitialCapacity(1); // the default (~4K values) would cost more than the call
                vector.allocateNew();
                ArrowValues.write(argumentTypes.get(index), arguments[index], vector, 0);
                vector.setValueCount(1);
            }
            try (FieldVector result = pool.call(function, vectors, 1, allocator)) {
                return ArrowValues.read(returnType, result, 0);
            }
        } catch (UdfException failure) {
            throw TrinoErrors.of(failure);
        } finally {
            vectors.forEach(FieldVector::close);
        }
    }
}
