package dev.quiver.engine.catalog;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The tables (and, through {@link #functions()}, the Python functions) of one database. Names are case-insensitive (stored lower-case, as SQL folds unquoted
 * identifiers here). Thread-safe.
 */
public final class Catalog implements AutoCloseable {
    private final ConcurrentMap<String, MemoryTable> tables = new ConcurrentHashMap<>();
    private final FunctionCatalog functions = new FunctionCatalog();

    /** The database's Python functions. */
    public FunctionCatalog functions() {
        return functions;
    }

    public Optional<MemoryTable> table(String name) {
        return Optional.ofNullable(tables.get(key(name)));
    }

    public List<MemoryTable> tables() {
        return tables.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** Adds a table; fails with TABLE_EXISTS if the name is taken (and frees nothing). */
    public void create(MemoryTable table) {
        if (tables.putIfAbsent(key(table.name()), table) != null) {
            throw new QuiverException(ErrorCode.TABLE_EXISTS, "Table " + table.name() + " already exists");
        }
    }

    /** Adds a table, replacing (and freeing) any table of that name. */
    public void createOrReplace(MemoryTable table) {
        MemoryTable previous = tables.put(key(table.name()), table);
        if (previous != null && previous != table) {
            previous.close();
        }
    }

    /** Drops and frees a table; false when there is none of that name. */
    public boolean drop(String name) {
        MemoryTable removed = tables.remove(key(name));
        if (removed == null) {
            return false;
        }
        removed.close();
        return true;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        tables.values().forEach(MemoryTable::close);
        tables.clear();
    }
}
