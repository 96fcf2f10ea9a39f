package dev.quiver.engine.source;

import dev.quiver.engine.catalog.AttachedDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A DuckDB database file attached under an alias ({@code ATTACH 'f.duckdb' AS alias}): its tables
 * are read, never written, through a DuckDB instance of its own that has the file attached
 * read-only.
 *
 * <p>OWNERSHIP: the attached database owns that DuckDB instance and closes it on {@link #close}
 * (DETACH, or the Quiver database closing), which releases the file. The table list is read once,
 * at ATTACH: DuckDB holds the file read-only, so no other process can change it meanwhile.
 */
public final class DuckDbAttachedDatabase implements AttachedDatabase {
    private final String alias;
    private final Path path;
    private final DuckDbReader reader;
    private final List<DuckDbReader.DatabaseTableInfo> tables;
    private final Map<DuckDbReader.DatabaseTableInfo, Schema> columns = new ConcurrentHashMap<>();

    private DuckDbAttachedDatabase(
            String alias, Path path, DuckDbReader reader, List<DuckDbReader.DatabaseTableInfo> tables) {
        this.alias = alias;
        this.path = path;
        this.reader = reader;
        this.tables = List.copyOf(tables);
    }

    /**
     * Opens the DuckDB database file at {@code path} read-only under {@code alias}; fails with
     * IO_ERROR, naming the path, when there is no such file or it is not a DuckDB database.
     */
    public static DuckDbAttachedDatabase open(String alias, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        DuckDbReader reader = new DuckDbReader();
        try {
            return new DuckDbAttachedDatabase(alias, absolute, reader, reader.tables(absolute));
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public Path path() {
        return path;
    }

    /** Reads the database's tables. */
    public DuckDbReader reader() {
        return reader;
    }

    /** The database's base tables, ordered by schema and name. */
    public List<DuckDbReader.DatabaseTableInfo> tables() {
        return tables;
    }

    /** The names of the database's schemas (DuckDB's {@code main} and any others), in order. */
    public List<String> schemas() {
        return tables.stream()
                .map(DuckDbReader.DatabaseTableInfo::schema)
                .distinct()
                .toList();
    }

    /** The source that reads table {@code table} of schema {@code schema}. */
    public DuckDbSource.DatabaseTable source(DuckDbReader.DatabaseTableInfo table) {
        return new DuckDbSource.DatabaseTable(path.toString(), table.schema(), table.name());
    }

    /** The columns of {@code table} as Quiver reads them, asked of DuckDB once. */
    public Schema columns(DuckDbReader.DatabaseTableInfo table) {
        return columns.computeIfAbsent(table, key -> {
            try (RootAllocator allocator = new RootAllocator()) {
                return reader.schema(source(key), allocator);
            }
        });
    }

    @Override
    public List<TableName> listedTables() {
        return tables.stream()
                .map(table -> new TableName(table.schema(), table.name()))
                .toList();
    }

    @Override
    public List<Field> columns(TableName table) {
        return tables.stream()
                .filter(info ->
                        info.schema().equals(table.schema()) && info.name().equals(table.name()))
                .findFirst()
                .map(info -> columns(info).getFields())
                .orElse(List.of());
    }

    @Override
    public List<String> tableNames() {
        return tables.stream()
                .map(DuckDbReader.DatabaseTableInfo::name)
                .sorted()
                .toList();
    }

    @Override
    public org.apache.calcite.schema.Schema calciteSchema() {
        return new AttachedSchema(this);
    }

    @Override
    public void close() {
        reader.close();
    }
}
