package dev.quiver.engine.catalog;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The store of an in-memory database: tables live only in memory, so it keeps none; function
 * definitions are kept (in memory) so the function API behaves the same for both kinds of database.
 */
public final class MemoryOnlyStore implements CatalogStore {
    private final SortedMap<String, String> functions = Collections.synchronizedSortedMap(new TreeMap<>());

    @Override
    public List<MemoryTable> loadTables(BufferAllocator allocator, int batchRows) {
        return List.of();
    }

    @Override
    public void createTable(MemoryTable table, boolean replace) {}

    @Override
    public void commit(List<TableChange> changes) {}

    @Override
    public void renameTable(String oldName, String newName) {}

    @Override
    public void dropTable(String name) {}

    @Override
    public void saveFunction(String name, String kind, String createStatementSql) {
        functions.put(name, createStatementSql);
    }

    @Override
    public void dropFunction(String name) {
        functions.remove(name);
    }

    @Override
    public SortedMap<String, String> functions() {
        synchronized (functions) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(functions));
        }
    }

    @Override
    public void saveView(String name, String createViewSql) {}

    @Override
    public void dropView(String name) {}

    @Override
    public SortedMap<String, String> views() {
        return Collections.emptySortedMap();
    }

    @Override
    public void close() {}
}
