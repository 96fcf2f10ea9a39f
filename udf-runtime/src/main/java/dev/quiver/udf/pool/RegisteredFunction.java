package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import java.util.stream.Collectors;

/**
 * A {@link PythonFunction} accepted by a pool: its source compiled and imported once without error.
 *
 * <p>Each registration is one version of a function, with its own id; interpreters compile it
 * lazily, once each, and cache it by id. Registering a changed definition gives a new version.
 *
 * @param id         unique within the pool
 * @param definition the function as registered
 * @param tier       where it runs: {@link FunctionIsolation#SUBINTERPRETER} or {@link FunctionIsolation#PROCESS}
 * @param placement  why it runs there, for CREATE's notice and EXPLAIN ("numpy does not support
 *                   sub-interpreters", "isolation = 'process'"); "" for the sub-interpreter default
 */
public record RegisteredFunction(int id, PythonFunction definition, FunctionIsolation tier, String placement) {
    public RegisteredFunction {
        if (tier == FunctionIsolation.AUTO) {
            throw new IllegalArgumentException("a registered function runs in one tier, not AUTO");
        }
    }

    /** A function of the sub-interpreter tier. */
    public RegisteredFunction(int id, PythonFunction definition) {
        this(id, definition, FunctionIsolation.SUBINTERPRETER, "");
    }

    /** Whether it runs in the process tier's worker processes. */
    public boolean inProcess() {
        return tier == FunctionIsolation.PROCESS;
    }

    /** For EXPLAIN: {@code "process tier: <why>"} for a function of the process tier, else "". */
    public String tierLabel() {
        return inProcess() ? "process tier: " + placement : "";
    }

    /** For EXPLAIN: what runs its calls, {@code "worker processes"} or {@code "interpreters"}. */
    public String runners() {
        return inProcess() ? "worker processes" : "interpreters";
    }

    public String name() {
        return definition.name();
    }

    /** The definition as the Python runtime's {@code define} reads it (JSON, source passed apart). */
    String specJson() {
        String argumentTypes = definition.argumentTypes().stream()
                .map(UdfType::sql)
                .map(RegisteredFunction::jsonString) // STRUCT field names may hold any text
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"name\":" + quote(definition.name())
                + ",\"version\":" + id
                + ",\"handler\":" + quote(definition.handler())
                + ",\"kind\":" + quote(definition.kind().name())
                + ",\"argument_types\":" + argumentTypes
                + ",\"return_type\":"
                + jsonString(
                        definition.returnType() == null
                                ? ""
                                : definition.returnType().sql())
                + ",\"result_columns\":" + resultColumns()
                + ",\"on_null\":" + quote(definition.nullHandling().name())
                + ",\"on_error\":" + quote(definition.errorHandling().name())
                + ",\"deterministic\":" + definition.deterministic()
                + ",\"batch_format\":" + quote(definition.batchFormat().sql()) + "}";
    }

    /** A table function's result columns as [[name, type], ...]; names are escaped for JSON. */
    private String resultColumns() {
        return definition.resultColumns().stream()
                .map(column -> "[" + jsonString(column.name()) + ","
                        + jsonString(column.type().sql()) + "]")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** A JSON string literal of any text (column names may be quoted identifiers). */
    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char character : text.toCharArray()) {
            if (character == '"' || character == '\\') {
                json.append('\\').append(character);
            } else if (character < 0x20) {
                json.append(String.format("\\u%04x", (int) character));
            } else {
                json.append(character);
            }
        }
        return json.append('"').toString();
    }

    /** Names and handlers are identifiers, so quoting needs no escapes. */
    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
