package dev.quiver.engine.function;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.error.UdfFailures;
import dev.quiver.engine.sql.ddl.FunctionOptions;
import dev.quiver.udf.BatchFormat;
import dev.quiver.udf.ErrorHandling;
import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.TableColumn;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.RegisteredFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Turns a CREATE FUNCTION's parts into a registered {@link PythonUdf}: finds the handler, wraps a
 * bare function body, checks the handler's arity against the SQL signature, and registers the
 * source with the pool (which compiles and imports it, reporting Python's error).
 *
 * <p>Handler resolution: the {@code HANDLER} option if given; else a top-level {@code def} with the
 * SQL function's name, in any case; else the source is the function's body, with the declared
 * argument names bound (PL/Python style). Python's own {@code ast} module reads the source, in the
 * pool, so the decision follows Python's grammar rather than a guess from Java.
 */
public final class PythonFunctionFactory {
    /** Finds a top-level def; answers {@code name:parameters:defaults}, {@code name:*}, or '' (none). */
    private static final String HANDLER_FINDER_SOURCE = """
            import ast

            def find_handler(source, wanted):
                try:
                    tree = ast.parse(source)
                except SyntaxError:
                    return ''
                classes = wanted.startswith('@')
                wanted = wanted.lstrip('@')
                exact = wanted.startswith('=')
                wanted = wanted.lstrip('=')
                for node in tree.body:
                    if classes:
                        # weighted_median finds WeightedMedian: any case, underscores ignored
                        if isinstance(node, ast.ClassDef) and (node.name == wanted if exact else
                                node.name.lower().replace('_', '') == wanted.lower().replace('_', '')):
                            return node.name + ':class'
                        continue
                    if isinstance(node, ast.FunctionDef) and (
                            node.name == wanted if exact else node.name.lower() == wanted.lower()):
                        arguments = node.args
                        if arguments.vararg is not None:
                            return node.name + ':*'
                        count = len(arguments.posonlyargs) + len(arguments.args)
                        return '%s:%d:%d' % (node.name, count, len(arguments.defaults))
                return ''
            """;

    private static final Map<InterpreterPool, RegisteredFunction> HANDLER_FINDERS = new WeakHashMap<>();

    private PythonFunctionFactory() {}

    /**
     * Registers a function with {@code pool}.
     *
     * @param parameterNames declared names, null for unnamed parameters
     * @throws QuiverException INVALID_FUNCTION_DEFINITION with Python's error, or PYTHON_UNAVAILABLE
     */
    public static PythonUdf create(
            InterpreterPool pool,
            String name,
            List<String> parameterNames,
            List<UdfType> parameterTypes,
            UdfType returnType,
            List<TableColumn> resultColumns,
            String source,
            FunctionOptions options,
            String definitionSql) {
        List<String> names = new ArrayList<>();
        for (int index = 0; index < parameterNames.size(); index++) {
            names.add(parameterNames.get(index) == null ? "arg" + (index + 1) : parameterNames.get(index));
        }
        String code = source;
        String handler;
        try {
            if (options.kind().isAggregate()) {
                return register(
                        pool,
                        name,
                        names,
                        parameterTypes,
                        returnType,
                        List.of(),
                        source,
                        aggregateHandler(pool, name, source, options),
                        options,
                        definitionSql);
            }
            if (options.kind().isTable()) {
                return register(
                        pool,
                        name,
                        names,
                        parameterTypes,
                        null,
                        resultColumns,
                        source,
                        tableHandler(pool, name, source, options, parameterTypes.size()),
                        options,
                        definitionSql);
            }
            String found = findHandler(
                    pool, source, options.handler().map(h -> "=" + h).orElse(name));
            if (!found.isEmpty()) {
                handler = found.substring(0, found.indexOf(':'));
                checkArity(name, handler, found, parameterTypes.size());
            } else if (options.handler().isPresent()) {
                handler = options.handler().get(); // not a top-level def: registration says what is wrong
            } else {
                handler = name;
                code = wrapBody(name, names, source);
            }
            return register(
                    pool, name, names, parameterTypes, returnType, List.of(), code, handler, options, definitionSql);
        } catch (UdfException e) {
            throw UdfFailures.toQuiver(e);
        } catch (IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_FUNCTION_DEFINITION, "CREATE FUNCTION " + name + ": " + e.getMessage());
        }
    }

    private static PythonUdf register(
            InterpreterPool pool,
            String name,
            List<String> names,
            List<UdfType> parameterTypes,
            UdfType returnType,
            List<TableColumn> resultColumns,
            String code,
            String handler,
            FunctionOptions options,
            String definitionSql) {
        FunctionKind kind = switch (options.kind()) {
            case SCALAR -> FunctionKind.SCALAR;
            case VECTORIZED -> FunctionKind.VECTORIZED;
            case AGGREGATE -> FunctionKind.AGGREGATE;
            case TABLE -> FunctionKind.TABLE;
        };
        PythonFunction function = new PythonFunction(
                name,
                code,
                handler,
                parameterTypes,
                returnType,
                kind,
                options.nullInput() == FunctionOptions.NullInput.RETURNS_NULL_ON_NULL_INPUT
                        ? NullHandling.RETURNS_NULL_ON_NULL_INPUT
                        : NullHandling.CALLED_ON_NULL_INPUT,
                options.onError() == FunctionOptions.OnError.NULL ? ErrorHandling.NULL : ErrorHandling.RAISE,
                options.volatility() != FunctionOptions.Volatility.VOLATILE,
                resultColumns,
                BatchFormat.valueOf(options.batchFormat().name()));
        return new PythonUdf(
                name,
                names,
                parameterTypes,
                returnType,
                options,
                definitionSql,
                pool,
                pool.register(function, isolation(options.isolation())),
                resultColumns);
    }

    private static FunctionIsolation isolation(FunctionOptions.Isolation isolation) {
        return switch (isolation) {
            case AUTO -> FunctionIsolation.AUTO;
            case SUBINTERPRETER -> FunctionIsolation.SUBINTERPRETER;
            case PROCESS -> FunctionIsolation.PROCESS;
        };
    }

    /**
     * An aggregate's handler class: the {@code handler} option, else a top-level class named like the
     * function in any case, underscores ignored ({@code weighted_median}: {@code WeightedMedian}). The pool's registration then checks its methods and their arity.
     */
    private static String aggregateHandler(InterpreterPool pool, String name, String source, FunctionOptions options) {
        if (options.handler().isPresent()) {
            return options.handler().get();
        }
        String found = findHandler(pool, source, "@" + name);
        if (found.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.INVALID_FUNCTION_DEFINITION,
                    "CREATE AGGREGATE FUNCTION " + name
                            + ": the source defines no top-level class named " + name
                            + " (in any case, underscores ignored) to"
                            + " use as the handler;"
                            + " define one or name it with WITH (handler = 'ClassName')");
        }
        return found.substring(0, found.indexOf(':'));
    }

    /**
     * A table function's handler: the {@code handler} option, else a top-level {@code def} named like
     * the function (any case), else a top-level class named like it (any case, underscores ignored).
     * The pool's registration then checks that it is a generator function or a class with eval.
     */
    private static String tableHandler(
            InterpreterPool pool, String name, String source, FunctionOptions options, int declared) {
        if (options.handler().isPresent()) {
            return options.handler().get();
        }
        String found = findHandler(pool, source, name);
        if (!found.isEmpty()) {
            String handler = found.substring(0, found.indexOf(':'));
            checkArity(name, handler, found, declared);
            return handler;
        }
        found = findHandler(pool, source, "@" + name);
        if (found.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.INVALID_FUNCTION_DEFINITION,
                    "CREATE FUNCTION " + name
                            + " RETURNS TABLE: the source defines no top-level generator function (def " + name
                            + ") or class named " + name
                            + " to use as the handler; define one or name it with WITH (handler = '...')");
        }
        return found.substring(0, found.indexOf(':'));
    }

    private static void checkArity(String name, String handler, String found, int declared) {
        String[] parts = found.split(":");
        if (parts[1].equals("*")) {
            return;
        }
        int parameters = Integer.parseInt(parts[1]);
        int required = parameters - Integer.parseInt(parts[2]);
        if (declared < required || declared > parameters) {
            throw new QuiverException(
                    ErrorCode.INVALID_FUNCTION_DEFINITION,
                    "CREATE FUNCTION " + name
                            + " declares " + declared + (declared == 1 ? " argument" : " arguments")
                            + " but its Python handler "
                            + handler + "() takes "
                            + (required == parameters ? String.valueOf(parameters) : required + " to " + parameters));
        }
    }

    /**
     * {@code def name(args):} over the body, indented. A body starting on the line after {@code $$}
     * has its def on that empty first line, so traceback line numbers match the text as written.
     */
    static String wrapBody(String name, List<String> parameterNames, String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\n", -1)));
        boolean emptyFirstLine = !lines.isEmpty() && lines.getFirst().isBlank();
        if (emptyFirstLine) {
            lines.removeFirst();
        }
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder code = new StringBuilder("def ")
                .append(name)
                .append('(')
                .append(String.join(", ", parameterNames))
                .append("):\n");
        boolean any = false;
        for (String line : lines) {
            String content = line.isBlank() ? "" : line.substring(Math.min(indent, line.length()));
            any |= !content.isEmpty();
            code.append(content.isEmpty() ? "" : "    " + content).append('\n');
        }
        if (!any) {
            code.append("    pass\n");
        }
        return code.toString();
    }

    private static String findHandler(InterpreterPool pool, String source, String wanted) {
        RegisteredFunction finder;
        synchronized (HANDLER_FINDERS) {
            finder = HANDLER_FINDERS.computeIfAbsent(
                    pool,
                    p -> p.register(PythonFunction.builder("quiver_find_handler", HANDLER_FINDER_SOURCE, "find_handler")
                            .arguments(UdfType.VARCHAR, UdfType.VARCHAR)
                            .returns(UdfType.VARCHAR)
                            .build()));
        }
        try (BufferAllocator allocator = new RootAllocator();
                VarCharVector sourceVector = text(allocator, "source", source);
                VarCharVector wantedVector = text(allocator, "wanted", wanted);
                FieldVector answer = pool.call(finder, List.of(sourceVector, wantedVector), 1, allocator)) {
            return answer.isNull(0) ? "" : new String(((VarCharVector) answer).get(0), StandardCharsets.UTF_8);
        }
    }

    private static VarCharVector text(BufferAllocator allocator, String name, String value) {
        VarCharVector vector = new VarCharVector(name, allocator);
        vector.allocateNew(1);
        vector.setSafe(0, value.getBytes(StandardCharsets.UTF_8));
        vector.setValueCount(1);
        return vector;
    }
}
