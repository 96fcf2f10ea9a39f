package dev.quiver.engine.catalog;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A transaction over a database's tables: reads a snapshot of every table as it was committed when
 * the transaction began, plus the transaction's own changes; commits them all at once or not at all.
 *
 * <p>Isolation is snapshot isolation with first-committer-wins: a transaction that replaced a
 * table's rows (UPDATE, DELETE, TRUNCATE) fails to commit with SERIALIZATION_FAILURE when another
 * transaction committed a change of that table after this one began. Appends never conflict with
 * appends (unless the table has a PRIMARY KEY or UNIQUE constraint): an INSERT-only change is
 * re-applied on top of what committed meanwhile.
 *
 * <p>OWNERSHIP: the transaction holds a reference to every snapshot version and owns its private
 * versions; {@link #close} releases them all (after a commit, the catalog holds its own references).
 * Thread-safe (the JDBC statements of one connection share its transaction).
 */
public final class Transaction implements TableLookup, AutoCloseable {
    private final Catalog catalog;
    private final Map<String, MemoryTable> snapshot;
    private final Map<String, Change> changes = new LinkedHashMap<>();
    /** Tables this transaction created (CREATE TABLE inside BEGIN … COMMIT), by key; it owns them. */
    private final Map<String, MemoryTable> created = new LinkedHashMap<>();
    /** Keys of snapshot tables this transaction dropped. */
    private final Set<String> dropped = new LinkedHashSet<>();

    private boolean ended;
    private final long id;

    /** The transaction's own version of one table, and the committed version it started from. */
    private static final class Change {
        private final MemoryTable base;
        private MemoryTable current;
        private boolean replacesRows;
        private boolean replacesSchema;

        private Change(MemoryTable base) {
            this.base = base;
        }
    }

    Transaction(Catalog catalog, Map<String, MemoryTable> snapshot, long id) {
        this.catalog = catalog;
        this.snapshot = snapshot;
        this.id = id;
    }

    /** This transaction's number: the database's transactions are numbered 1, 2, … as they begin. */
    public long id() {
        return id;
    }

    @Override
    public synchronized Optional<MemoryTable> table(String name) {
        String key = Catalog.key(name);
        if (created.containsKey(key)) {
            return Optional.of(created.get(key));
        }
        if (dropped.contains(key)) {
            return Optional.empty();
        }
        Change change = changes.get(key);
        return Optional.ofNullable(change != null ? change.current : snapshot.get(key));
    }

    @Override
    public synchronized List<MemoryTable> tables() {
        Map<String, MemoryTable> visible = new HashMap<>(snapshot);
        changes.forEach((key, change) -> visible.put(key, change.current));
        dropped.forEach(visible::remove);
        visible.putAll(created);
        return visible.values().stream()
                .sorted(Comparator.comparing(MemoryTable::name))
                .toList();
    }

    /** Whether the transaction has changed any table. */
    public synchronized boolean hasChanges() {
        return !changes.isEmpty() || !created.isEmpty() || !dropped.isEmpty();
    }

    /**
     * Creates a table in this transaction (CREATE TABLE inside BEGIN … COMMIT): {@code table}
     * (ownership taken) is visible to the transaction at once and to others when it commits. A table
     * of that name that the transaction sees is replaced when {@code replace}, else TABLE_EXISTS.
     */
    public synchronized void createTable(MemoryTable table, boolean replace) {
        try {
            checkOpen();
            if (table(table.name()).isPresent()) {
                if (!replace) {
                    throw new QuiverException(ErrorCode.TABLE_EXISTS, "Table " + table.name() + " already exists");
                }
                dropTable(table.name());
            }
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        created.put(Catalog.key(table.name()), table);
    }

    /** Drops a table in this transaction; false when the transaction sees none of that name. */
    public synchronized boolean dropTable(String name) {
        checkOpen();
        String key = Catalog.key(name);
        MemoryTable own = created.remove(key);
        if (own != null) {
            own.close();
            return true;
        }
        if (dropped.contains(key) || !snapshot.containsKey(key)) {
            return false;
        }
        dropped.add(key);
        Change change = changes.remove(key);
        if (change != null) {
            change.current.close();
        }
        return true;
    }

    /** A new version of a table this transaction created replaces it, once {@code check} accepts it. */
    private boolean replaceCreated(
            String table, java.util.function.Function<MemoryTable, MemoryTable> next, VersionCheck check) {
        String key = Catalog.key(table);
        MemoryTable current = created.get(key);
        if (current == null) {
            return false;
        }
        MemoryTable version = next.apply(current);
        try {
            check.check(version);
        } catch (RuntimeException e) {
            version.close();
            throw e;
        }
        created.put(key, version);
        current.close();
        return true;
    }

    /**
     * Appends {@code rows} (ownership taken) to the transaction's version of {@code table}, once
     * {@code check} has accepted the new version (when it throws, nothing changes).
     */
    public synchronized void append(String table, List<Batch> rows, VersionCheck check) {
        if (replaceCreated(table, current -> current.withAppended(rows), check)) {
            return;
        }
        Change change = change(table, rows);
        install(change, change.current.withAppended(rows), check);
    }

    /**
     * Replaces every row of the transaction's version of {@code table} with {@code rows} (ownership
     * taken), once {@code check} has accepted the new version (when it throws, nothing changes).
     */
    public synchronized void replaceRows(String table, List<Batch> rows, VersionCheck check) {
        if (replaceCreated(table, current -> current.withRows(rows), check)) {
            return;
        }
        Change change = change(table, rows);
        install(change, change.current.withRows(rows), check);
        change.replacesRows = true;
    }

    /**
     * Makes {@code next} (ownership taken), a version of {@code table} with another schema (ALTER
     * TABLE), the transaction's version, once {@code check} has accepted it (when it throws, nothing
     * changes). Like a replacement of the rows, it conflicts with any change committed meanwhile.
     */
    public synchronized void alter(String table, MemoryTable next, VersionCheck check) {
        if (replaceCreated(table, current -> next, check)) {
            return;
        }
        Change change;
        try {
            change = change(table, List.of());
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        install(change, next, check);
        change.replacesRows = true;
        change.replacesSchema = true;
    }

    /** A test a new version of a table must pass (its constraints) before the transaction takes it. */
    @FunctionalInterface
    public interface VersionCheck {
        /**
         * Accepts {@code next} by returning, or refuses it.
         *
         * @throws RuntimeException (a QuiverException) when {@code next} is not acceptable
         */
        void check(MemoryTable next);
    }

    private Change change(String table, List<Batch> rows) {
        checkOpen();
        String key = Catalog.key(table);
        MemoryTable base = dropped.contains(key) ? null : snapshot.get(key);
        if (base == null) {
            rows.forEach(Batch::close);
            throw new QuiverException(ErrorCode.UNKNOWN_TABLE, "Table " + table + " does not exist");
        }
        return changes.computeIfAbsent(key, _ -> {
            Change created = new Change(base);
            created.current = base.retain();
            return created;
        });
    }

    private void install(Change change, MemoryTable next, VersionCheck check) {
        try {
            check.check(next);
        } catch (RuntimeException e) {
            next.close();
            if (change.current == change.base && !change.replacesRows) {
                changes.values().remove(change); // nothing changed the table yet: forget it
                change.current.close();
            }
            throw e;
        }
        MemoryTable previous = change.current;
        change.current = next;
        previous.close();
    }

    /**
     * Writes the changes to {@code store} and publishes them in the catalog, atomically; then ends
     * the transaction. Nothing is written or published when it throws.
     *
     * @throws QuiverException SERIALIZATION_FAILURE when another transaction changed a table this one
     *     replaced the rows of (or dropped or re-created a table this one changed) since it began
     */
    public synchronized void commit(CatalogStore store) {
        checkOpen();
        try {
            if (hasChanges()) {
                synchronized (store) { // commits are serialised: the catalog only changes under this lock
                    List<MemoryTable> versions = new ArrayList<>();
                    List<String> droppedNames = new ArrayList<>();
                    try {
                        List<TableChange> written = new ArrayList<>();
                        for (String key : dropped) {
                            MemoryTable base = snapshot.get(key);
                            if (catalog.table(key).orElse(null) != base) {
                                throw conflict(base.name());
                            }
                            droppedNames.add(base.name());
                            written.add(TableChange.drop(base));
                        }
                        for (MemoryTable table : created.values()) {
                            MemoryTable committed = catalog.table(table.name()).orElse(null);
                            String key = Catalog.key(table.name());
                            if (committed != null && !(dropped.contains(key) && committed == snapshot.get(key))) {
                                throw conflict(table.name());
                            }
                            versions.add(table.retain());
                            written.add(new TableChange(table, true, null));
                        }
                        for (Change change : changes.values()) {
                            MemoryTable next = committedVersion(change);
                            versions.add(next);
                            written.add(new TableChange(
                                    next,
                                    change.replacesSchema,
                                    change.replacesRows
                                            ? null
                                            : change.current
                                                    .batches()
                                                    .subList(
                                                            change.base
                                                                    .batches()
                                                                    .size(),
                                                            change.current
                                                                    .batches()
                                                                    .size())));
                        }
                        store.commit(written);
                    } catch (RuntimeException e) {
                        versions.forEach(MemoryTable::close);
                        throw e;
                    }
                    catalog.publish(versions, droppedNames);
                }
            }
        } finally {
            close();
        }
    }

    /** The version to publish for one change: the transaction's own, or its appends re-applied. */
    private MemoryTable committedVersion(Change change) {
        MemoryTable committed = catalog.table(change.base.name()).orElse(null);
        if (committed == change.base) {
            return change.current.retain();
        }
        if (committed != null
                && !change.replacesRows
                && committed.schema().equals(change.base.schema())
                && !TableConstraints.of(committed.schema()).hasKeys()) { // keys: both appends could hold one
            return committed.withAppendedSince(change.current, change.base);
        }
        throw conflict(change.base.name());
    }

    private static QuiverException conflict(String table) {
        return new QuiverException(
                ErrorCode.SERIALIZATION_FAILURE,
                "could not serialize access: table " + table
                        + " was changed by another transaction since this one began; nothing was committed."
                        + " Run the transaction again");
    }

    /** Forgets the changes and ends the transaction. */
    public synchronized void rollback() {
        close();
    }

    private void checkOpen() {
        if (ended) {
            throw QuiverException.internal("the transaction has ended", null);
        }
    }

    /** Ends the transaction (a rollback unless it committed) and releases what it holds; idempotent. */
    @Override
    public synchronized void close() {
        if (ended) {
            return;
        }
        ended = true;
        changes.values().forEach(change -> change.current.close());
        changes.clear();
        created.values().forEach(MemoryTable::close);
        created.clear();
        dropped.clear();
        snapshot.values().forEach(MemoryTable::close);
        snapshot.clear();
    }
}
