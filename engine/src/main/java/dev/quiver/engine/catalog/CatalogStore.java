package dev.quiver.engine.catalog;

import java.util.List;
import java.util.SortedMap;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Where a database keeps its tables and Python function definitions across restarts.
 *
 * <p>PROTOCOL: every change is written here <em>before</em> it becomes visible in memory; when a
 * method returns, the change is committed (and survives a crash of the JVM); when it throws, nothing
 * was changed and the caller must leave memory unchanged too. Callers serialise changes on the store
 * object ({@code synchronized (store)}) so that the store and memory see them in the same order.
 * Implementations are thread-safe.
 */
public interface CatalogStore extends AutoCloseable {

    /** Reads every stored table into memory (allocated from {@code allocator}, owned by the caller). */
    List<MemoryTable> loadTables(BufferAllocator allocator, int batchRows);

    /** Stores a new table with its rows; {@code replace} drops a stored table of that name first. */
    void createTable(MemoryTable table, boolean replace);

    /**
     * Writes what one transaction did to existing tables (appended rows, replaced rows, replaced
     * columns), all in one
     * durable commit: after a crash either every change is there or none is.
     */
    void commit(List<TableChange> changes);

    /** Renames a stored table (ALTER TABLE … RENAME TO); its rows and columns stay. */
    void renameTable(String oldName, String newName);

    /** Drops a stored table; nothing happens when there is none of that name. */
    void dropTable(String name);

    /**
     * Stores (or replaces) the {@code CREATE [AGGREGATE] FUNCTION} statement that defines function
     * {@code name}, with its kind ({@code scalar}, {@code vectorized}, {@code aggregate}) beside it
     * for tools that read the store without parsing the statement.
     */
    void saveFunction(String name, String kind, String createStatementSql);

    /** Stores a function of kind {@code scalar} (a plain {@code CREATE FUNCTION}). */
    default void saveFunction(String name, String createStatementSql) {
        saveFunction(name, "scalar", createStatementSql);
    }

    /** Forgets function {@code name}; nothing happens when there is none. */
    void dropFunction(String name);

    /** The stored functions: name to its {@code CREATE FUNCTION} statement, by name. */
    SortedMap<String, String> functions();

    /** The stored {@code CREATE FUNCTION} statements, by function name, to replay when a database opens. */
    default List<String> functionDefinitions() {
        return List.copyOf(functions().values());
    }

    /**
     * Stores a database-wide setting ({@code SET python_path}), or forgets it when {@code value} is
     * null. A store that keeps nothing across restarts ignores it.
     */
    default void saveSetting(String name, String value) {}

    /** The stored database-wide settings, by name. */
    default SortedMap<String, String> settings() {
        return new java.util.TreeMap<>();
    }

    /** Stores (or replaces) the CREATE VIEW statement of view {@code name}. */
    void saveView(String name, String createViewSql);

    /** Forgets view {@code name}; nothing happens when there is none. */
    void dropView(String name);

    /** The stored views: name to its CREATE VIEW statement, by name. */
    SortedMap<String, String> views();

    /** Stores a schema (CREATE SCHEMA). A store that keeps nothing across restarts ignores it. */
    default void createSchema(String name) {}

    /** Drops a stored schema and anything still stored in it. */
    default void dropSchema(String name) {}

    /** The stored schemas other than {@code main}, by name; load them before the tables. */
    default List<String> schemas() {
        return List.of();
    }

    /**
     * Stores (or replaces) sequence {@code name} (an internal name) with its CREATE SEQUENCE
     * statement and the last value it handed out (null: none yet). TEMP sequences are never stored.
     */
    default void saveSequence(String name, String createSequenceSql, Long lastValue) {}

    /** Stores the last value sequence {@code name} handed out; durable when this returns. */
    default void saveSequenceValue(String name, long lastValue) {}

    /** Forgets sequence {@code name}; nothing happens when there is none. */
    default void dropSequence(String name) {}

    /** The stored sequences, by name. */
    default List<StoredSequence> sequences() {
        return List.of();
    }

    /**
     * A stored sequence: its internal name, CREATE SEQUENCE statement and last value handed out
     * (null when none was).
     */
    record StoredSequence(String name, String definitionSql, Long lastValue) {}

    /** Releases the store (the database file); tables loaded from it stay valid. */
    @Override
    void close();
}
