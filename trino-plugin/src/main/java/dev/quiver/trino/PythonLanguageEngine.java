package dev.quiver.trino;

import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.RegisteredFunction;
import io.trino.spi.StandardErrorCode;
import io.trino.spi.TrinoException;
import io.trino.spi.function.InvocationConvention;
import io.trino.spi.function.InvocationConvention.InvocationArgumentConvention;
import io.trino.spi.function.InvocationConvention.InvocationReturnConvention;
import io.trino.spi.function.LanguageFunctionEngine;
import io.trino.spi.function.ScalarFunctionAdapter;
import io.trino.spi.function.ScalarFunctionImplementation;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.type.Type;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The engine behind {@code LANGUAGE PYTHON}: Trino's syntax ({@code WITH (handler = 'name')},
 * {@code AS $$ source $$}), checked at CREATE time by compiling the source in the pool (so the user sees
 * Python's own error), and run on the JVM's {@link SharedPool}.
 */
public final class PythonLanguageEngine implements LanguageFunctionEngine {
    static final String HANDLER_PROPERTY = "handler";

    private static final MethodHandle EXECUTE;

    static {
        try {
            EXECUTE = MethodHandles.lookup()
                    .findVirtual(
                            PythonScalarCall.class, "execute", MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SharedPool shared;

    PythonLanguageEngine(SharedPool shared) {
        this.shared = shared;
    }

    @Override
    public String getLanguage() {
        return "PYTHON";
    }

    @Override
    public List<PropertyMetadata<?>> getFunctionProperties() {
        return List.of(PropertyMetadata.stringProperty(
                HANDLER_PROPERTY, "Name of the Python callable the function calls", "", false));
    }

    @Override
    public void validateScalarFunction(
            Type returnType, List<Type> argumentTypes, String definition, Map<String, Object> properties) {
        register(returnType, argumentTypes, definition, properties);
    }

    @Override
    public ScalarFunctionImplementation getScalarFunctionImplementation(
            Type returnType,
            List<Type> argumentTypes,
            String definition,
            Map<String, Object> properties,
            InvocationConvention invocationConvention) {
        RegisteredFunction function = register(returnType, argumentTypes, definition, properties);
        PythonScalarCall call = new PythonScalarCall(function, returnType, argumentTypes, shared);

        List<Class<?>> parameters = new ArrayList<>();
        for (Type type : argumentTypes) {
            parameters.add(type.getJavaType());
        }
        MethodType boxed =
                MethodType.methodType(returnType.getJavaType(), parameters).wrap();
        MethodHandle target = EXECUTE.bindTo(call)
                .asCollector(Object[].class, argumentTypes.size())
                .asType(boxed);
        // Every argument may be NULL and arrives as null (None in Python); Trino itself skips the call
        // for RETURNS NULL ON NULL INPUT functions when it asks for a non-nullable convention.
        InvocationConvention ours = new InvocationConvention(
                Collections.nCopies(argumentTypes.size(), InvocationArgumentConvention.BOXED_NULLABLE),
                InvocationReturnConvention.NULLABLE_RETURN,
                false,
                false);
        MethodHandle adapted =
                ScalarFunctionAdapter.adapt(target, returnType, argumentTypes, ours, invocationConvention);
        return ScalarFunctionImplementation.builder().methodHandle(adapted).build();
    }

    private RegisteredFunction register(
            Type returnType, List<Type> argumentTypes, String definition, Map<String, Object> properties) {
        String handler = (String) properties.get(HANDLER_PROPERTY);
        if (handler == null || handler.isBlank()) {
            throw new TrinoException(
                    StandardErrorCode.INVALID_FUNCTION_PROPERTY,
                    "Python function needs its handler: WITH (handler = 'name of the Python function to call')");
        }
        List<UdfType> arguments =
                argumentTypes.stream().map(TrinoTypes::toUdfType).toList();
        UdfType result = TrinoTypes.toUdfType(returnType);
        PythonFunction function;
        try {
            // Trino does not pass the SQL function's name: the handler names it in errors and tracebacks.
            function = new PythonFunction(
                    handler.strip(),
                    definition.stripIndent(),
                    handler.strip(),
                    arguments,
                    result,
                    FunctionKind.SCALAR,
                    NullHandling.CALLED_ON_NULL_INPUT,
                    dev.quiver.udf.ErrorHandling.RAISE,
                    true);
        } catch (IllegalArgumentException e) {
            throw new TrinoException(StandardErrorCode.INVALID_FUNCTION_PROPERTY, e.getMessage(), e);
        }
        try {
            return shared.register(function);
        } catch (UdfException failure) {
            throw TrinoErrors.of(failure);
        }
    }
}
