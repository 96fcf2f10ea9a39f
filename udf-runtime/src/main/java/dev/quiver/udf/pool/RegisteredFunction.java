package dev.quiver.udf.pool;

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
 */
public record RegisteredFunction(int id, PythonFunction definition) {

    public String name() {
        return definition.name();
    }

    /** The definition as the Python runtime's {@code define} reads it (JSON, source passed apart). */
    String specJson() {
        String argumentTypes = definition.argumentTypes().stream()
                .map(UdfType::sql)
                .map(RegisteredFunction::quote)
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"name\":" + quote(definition.name())
                + ",\"version\":" + id
                + ",\"handler\":" + quote(definition.handler())
                + ",\"kind\":" + quote(definition.kind().name())
                + ",\"argument_types\":" + argumentTypes
                + ",\"return_type\":" + quote(definition.returnType().sql())
                + ",\"on_null\":" + quote(definition.nullHandling().name())
                + ",\"on_error\":" + quote(definition.errorHandling().name())
                + ",\"deterministic\":" + definition.deterministic() + "}";
    }

    /** Names, handlers and type codes are identifiers and digits only, so quoting needs no escapes. */
    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
