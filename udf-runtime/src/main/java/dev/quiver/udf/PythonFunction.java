package dev.quiver.udf;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The definition of a Python user-defined function: everything needed to compile and call it.
 *
 * @param name           the SQL name; also names the source in tracebacks ({@code udf_<name>.py})
 * @param source         Python source defining the handler (and anything it imports)
 * @param handler        the name of the callable in {@code source} to call
 * @param argumentTypes  the SQL types of the arguments, in order
 * @param returnType     the SQL type of the result; null for a {@link FunctionKind#TABLE TABLE} function
 * @param kind           scalar (per row) or vectorized (per batch)
 * @param nullHandling   whether NULL arguments reach the function
 * @param errorHandling  whether a raising row fails the query or yields NULL
 * @param deterministic  whether equal arguments always give equal results (lets an engine cache or fold calls)
 * @param resultColumns  a {@link FunctionKind#TABLE TABLE} function's result columns (at least one); empty otherwise
 * @param batchFormat    how a {@link FunctionKind#VECTORIZED VECTORIZED} function receives a batch's columns
 */
public record PythonFunction(
        String name,
        String source,
        String handler,
        List<UdfType> argumentTypes,
        UdfType returnType,
        FunctionKind kind,
        NullHandling nullHandling,
        ErrorHandling errorHandling,
        boolean deterministic,
        List<TableColumn> resultColumns,
        BatchFormat batchFormat) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public PythonFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(kind, "kind");
        resultColumns = List.copyOf(resultColumns);
        if (kind == FunctionKind.TABLE) {
            if (returnType != null || resultColumns.isEmpty()) {
                throw new IllegalArgumentException("table function " + name + " has result columns and no return type");
            }
        } else {
            Objects.requireNonNull(returnType, "returnType");
            if (!resultColumns.isEmpty()) {
                throw new IllegalArgumentException("only a TABLE function has result columns");
            }
        }
        Objects.requireNonNull(nullHandling, "nullHandling");
        Objects.requireNonNull(errorHandling, "errorHandling");
        Objects.requireNonNull(batchFormat, "batchFormat");
        if (batchFormat != BatchFormat.LISTS && kind != FunctionKind.VECTORIZED) {
            throw new IllegalArgumentException("batch_format '" + batchFormat.sql()
                    + "' applies to vectorized functions only; function " + name + " is " + kind);
        }
        argumentTypes = List.copyOf(argumentTypes);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "function name '" + name + "' is not an identifier (letters, digits, _)");
        }
        if (!IDENTIFIER.matcher(handler).matches()) {
            throw new IllegalArgumentException(
                    "handler '" + handler + "' of function " + name + " is not a Python identifier");
        }
    }

    /** A function whose batches arrive as lists ({@link BatchFormat#LISTS}). */
    public PythonFunction(
            String name,
            String source,
            String handler,
            List<UdfType> argumentTypes,
            UdfType returnType,
            FunctionKind kind,
            NullHandling nullHandling,
            ErrorHandling errorHandling,
            boolean deterministic,
            List<TableColumn> resultColumns) {
        this(
                name,
                source,
                handler,
                argumentTypes,
                returnType,
                kind,
                nullHandling,
                errorHandling,
                deterministic,
                resultColumns,
                BatchFormat.LISTS);
    }

    /** A function of any kind but TABLE (no result columns). */
    public PythonFunction(
            String name,
            String source,
            String handler,
            List<UdfType> argumentTypes,
            UdfType returnType,
            FunctionKind kind,
            NullHandling nullHandling,
            ErrorHandling errorHandling,
            boolean deterministic) {
        this(
                name,
                source,
                handler,
                argumentTypes,
                returnType,
                kind,
                nullHandling,
                errorHandling,
                deterministic,
                List.of());
    }

    /** A scalar function with the defaults: NULL in gives NULL out, errors raise, deterministic. */
    public static Builder builder(String name, String source, String handler) {
        return new Builder(name, source, handler);
    }

    /** Builds a {@link PythonFunction}; defaults are those of SQL's CREATE FUNCTION. */
    public static final class Builder {
        private final String name;
        private final String source;
        private final String handler;
        private List<UdfType> argumentTypes = List.of();
        private UdfType returnType;
        private FunctionKind kind = FunctionKind.SCALAR;
        private NullHandling nullHandling = NullHandling.RETURNS_NULL_ON_NULL_INPUT;
        private ErrorHandling errorHandling = ErrorHandling.RAISE;
        private boolean deterministic = true;
        private List<TableColumn> resultColumns = List.of();
        private BatchFormat batchFormat = BatchFormat.LISTS;

        private Builder(String name, String source, String handler) {
            this.name = name;
            this.source = source;
            this.handler = handler;
        }

        public Builder arguments(UdfType... types) {
            this.argumentTypes = List.of(types);
            return this;
        }

        public Builder returns(UdfType type) {
            this.returnType = type;
            return this;
        }

        /** Makes it a {@link FunctionKind#TABLE TABLE} function with these result columns. */
        public Builder returnsTable(TableColumn... columns) {
            this.resultColumns = List.of(columns);
            this.returnType = null;
            this.kind = FunctionKind.TABLE;
            return this;
        }

        public Builder kind(FunctionKind value) {
            this.kind = value;
            return this;
        }

        public Builder nullHandling(NullHandling value) {
            this.nullHandling = value;
            return this;
        }

        public Builder errorHandling(ErrorHandling value) {
            this.errorHandling = value;
            return this;
        }

        public Builder deterministic(boolean value) {
            this.deterministic = value;
            return this;
        }

        public Builder batchFormat(BatchFormat value) {
            this.batchFormat = value;
            return this;
        }

        public PythonFunction build() {
            return new PythonFunction(
                    name,
                    source,
                    handler,
                    argumentTypes,
                    returnType,
                    kind,
                    nullHandling,
                    errorHandling,
                    deterministic,
                    resultColumns,
                    batchFormat);
        }
    }
}
