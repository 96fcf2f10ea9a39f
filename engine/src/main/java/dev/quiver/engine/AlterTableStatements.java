package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.catalog.Transaction;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.plan.QuiverTypeFactory;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlAlterTable;
import dev.quiver.engine.sql.ddl.SqlColumnDeclaration;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * ALTER TABLE. Changes of columns (ADD, DROP, RENAME COLUMN, SET TYPE, SET/DROP NOT NULL, SET/DROP
 * DEFAULT) make a new version of the table with the new schema — rows rewritten by a query over
 * the old version where columns change — and hand it to the transaction
 * ({@link Transaction#alter}): it commits (and reaches a database file) with the transaction, is
 * undone by ROLLBACK, and conflicts with any other change of the table committed meanwhile.
 * RENAME TO changes the catalog at once, as CREATE and DROP TABLE do.
 *
 * <p>As in DuckDB: a column of a PRIMARY KEY or UNIQUE constraint cannot be dropped or change type;
 * dropping a column drops a CHECK that names only it, and is refused when a CHECK names it and
 * others; ADD COLUMN takes no constraint but a DEFAULT, which fills the existing rows.
 */
final class AlterTableStatements {
    private final Quiver database;
    private final TableStatements tables;
    private final QueryStatements queries;

    AlterTableStatements(Quiver database, TableStatements tables, QueryStatements queries) {
        this.database = database;
        this.tables = tables;
        this.queries = queries;
    }

    QueryResult alter(SqlAlterTable alter, Transaction transaction) {
        tables.refuseAttached(alter.table(), "alter its table " + alter.table());
        String name = queries.tableName(alter.table());
        MemoryTable table = transaction.table(name).orElse(null);
        if (table == null) {
            if (alter.ifExists()) {
                return QueryResult.ofUpdateCount(0);
            }
            throw positioned(
                    ErrorCode.UNKNOWN_TABLE,
                    "Table " + alter.table().names.getLast() + " does not exist",
                    alter.table());
        }
        if (alter.action() == SqlAlterTable.Action.RENAME_TABLE) {
            return renameTable(table, alter);
        }
        TableConstraints constraints = TableConstraints.of(table.schema());
        List<Field> fields = table.schema().getFields();
        if (alter.action() == SqlAlterTable.Action.ADD_COLUMN) {
            return addColumn(table, alter, transaction);
        }
        String columnName = alter.column().getSimple();
        int column = indexOf(fields, columnName);
        if (column < 0) {
            if (alter.action() == SqlAlterTable.Action.DROP_COLUMN && alter.ifColumnClause()) {
                return QueryResult.ofUpdateCount(0);
            }
            throw positioned(
                    ErrorCode.UNKNOWN_COLUMN,
                    "Table " + table.name() + " does not have a column named " + columnName,
                    alter.column());
        }
        Field field = fields.get(column);
        String quoted = ConstraintChecks.quote(field.getName());
        switch (alter.action()) {
            case DROP_COLUMN -> {
                refuseKeyColumn(constraints, field, table, "drop column " + field.getName(), alter);
                if (fields.size() == 1) {
                    throw positioned(
                            ErrorCode.INVALID_QUERY,
                            "Cannot drop column " + field.getName() + ": it is the only column of table "
                                    + table.name(),
                            alter.column());
                }
                List<String> checks = new ArrayList<>();
                for (String check : constraints.checks()) {
                    Set<String> named = columnsNamed(check, fields);
                    if (!named.contains(field.getName().toLowerCase(Locale.ROOT))) {
                        checks.add(check);
                    } else if (named.size() > 1) {
                        throw positioned(
                                ErrorCode.INVALID_QUERY,
                                "Cannot drop column " + field.getName() + " of table " + table.name() + ": CHECK ("
                                        + check + ") depends on it",
                                alter.column());
                    } // a CHECK of this column alone goes with it
                }
                List<Field> next = new ArrayList<>(fields);
                next.remove(column);
                TableConstraints kept = new TableConstraints(
                                constraints.primaryKey(), constraints.unique(), checks, constraints.defaults())
                        .withDefault(field.getName(), null);
                List<String> items = next.stream()
                        .map(other -> ConstraintChecks.quote(other.getName()))
                        .toList();
                return rewrite(table, transaction, items, next, kept);
            }
            case RENAME_COLUMN -> {
                String newName = alter.newName().getSimple();
                if (indexOf(fields, newName) >= 0 && !newName.equalsIgnoreCase(field.getName())) {
                    throw positioned(
                            ErrorCode.INVALID_QUERY,
                            "Column with name " + newName + " already exists in table " + table.name(),
                            alter.newName());
                }
                List<Field> next = new ArrayList<>(fields);
                next.set(column, new Field(newName, field.getFieldType(), field.getChildren()));
                UnaryOperator<String> rename = other -> other.equalsIgnoreCase(field.getName()) ? newName : other;
                Map<String, String> defaults = new LinkedHashMap<>();
                constraints.defaults().forEach((key, value) -> defaults.put(rename.apply(key), value));
                TableConstraints renamed = new TableConstraints(
                        constraints.primaryKey().stream().map(rename).toList(),
                        constraints.unique().stream()
                                .map(key -> key.stream().map(rename).toList())
                                .toList(),
                        constraints.checks().stream()
                                .map(check -> renameInCheck(check, field.getName(), newName))
                                .toList(),
                        defaults);
                List<String> items = fields.stream()
                        .map(other -> ConstraintChecks.quote(other.getName()))
                        .toList();
                return rewrite(table, transaction, items, next, renamed);
            }
            case SET_DEFAULT, DROP_DEFAULT -> {
                String text = alter.action() == SqlAlterTable.Action.SET_DEFAULT
                        ? tables.checkedDefault(alter.expression(), field)
                        : null;
                Schema schema = constraints.withDefault(field.getName(), text).applyTo(new Schema(fields));
                transaction.alter(table.name(), table.sharing(table.name(), schema), next -> {});
                return QueryResult.ofUpdateCount(0);
            }
            case SET_TYPE -> {
                refuseKeyColumn(constraints, field, table, "change the type of column " + field.getName(), alter);
                for (String check : constraints.checks()) {
                    if (columnsNamed(check, fields).contains(field.getName().toLowerCase(Locale.ROOT))) {
                        throw positioned(
                                ErrorCode.INVALID_QUERY,
                                "Cannot change the type of column " + field.getName() + " of table " + table.name()
                                        + ": CHECK (" + check + ") depends on it",
                                alter.column());
                    }
                }
                RelDataType type = queries.planner().resolveType(alter.type());
                Field retyped = columnField(field.getName(), type, field.isNullable());
                List<Field> next = new ArrayList<>(fields);
                next.set(column, retyped);
                String value = alter.expression() == null ? quoted : ConstraintChecks.sqlText(alter.expression());
                List<String> items = new ArrayList<>();
                for (Field other : fields) {
                    items.add(
                            other == field
                                    ? "CAST((" + value + ") AS " + TableStatements.sqlTypeName(retyped) + ")"
                                    : ConstraintChecks.quote(other.getName()));
                }
                try {
                    return rewrite(table, transaction, items, next, constraints);
                } catch (QuiverException e) {
                    if (e.code() == ErrorCode.INTERNAL) {
                        throw e;
                    }
                    throw positioned(
                            e.code(),
                            "Could not change the type of column " + field.getName() + " of table " + table.name()
                                    + " to " + TableStatements.sqlTypeName(retyped) + ": " + e.getMessage()
                                    + "; nothing was changed",
                            alter.column());
                }
            }
            case SET_NOT_NULL, DROP_NOT_NULL -> {
                boolean nullable = alter.action() == SqlAlterTable.Action.DROP_NOT_NULL;
                if (nullable
                        && constraints.primaryKey().stream().anyMatch(key -> key.equalsIgnoreCase(field.getName()))) {
                    throw positioned(
                            ErrorCode.INVALID_QUERY,
                            "Column " + field.getName() + " is part of the PRIMARY KEY of table " + table.name()
                                    + ", which is NOT NULL",
                            alter.column());
                }
                List<Field> next = new ArrayList<>(fields);
                next.set(
                        column,
                        new Field(
                                field.getName(),
                                new FieldType(nullable, field.getType(), field.getDictionary(), field.getMetadata()),
                                field.getChildren()));
                List<String> items = fields.stream()
                        .map(other -> ConstraintChecks.quote(other.getName()))
                        .toList();
                return rewrite(table, transaction, items, next, constraints);
            }
            default -> throw QuiverException.internal("unexpected ALTER TABLE action " + alter.action(), null);
        }
    }

    private QueryResult addColumn(MemoryTable table, SqlAlterTable alter, Transaction transaction) {
        SqlColumnDeclaration declared = alter.newColumn();
        String columnName = declared.name().getSimple();
        List<Field> fields = table.schema().getFields();
        if (indexOf(fields, columnName) >= 0) {
            if (alter.ifColumnClause()) {
                return QueryResult.ofUpdateCount(0);
            }
            throw positioned(
                    ErrorCode.INVALID_QUERY,
                    "Column with name " + columnName + " already exists in table " + table.name(),
                    declared.name());
        }
        RelDataType type = queries.planner().resolveType(declared.type());
        Field added = columnField(columnName, type, true);
        TableConstraints constraints = TableConstraints.of(table.schema());
        String defaultText = null;
        if (declared.defaultValue() != null) {
            defaultText = tables.checkedDefault(declared.defaultValue(), added);
            constraints = constraints.withDefault(columnName, defaultText);
        }
        List<Field> next = new ArrayList<>(fields);
        next.add(added);
        List<String> items = new ArrayList<>();
        fields.forEach(field -> items.add(ConstraintChecks.quote(field.getName())));
        items.add("CAST((" + (defaultText == null ? "NULL" : defaultText) + ") AS " + TableStatements.sqlTypeName(added)
                + ")");
        return rewrite(table, transaction, items, next, constraints);
    }

    /**
     * The table's next version: {@code SELECT items FROM table} stored as {@code fields} (NOT NULL
     * checked), with {@code constraints}; checked against them before the transaction takes it.
     */
    private QueryResult rewrite(
            MemoryTable table,
            Transaction transaction,
            List<String> items,
            List<Field> fields,
            TableConstraints constraints) {
        String sql = "SELECT " + String.join(", ", items) + " FROM " + ConstraintChecks.sqlName(table.name());
        List<Batch> rows = tables.runIntoStorage(
                queries.planner().plan(SqlParsing.parseStatement(sql)), fields, table.name(), batch -> {});
        MemoryTable next = new MemoryTable(table.name(), constraints.applyTo(new Schema(fields)), rows);
        transaction.alter(table.name(), next, tables.constraintsOf(transaction));
        return QueryResult.ofUpdateCount(0);
    }

    /** RENAME TO: at once in the catalog and the store, as CREATE TABLE is (refused inside a transaction). */
    private QueryResult renameTable(MemoryTable table, SqlAlterTable alter) {
        QualifiedName oldName = QualifiedName.of(table.name());
        String newName = new QualifiedName(oldName.schema(), alter.newName().getSimple()).internal();
        if (newName.equalsIgnoreCase(table.name())) {
            return QueryResult.ofUpdateCount(0);
        }
        synchronized (database.store()) {
            MemoryTable committed = database.catalog().table(table.name()).orElse(null);
            if (committed != table) {
                throw new QuiverException(
                        ErrorCode.SERIALIZATION_FAILURE,
                        "could not serialize access: table " + table.name()
                                + " was changed by another transaction meanwhile; nothing was changed. Run it again");
            }
            if (database.catalog().table(newName).isPresent()
                    || database.catalog().view(newName).isPresent()) {
                throw positioned(
                        ErrorCode.TABLE_EXISTS,
                        "Could not rename " + oldName.name() + " to "
                                + alter.newName().getSimple() + ": a table or view of that name already exists",
                        alter.newName());
            }
            database.store().renameTable(table.name(), newName);
            database.catalog().rename(table.name(), committed.sharing(newName, committed.schema()));
        }
        return QueryResult.ofUpdateCount(0);
    }

    private static void refuseKeyColumn(
            TableConstraints constraints, Field field, MemoryTable table, String what, SqlAlterTable alter) {
        for (List<String> key : constraints.keys()) {
            if (key.stream().anyMatch(column -> column.equalsIgnoreCase(field.getName()))) {
                boolean primary = key == constraints.primaryKey();
                throw positioned(
                        ErrorCode.INVALID_QUERY,
                        "Cannot " + what + " of table " + table.name() + ": the " + (primary ? "PRIMARY KEY" : "UNIQUE")
                                + " constraint (" + String.join(", ", key) + ") depends on it",
                        alter.column());
            }
        }
    }

    /** The columns (lower-case) a CHECK's condition names. */
    private static Set<String> columnsNamed(String check, List<Field> fields) {
        Set<String> named = new HashSet<>();
        SqlParsing.parseExpression(check).accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier identifier) {
                String last = identifier.names.getLast().toLowerCase(Locale.ROOT);
                if (indexOf(fields, last) >= 0) {
                    named.add(last);
                }
                return null;
            }
        });
        return named;
    }

    /** A CHECK's text with column {@code from} called {@code to}. */
    private static String renameInCheck(String check, String from, String to) {
        SqlNode renamed = SqlParsing.parseExpression(check).accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier identifier) {
                if (identifier.names.getLast().equalsIgnoreCase(from)) {
                    List<String> names = new ArrayList<>(identifier.names);
                    names.set(names.size() - 1, to);
                    return new SqlIdentifier(names, identifier.getParserPosition());
                }
                return identifier;
            }
        });
        return ConstraintChecks.sqlText(renamed);
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int index = 0; index < fields.size(); index++) {
            if (fields.get(index).getName().equalsIgnoreCase(name)) {
                return index;
            }
        }
        return -1;
    }

    private static QuiverException positioned(ErrorCode code, String message, SqlNode node) {
        SqlParserPos pos = node.getParserPosition();
        return new QuiverException(code, message, pos.getLineNum(), pos.getColumnNum(), null);
    }

    /** The column's field: a nested type keeps its children (INTEGER[] is a LIST of INTEGER). */
    private static Field columnField(String name, RelDataType type, boolean nullable) {
        return TypeMapping.toField(name, new QuiverTypeFactory().createTypeWithNullability(type, nullable));
    }
}
