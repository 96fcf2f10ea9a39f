package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.catalog.TableLookup;
import dev.quiver.engine.catalog.Transaction;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.function.NestedCast;
import dev.quiver.engine.plan.PlannedInsert;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QuiverTypeFactory;
import dev.quiver.engine.sql.SelectNodes;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlDataChange;
import dev.quiver.engine.sql.ddl.SqlDataChange.ConflictAction;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * INSERT, UPDATE and DELETE with DuckDB's additions ({@link SqlDataChange}): RETURNING, ON CONFLICT
 * (INSERT OR REPLACE / OR IGNORE), DEFAULT VALUES, UPDATE … FROM and DELETE … USING.
 *
 * <p>Each picks rows with a query over a numbered copy of the table ({@link RowIds}), so every
 * expression is evaluated once per row it applies to, then builds the table's next version and
 * hands it to the transaction like any other change (constraints are checked there). RETURNING runs
 * its select list over a version holding just the rows the statement inserted, changed or deleted.
 */
final class ExtendedDataChanges {
    private final Quiver database;
    private final TableStatements tables;
    private final DataChangeStatements changes;
    private final QueryStatements queries;

    ExtendedDataChanges(
            Quiver database, TableStatements tables, DataChangeStatements changes, QueryStatements queries) {
        this.database = database;
        this.tables = tables;
        this.changes = changes;
        this.queries = queries;
    }

    QueryResult run(SqlDataChange change, Transaction transaction) {
        return switch (change.statement()) {
            case SqlInsert insert -> insert(change, insert, transaction);
            case SqlUpdate update -> update(change, update, transaction);
            case SqlDelete delete -> delete(change, delete, transaction);
            default -> throw QuiverException.internal("not a data change: " + change.statement(), null);
        };
    }

    // ---- INSERT ----

    private QueryResult insert(SqlDataChange change, SqlInsert insert, Transaction transaction) {
        if (change.defaultValues()) {
            insert = allDefaults(insert, transaction);
        }
        PlannedInsert plan = queries.planner().planInsert(insert);
        MemoryTable table = plan.table();
        List<Batch> proposed =
                tables.runIntoStorage(plan.rows(), table.schema().getFields(), table.name(), batch -> {});
        if (change.onConflict() != null) {
            return upsert(change, table, proposed, transaction);
        }
        long count = proposed.stream().mapToLong(Batch::rowCount).sum();
        List<Batch> returned = null;
        try {
            returned = change.returning() == null ? null : RowIds.copy(proposed, storage());
        } catch (RuntimeException e) {
            proposed.forEach(Batch::close);
            throw e;
        }
        try {
            transaction.append(table.name(), proposed, tables.constraintsOf(transaction));
        } catch (RuntimeException e) {
            closeAll(returned);
            throw e;
        }
        return result(change, table, null, returned, count, transaction);
    }

    /** {@code INSERT INTO t DEFAULT VALUES}: every column's DEFAULT (or NULL). */
    private SqlInsert allDefaults(SqlInsert insert, Transaction transaction) {
        SqlIdentifier target = (SqlIdentifier) insert.getTargetTable();
        MemoryTable table = changes.target(target, transaction, "insert into it");
        SqlParserPos pos = insert.getParserPosition();
        List<SqlNode> defaults = new ArrayList<>();
        for (int column = 0; column < table.schema().getFields().size(); column++) {
            defaults.add(SqlStdOperatorTable.DEFAULT.createCall(pos));
        }
        SqlNode row = SqlStdOperatorTable.ROW.createCall(pos, defaults);
        return new SqlInsert(pos, SqlNodeList.EMPTY, target, SqlStdOperatorTable.VALUES.createCall(pos, row), null);
    }

    /**
     * ON CONFLICT: proposed rows whose key a row of the table (or an earlier proposed row) has are not
     * inserted; with DO UPDATE (and INSERT OR REPLACE) the existing row gets the SET values instead.
     * Takes ownership of {@code proposed}.
     */
    private QueryResult upsert(SqlDataChange change, MemoryTable table, List<Batch> proposed, Transaction transaction) {
        SqlDataChange.OnConflict conflict = change.onConflict();
        MemoryTable excludedRows =
                new MemoryTable("excluded", new Schema(table.schema().getFields()), proposed);
        List<Batch> returned = new ArrayList<>();
        try (excludedRows;
                MemoryTable excluded = RowIds.numbered(excludedRows, "excluded", storage());
                MemoryTable numbered = RowIds.numbered(table, table.name(), storage())) {
            List<List<String>> keys = conflictKeys(conflict, table);
            TableLookup lookup =
                    new ConstraintChecks.WithVersion(new ConstraintChecks.WithVersion(transaction, numbered), excluded);
            String target =
                    ConstraintChecks.quote(QualifiedName.of(table.name()).name());
            String targetTable = ConstraintChecks.sqlName(table.name()) + " AS " + target;
            String row = ConstraintChecks.quote(RowIds.COLUMN);
            // proposed rows that are not inserted: a key an existing row has, or an earlier proposed row
            long[] conflicting = rowNumbers(
                    "SELECT excluded." + row + " FROM " + targetTable + " JOIN excluded ON " + keyMatch(keys, target)
                            + " UNION ALL SELECT later." + row + " FROM excluded AS earlier JOIN excluded AS later ON "
                            + keyMatch(keys, "earlier", "later") + " AND earlier." + row + " < later." + row,
                    lookup);
            boolean[] skipped = RowIds.marks(conflicting, excludedRows.rowCount());
            List<Batch> inserted = RowIds.select(excludedRows.batches(), skipped, false, storage());
            long insertedCount = inserted.stream().mapToLong(Batch::rowCount).sum();
            if (conflict.action() == ConflictAction.NOTHING) {
                if (change.returning() != null) {
                    returned.addAll(RowIds.copy(inserted, storage()));
                }
                transaction.append(table.name(), inserted, tables.constraintsOf(transaction));
                return result(change, table, null, returned, insertedCount, transaction);
            }
            Assignments assignments = assignments(conflict, keys.getFirst(), table);
            StringBuilder select = new StringBuilder("SELECT " + target + "." + row);
            for (int index = 0; index < assignments.columns().length; index++) {
                Field field = table.schema().getFields().get(assignments.columns()[index]);
                select.append(", CAST((")
                        .append(assignments.values().get(index))
                        .append(") AS ")
                        .append(TableStatements.sqlTypeName(field))
                        .append(")");
            }
            // Only the first proposed row of each key meets the table's row: later ones were skipped.
            select.append(
                    " FROM " + targetTable + " JOIN excluded ON " + keyMatch(keys, target) + " WHERE excluded." + row
                            + " NOT IN (SELECT later." + row + " FROM excluded AS earlier JOIN excluded AS later ON "
                            + keyMatch(keys, "earlier", "later") + " AND earlier." + row + " < later." + row + ")");
            if (assignments.condition() != null) {
                select.append(" AND (").append(assignments.condition()).append(")");
            }
            boolean[] updated = new boolean[Math.toIntExact(table.rowCount())];
            List<Batch> next;
            try (QueryResult updates = query(select.toString(), lookup)) {
                next = new ArrayList<>(
                        RowIds.update(table, updates.batches(), assignments.columns(), null, updated, storage()));
            } catch (RuntimeException e) {
                inserted.forEach(Batch::close);
                throw e;
            }
            long updatedCount = count(updated);
            try {
                if (change.returning() != null) {
                    returned.addAll(RowIds.select(next, updated, true, storage()));
                    returned.addAll(RowIds.copy(inserted, storage()));
                }
            } catch (RuntimeException e) {
                next.forEach(Batch::close);
                inserted.forEach(Batch::close);
                throw e;
            }
            next.addAll(inserted);
            transaction.replaceRows(table.name(), next, tables.constraintsOf(transaction));
            return result(change, table, null, returned, insertedCount + updatedCount, transaction);
        } catch (RuntimeException e) {
            closeAll(returned);
            throw e;
        }
    }

    /** The keys ON CONFLICT watches, as DuckDB picks them (DO UPDATE: exactly one). */
    private static List<List<String>> conflictKeys(SqlDataChange.OnConflict conflict, MemoryTable table) {
        List<List<String>> keys = TableConstraints.of(table.schema()).keys();
        if (conflict.target() != null) {
            List<String> named = conflict.target().stream()
                    .map(column -> ((SqlIdentifier) column).getSimple().toLowerCase(Locale.ROOT))
                    .sorted()
                    .toList();
            for (List<String> key : keys) {
                if (key.stream()
                        .map(c -> c.toLowerCase(Locale.ROOT))
                        .sorted()
                        .toList()
                        .equals(named)) {
                    return List.of(key);
                }
            }
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "ON CONFLICT (" + String.join(", ", named) + ") names no PRIMARY KEY or UNIQUE constraint of table "
                            + table.name() + "; name the columns of one of them");
        }
        if (keys.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "table " + table.name() + " has no PRIMARY KEY or UNIQUE constraint, so nothing can conflict: "
                            + "ON CONFLICT needs one");
        }
        if (conflict.action() != ConflictAction.NOTHING && keys.size() > 1) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "table " + table.name() + " has several PRIMARY KEY/UNIQUE constraints: name the conflict"
                            + " target, ON CONFLICT (columns) DO UPDATE");
        }
        return keys;
    }

    /** Rows of {@code left} and {@code right} that share a non-NULL value of any of {@code keys}. */
    private static String keyMatch(List<List<String>> keys, String left, String right) {
        return keys.stream()
                .map(key -> key.stream()
                        .map(column -> left + "." + ConstraintChecks.quote(column) + " = " + right + "."
                                + ConstraintChecks.quote(column))
                        .collect(Collectors.joining(" AND ", "(", ")")))
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    private static String keyMatch(List<List<String>> keys, String target) {
        return keyMatch(keys, target, "excluded");
    }

    /** DO UPDATE's assignments as SQL text (the table's own columns qualified), or REPLACE's. */
    private record Assignments(int[] columns, List<String> values, String condition) {}

    private static Assignments assignments(SqlDataChange.OnConflict conflict, List<String> key, MemoryTable table) {
        List<Field> fields = table.schema().getFields();
        if (conflict.action() == ConflictAction.REPLACE) {
            List<Integer> columns = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int column = 0; column < fields.size(); column++) {
                String name = fields.get(column).getName();
                if (key.stream().noneMatch(name::equalsIgnoreCase)) {
                    columns.add(column);
                    values.add("excluded." + ConstraintChecks.quote(name));
                }
            }
            return new Assignments(columns.stream().mapToInt(Integer::intValue).toArray(), values, null);
        }
        SqlUpdate update = new SqlUpdate(
                SqlParserPos.ZERO,
                new SqlIdentifier(table.name(), SqlParserPos.ZERO),
                conflict.columns(),
                conflict.values(),
                null,
                null,
                null);
        Map<String, SqlNode> byName = DataChangeStatements.assignments(update, table);
        List<Integer> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int column = 0; column < fields.size(); column++) {
            SqlNode value = byName.get(fields.get(column).getName().toLowerCase(Locale.ROOT));
            if (value != null) {
                columns.add(column);
                values.add(ConstraintChecks.sqlText(qualify(value, table)));
            }
        }
        String condition =
                conflict.condition() == null ? null : ConstraintChecks.sqlText(qualify(conflict.condition(), table));
        return new Assignments(columns.stream().mapToInt(Integer::intValue).toArray(), values, condition);
    }

    /** {@code expression} with each bare name of a column of {@code table} qualified by the table's name. */
    private static SqlNode qualify(SqlNode expression, MemoryTable table) {
        return expression.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier identifier) {
                if (identifier.isSimple()
                        && table.schema().getFields().stream()
                                .anyMatch(field -> field.getName().equalsIgnoreCase(identifier.getSimple()))) {
                    return new SqlIdentifier(
                            List.of(table.name(), identifier.getSimple()), identifier.getParserPosition());
                }
                return identifier;
            }
        });
    }

    // ---- UPDATE ... FROM, DELETE ... USING, RETURNING ----

    private QueryResult update(SqlDataChange change, SqlUpdate update, Transaction transaction) {
        SqlIdentifier target = (SqlIdentifier) update.getTargetTable();
        MemoryTable table = changes.target(target, transaction, "update it");
        Map<String, SqlNode> assigned = DataChangeStatements.assignments(update, table);
        List<Field> fields = table.schema().getFields();
        String qualifier = update.getAlias() != null
                ? update.getAlias().getSimple()
                : QualifiedName.of(table.name()).name();
        SqlParserPos pos = update.getParserPosition();
        List<SqlNode> items = new ArrayList<>();
        items.add(new SqlIdentifier(List.of(qualifier, RowIds.COLUMN), pos));
        List<Integer> columns = new ArrayList<>();
        for (int column = 0; column < fields.size(); column++) {
            SqlNode value = assigned.get(fields.get(column).getName().toLowerCase(Locale.ROOT));
            if (value != null) {
                columns.add(column);
                items.add(NestedCast.castTo(
                        value,
                        TypeMapping.toSql(fields.get(column), new QuiverTypeFactory()),
                        value.getParserPosition()));
            }
        }
        List<Batch> returned = new ArrayList<>();
        try (MemoryTable numbered = RowIds.numbered(table, table.name(), storage())) {
            SqlNode select = picking(items, target, update.getAlias(), change.source(), update.getCondition(), pos);
            boolean[] updated = new boolean[Math.toIntExact(table.rowCount())];
            List<Batch> next;
            try (QueryResult updates = query(select, new ConstraintChecks.WithVersion(transaction, numbered))) {
                next = RowIds.update(
                        table,
                        updates.batches(),
                        columns.stream().mapToInt(Integer::intValue).toArray(),
                        null,
                        updated,
                        storage());
            }
            try {
                if (change.returning() != null) {
                    returned.addAll(RowIds.select(next, updated, true, storage()));
                }
            } catch (RuntimeException e) {
                next.forEach(Batch::close);
                throw e;
            }
            transaction.replaceRows(table.name(), next, tables.constraintsOf(transaction));
            return result(change, table, update.getAlias(), returned, count(updated), transaction);
        } catch (RuntimeException e) {
            closeAll(returned);
            throw e;
        }
    }

    private QueryResult delete(SqlDataChange change, SqlDelete delete, Transaction transaction) {
        SqlIdentifier target = (SqlIdentifier) delete.getTargetTable();
        MemoryTable table = changes.target(target, transaction, "delete from it");
        String qualifier = delete.getAlias() != null ? delete.getAlias().getSimple() : table.name();
        SqlParserPos pos = delete.getParserPosition();
        List<Batch> returned = new ArrayList<>();
        try (MemoryTable numbered = RowIds.numbered(table, table.name(), storage())) {
            SqlNode select = picking(
                    List.of(new SqlIdentifier(List.of(qualifier, RowIds.COLUMN), pos)),
                    target,
                    delete.getAlias(),
                    change.source(),
                    delete.getCondition(),
                    pos);
            boolean[] deleted;
            try (QueryResult picked = query(select, new ConstraintChecks.WithVersion(transaction, numbered))) {
                deleted = RowIds.marks(RowIds.read(picked.batches(), 0), table.rowCount());
            }
            if (change.returning() != null) {
                returned.addAll(RowIds.select(table.batches(), deleted, true, storage()));
            }
            List<Batch> kept = RowIds.select(table.batches(), deleted, false, storage());
            transaction.replaceRows(table.name(), kept, next -> {}); // fewer rows break no constraint
            return result(change, table, delete.getAlias(), returned, count(deleted), transaction);
        } catch (RuntimeException e) {
            closeAll(returned);
            throw e;
        }
    }

    /** SELECT items FROM target [AS alias] [, source] [WHERE condition]. */
    private static SqlNode picking(
            List<SqlNode> items,
            SqlIdentifier target,
            SqlIdentifier alias,
            SqlNode source,
            SqlNode condition,
            SqlParserPos pos) {
        SqlNode from = SelectNodes.aliased(target, alias, pos);
        if (source != null) {
            from = new SqlJoin(
                    pos,
                    from,
                    SqlLiteral.createBoolean(false, pos),
                    JoinType.COMMA.symbol(pos),
                    source,
                    JoinConditionType.NONE.symbol(pos),
                    null);
        }
        return SelectNodes.select(pos, new SqlNodeList(items, pos), from, condition);
    }

    // ---- shared ----

    /**
     * The statement's result: the count, or with RETURNING its select list over {@code returned}
     * (ownership taken), read as table {@code table} (or its alias).
     */
    private QueryResult result(
            SqlDataChange change,
            MemoryTable table,
            SqlIdentifier alias,
            List<Batch> returned,
            long count,
            Transaction transaction) {
        if (change.returning() == null) {
            return QueryResult.ofUpdateCount(count);
        }
        MemoryTable rows =
                new MemoryTable(table.name(), new Schema(table.schema().getFields()), returned);
        returned.clear(); // the version owns them now: a caller's cleanup must not close them again
        SqlParserPos pos = change.returning().getParserPosition();
        SqlIdentifier name = new SqlIdentifier(table.name(), pos);
        SqlNode select = SelectNodes.select(pos, change.returning(), SelectNodes.aliased(name, alias, pos), null);
        BufferAllocator allocator = null;
        try {
            PlannedQuery plan = queries.planner(new ConstraintChecks.WithVersion(transaction, rows))
                    .plan(select);
            allocator = queries.newAllocator("returning");
            BufferAllocator owned = allocator;
            return QueryResult.ofRows(plan.fields(), queries.runToBatches(plan, allocator), () -> {
                owned.close();
                rows.close();
            });
        } catch (RuntimeException e) {
            if (allocator != null) {
                allocator.close();
            }
            rows.close();
            throw e;
        }
    }

    private QueryResult query(String sql, TableLookup lookup) {
        return query(SqlParsing.parseStatement(sql), lookup);
    }

    private QueryResult query(SqlNode select, TableLookup lookup) {
        return queries.query(queries.planner(lookup).plan(select));
    }

    private long[] rowNumbers(String sql, TableLookup lookup) {
        try (QueryResult result = query(sql, lookup)) {
            return RowIds.read(result.batches(), 0);
        }
    }

    private static long count(boolean[] marks) {
        long count = 0;
        for (boolean mark : marks) {
            count += mark ? 1 : 0;
        }
        return count;
    }

    private static void closeAll(List<Batch> batches) {
        if (batches != null) {
            batches.forEach(Batch::close);
        }
    }

    private BufferAllocator storage() {
        return database.storageAllocator();
    }
}
