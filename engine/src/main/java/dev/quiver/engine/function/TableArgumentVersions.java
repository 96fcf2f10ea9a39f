package dev.quiver.engine.function;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.error.UdfFailures;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registrations of table functions with a TABLE parameter, one per shape of table passed: the
 * pool decodes arguments by their declared types, so a call over a table of columns {@code (a INT,
 * b VARCHAR)} runs a version of the function whose table parameter is {@code STRUCT(a INT, b
 * VARCHAR)}. Registered on first use (the source is compiled once more) and kept until the
 * function is replaced or dropped ({@link #release}).
 */
public final class TableArgumentVersions {
    /** Base registration id → row type → the version for tables of that row type. */
    private static final Map<Integer, Map<UdfType, RegisteredFunction>> VERSIONS = new ConcurrentHashMap<>();

    private TableArgumentVersions() {}

    /** The registration of {@code function} for tables whose rows are {@code rowType} (a STRUCT). */
    public static RegisteredFunction forRows(PythonUdf function, UdfType rowType) {
        Map<UdfType, RegisteredFunction> versions =
                VERSIONS.computeIfAbsent(function.registered().id(), id -> new ConcurrentHashMap<>());
        return versions.computeIfAbsent(rowType, type -> {
            PythonFunction base = function.registered().definition();
            List<UdfType> arguments = new ArrayList<>(base.argumentTypes());
            arguments.set(function.tableParameter(), type);
            try {
                return function.pool()
                        .register(new PythonFunction(
                                base.name(),
                                base.source(),
                                base.handler(),
                                arguments,
                                base.returnType(),
                                base.kind(),
                                base.nullHandling(),
                                base.errorHandling(),
                                base.deterministic(),
                                base.resultColumns()));
            } catch (UdfException e) {
                throw UdfFailures.toQuiver(e);
            }
        });
    }

    /** Releases every version of a replaced or dropped function. */
    public static void release(PythonUdf function) {
        Map<UdfType, RegisteredFunction> versions =
                VERSIONS.remove(function.registered().id());
        if (versions != null) {
            versions.values().forEach(function.pool()::release);
        }
    }
}
