package dev.quiver.engine.catalog;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tables and views of one database, its Python functions ({@link #functions()}) and SQL macros ({@link #macros()}), and the DuckDB database
 * files attached to it. Names and aliases are case-insensitive: each object keeps the name as
 * written at CREATE, and the maps are keyed by its lower-case form. Thread-safe.
 *
 * <p>Each table name maps to the table's committed {@link MemoryTable} version. Every change of the
 * mapping and every {@link #begin snapshot} hold the catalog's monitor, so a snapshot sees all of a
 * commit's tables or none of them.
 */
public final class Catalog implements TableLookup, AutoCloseable {
    private final ConcurrentMap<String, MemoryTable> tables = new ConcurrentHashMap<>();
    private final Map<String, AttachedDatabase> attached = new TreeMap<>(); // guarded by itself
    private final FunctionCatalog functions = new FunctionCatalog();
    private final MacroCatalog macros = new MacroCatalog();
    private final ConcurrentMap<String, ViewDefinition> views = new ConcurrentHashMap<>();
    /** Schemas CREATE SCHEMA made, by lower-case name, as written ({@code main} is implicit). */
    private final ConcurrentMap<String, String> schemas = new ConcurrentHashMap<>();
    /** Sequences by lower-case internal name ({@link QualifiedName#internal()}). */
    private final ConcurrentMap<String, Sequence> sequences = new ConcurrentHashMap<>();
    /** Numbers connections, for their TEMP schemas. */
    private final AtomicLong connections = new AtomicLong();
    /**
     * Counts changes of names and columns (tables and views created, dropped, renamed or given new
     * columns; databases attached or detached), not of rows: a prepared plan compares it to decide
     * whether it must be planned again (it checks the table versions it reads on its own).
     */
    private final AtomicLong schemaVersion = new AtomicLong();

    /**
     * A number that changes, after the change, whenever a name or a column of the catalog changes
     * or a Python function is created, replaced or dropped; equal numbers mean a query plans to
     * the same relations and functions (the rows in them may differ).
     */
    public long schemaVersion() {
        return schemaVersion.get() + functions.version() + macros.version();
    }

    /** The database's Python functions. */
    public FunctionCatalog functions() {
        return functions;
    }

    /** The database's SQL macros ({@code CREATE MACRO}). */
    public MacroCatalog macros() {
        return macros;
    }

    @Override
    public Optional<MemoryTable> table(String name) {
        return Optional.ofNullable(tables.get(key(name)));
    }

    @Override
    public List<MemoryTable> tables() {
        return tables.values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /** Adds a table; fails with TABLE_EXISTS if the name is taken (and frees nothing). */
    public synchronized void create(MemoryTable table) {
        if (tables.putIfAbsent(key(table.name()), table) != null) {
            throw new QuiverException(ErrorCode.TABLE_EXISTS, "Table " + table.name() + " already exists");
        }
        schemaVersion.incrementAndGet();
    }

    /** Adds a table, replacing (and freeing) any table of that name. */
    public synchronized void createOrReplace(MemoryTable table) {
        MemoryTable previous = tables.put(key(table.name()), table);
        schemaVersion.incrementAndGet();
        if (previous != null && previous != table) {
            previous.close();
        }
    }

    /**
     * Renames a table: {@code renamed} (a version under the new name, ownership taken) replaces the
     * table called {@code oldName}, which is released.
     */
    public synchronized void rename(String oldName, MemoryTable renamed) {
        MemoryTable previous = tables.remove(key(oldName));
        tables.put(key(renamed.name()), renamed);
        schemaVersion.incrementAndGet();
        if (previous != null) {
            previous.close();
        }
    }

    /** Drops and frees a table; false when there is none of that name. */
    public synchronized boolean drop(String name) {
        MemoryTable removed = tables.remove(key(name));
        if (removed == null) {
            return false;
        }
        schemaVersion.incrementAndGet();
        removed.close();
        return true;
    }

    /** How many transactions began: the last one's number ({@link Transaction#id}). */
    private long transactionsBegun;

    /**
     * Starts a transaction: a snapshot of every table's committed version, which it reads until it
     * ends, and room for its own changes (see {@link Transaction}).
     */
    public synchronized Transaction begin() {
        Map<String, MemoryTable> snapshot = new LinkedHashMap<>();
        for (Map.Entry<String, MemoryTable> entry : tables.entrySet()) {
            snapshot.put(entry.getKey(), entry.getValue().retain());
        }
        return new Transaction(this, snapshot, ++transactionsBegun);
    }

    /**
     * Makes new versions of tables the committed ones and drops {@code droppedNames}, all at once (no
     * snapshot sees only some of them), and releases the versions they replace. Takes over one
     * reference of each version.
     */
    synchronized void publish(List<MemoryTable> versions, List<String> droppedNames) {
        droppedNames.forEach(this::drop);
        for (MemoryTable version : versions) {
            MemoryTable previous = tables.put(key(version.name()), version);
            if (previous == null || !previous.schema().equals(version.schema())) {
                schemaVersion.incrementAndGet(); // a new table, or new columns (ALTER TABLE)
            }
            if (previous != null && previous != version) {
                previous.close();
            }
        }
    }

    /** The view of that name, if any. */
    public Optional<ViewDefinition> view(String name) {
        return Optional.ofNullable(views.get(key(name)));
    }

    /** Every view, by name. */
    public List<ViewDefinition> views() {
        return views.values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /** A new connection's TEMP schema (see {@link QualifiedName}): no other connection has it. */
    public String newTemporarySchema() {
        return QualifiedName.temporarySchema(connections.incrementAndGet());
    }

    /** The schema of that name as created (any case), if CREATE SCHEMA made it. */
    public Optional<String> schema(String name) {
        return Optional.ofNullable(schemas.get(key(name)));
    }

    /** The schemas CREATE SCHEMA made, by name ({@code main} is not among them). */
    public List<String> schemas() {
        return schemas.values().stream().sorted().toList();
    }

    /** Adds a schema; false when one of that name exists. */
    public synchronized boolean createSchema(String name) {
        boolean added = schemas.putIfAbsent(key(name), name) == null;
        schemaVersion.incrementAndGet();
        return added;
    }

    /** Forgets a schema (its objects must be gone already); false when there is none of that name. */
    public synchronized boolean dropSchema(String name) {
        boolean dropped = schemas.remove(key(name)) != null;
        schemaVersion.incrementAndGet();
        return dropped;
    }

    /** The sequence of that internal name, if any. */
    public Optional<Sequence> sequence(String name) {
        return Optional.ofNullable(sequences.get(key(name)));
    }

    /** Every sequence, by internal name. */
    public List<Sequence> sequences() {
        return sequences.values().stream()
                .sorted(Comparator.comparing(Sequence::name))
                .toList();
    }

    /** Adds or replaces a sequence. */
    public synchronized void putSequence(Sequence sequence) {
        sequences.put(key(sequence.name()), sequence);
        schemaVersion.incrementAndGet();
    }

    /** Drops a sequence; false when there is none of that name. */
    public synchronized boolean dropSequence(String name) {
        boolean dropped = sequences.remove(key(name)) != null;
        schemaVersion.incrementAndGet();
        return dropped;
    }

    /** The objects of one schema (see {@link #contentsOf}). */
    public record SchemaContents(
            List<MemoryTable> tables,
            List<ViewDefinition> views,
            List<MacroDefinition> macros,
            List<Sequence> sequences) {
        /** Whether the schema holds nothing. */
        public boolean isEmpty() {
            return tables.isEmpty() && views.isEmpty() && macros.isEmpty() && sequences.isEmpty();
        }
    }

    /** The tables, views, macros and sequences of internal schema {@code schema}, each by name. */
    public synchronized SchemaContents contentsOf(String schema) {
        return new SchemaContents(
                tables().stream()
                        .filter(table -> QualifiedName.of(table.name()).inSchema(schema))
                        .toList(),
                views().stream()
                        .filter(view -> QualifiedName.of(view.name()).inSchema(schema))
                        .toList(),
                macros.macros().stream()
                        .filter(macro -> QualifiedName.of(macro.name()).inSchema(schema))
                        .toList(),
                sequences().stream()
                        .filter(sequence -> QualifiedName.of(sequence.name()).inSchema(schema))
                        .toList());
    }

    /**
     * Drops every table, view, macro and sequence of internal schema {@code schema} from memory only
     * (a connection's TEMP objects when it closes; nothing of them is stored).
     */
    public synchronized void dropSchemaObjects(String schema) {
        SchemaContents contents = contentsOf(schema);
        contents.tables().forEach(table -> drop(table.name()));
        contents.views().forEach(view -> dropView(view.name()));
        contents.macros().forEach(macro -> macros.drop(macro.name()));
        contents.sequences().forEach(sequence -> dropSequence(sequence.name()));
    }

    /** Adds or replaces a view. */
    public synchronized void putView(ViewDefinition view) {
        views.put(key(view.name()), view);
        schemaVersion.incrementAndGet();
    }

    /** Drops a view; false when there is none of that name. */
    public synchronized boolean dropView(String name) {
        boolean dropped = views.remove(key(name)) != null;
        schemaVersion.incrementAndGet();
        return dropped;
    }

    /**
     * Every table and view a metadata listing shows: Quiver's tables and views (schema {@code main}
     * or one CREATE SCHEMA made; no connection's TEMP objects), ordered by schema and name, then each attached database's tables, ordered by catalog, schema and name.
     */
    public List<Relation> relations() {
        List<Relation> relations = new ArrayList<>();
        for (MemoryTable table : tables()) {
            QualifiedName name = QualifiedName.of(table.name());
            if (name.temporary()) {
                continue; // a connection's own: listings for everyone never show it
            }
            Schema schema = table.schema();
            relations.add(new Relation(
                    null,
                    name.schema(),
                    name.name(),
                    Relation.Kind.TABLE,
                    schema::getFields,
                    () -> TableConstraints.of(schema)));
        }
        for (ViewDefinition view : views()) {
            QualifiedName name = QualifiedName.of(view.name());
            if (!name.temporary()) {
                relations.add(new Relation(null, name.schema(), name.name(), Relation.Kind.VIEW, view::columns));
            }
        }
        relations.sort(Comparator.comparing(Relation::schema).thenComparing(Relation::name));
        for (AttachedDatabase database : attachedDatabases()) {
            for (AttachedDatabase.TableName table : database.listedTables()) {
                relations.add(new Relation(
                        database.alias(),
                        table.schema(),
                        table.name(),
                        Relation.Kind.TABLE,
                        () -> database.columns(table)));
            }
        }
        return relations;
    }

    /** The database file attached as {@code alias}, if any. */
    public Optional<AttachedDatabase> attached(String alias) {
        synchronized (attached) {
            return Optional.ofNullable(attached.get(AttachedDatabase.key(alias)));
        }
    }

    /** Every attached database, ordered by alias. */
    public List<AttachedDatabase> attachedDatabases() {
        synchronized (attached) {
            return List.copyOf(attached.values());
        }
    }

    /**
     * Adds an attached database; fails (and closes nothing) when its alias is taken. One file may be
     * attached under two aliases, as in DuckDB: both are read-only.
     */
    public void attach(AttachedDatabase database) {
        synchronized (attached) {
            AttachedDatabase sameAlias = attached.get(AttachedDatabase.key(database.alias()));
            if (sameAlias != null) {
                throw new QuiverException(
                        ErrorCode.TABLE_EXISTS,
                        "a database is already attached as "
                                + database.alias() + " ('" + sameAlias.path() + "'); DETACH " + database.alias()
                                + " first, or choose another name with AS");
            }
            attached.put(AttachedDatabase.key(database.alias()), database);
        }
        schemaVersion.incrementAndGet();
    }

    /** Detaches and closes the database attached as {@code alias}; false when there is none. */
    public boolean detach(String alias) {
        AttachedDatabase removed;
        synchronized (attached) {
            removed = attached.remove(AttachedDatabase.key(alias));
        }
        if (removed == null) {
            return false;
        }
        schemaVersion.incrementAndGet();
        removed.close();
        return true;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void close() {
        tables.values().forEach(MemoryTable::close);
        tables.clear();
        synchronized (attached) {
            attached.values().forEach(AttachedDatabase::close);
            attached.clear();
        }
    }
}
