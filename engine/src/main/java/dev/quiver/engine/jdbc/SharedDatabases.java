package dev.quiver.engine.jdbc;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The database files JDBC connections of this process have open, each opened once and shared: two
 * connections to one PATH see the same tables. A database closes when its last connection does.
 */
final class SharedDatabases {
    /** An open database and how many connections use it. */
    private static final class Entry {
        final Quiver database;
        int connections;

        Entry(Quiver database) {
            this.database = database;
        }
    }

    private static final Map<Path, Entry> OPEN = new HashMap<>(); // guarded by SharedDatabases.class

    private SharedDatabases() {}

    /** The database at {@code path}, opened with {@code config} unless a connection has it open already. */
    static synchronized Quiver acquire(Path path, QuiverConfig config) {
        Entry entry = OPEN.get(path);
        if (entry == null) {
            entry = new Entry(Quiver.open(path, config));
            OPEN.put(path, entry);
        }
        entry.connections++;
        return entry.database;
    }

    static synchronized void release(Path path) {
        Entry entry = OPEN.get(path);
        if (entry != null && --entry.connections == 0) {
            OPEN.remove(path);
            entry.database.close();
        }
    }
}
