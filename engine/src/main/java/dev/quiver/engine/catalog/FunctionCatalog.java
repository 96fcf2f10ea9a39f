package dev.quiver.engine.catalog;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Python functions of one database. Names are case-insensitive, as SQL folds unquoted
 * identifiers here. Thread-safe.
 */
public final class FunctionCatalog {
    private final ConcurrentMap<String, PythonUdf> functions = new ConcurrentHashMap<>();
    /** Counts changes, so that a prepared plan knows the functions it was planned with are gone. */
    private final AtomicLong version = new AtomicLong();

    /** A number that changes (after the change) whenever a function is created, replaced or dropped. */
    public long version() {
        return version.get();
    }

    public Optional<PythonUdf> function(String name) {
        return Optional.ofNullable(functions.get(key(name)));
    }

    /** Every function, by name ignoring case (names keep the case they were created with). */
    public List<PythonUdf> functions() {
        return functions.values().stream()
                .sorted(Comparator.comparing(PythonUdf::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Adds a function; fails with FUNCTION_EXISTS if the name is taken. */
    public void create(PythonUdf function) {
        if (functions.putIfAbsent(key(function.name()), function) != null) {
            throw new QuiverException(
                    ErrorCode.FUNCTION_EXISTS,
                    "Function " + function.name() + " already exists (CREATE OR REPLACE FUNCTION replaces it)");
        }
        version.incrementAndGet();
    }

    /** Adds a function, replacing any of that name; queries planned before keep the old version. */
    public void createOrReplace(PythonUdf function) {
        functions.put(key(function.name()), function);
        version.incrementAndGet();
    }

    /** Drops a function; false when there is none of that name. */
    public boolean drop(String name) {
        boolean dropped = functions.remove(key(name)) != null;
        version.incrementAndGet();
        return dropped;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
