package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.catalog.TableLookup;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlTableConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Enforces a table's PRIMARY KEY, UNIQUE and CHECK constraints on a new version of it, before a
 * transaction takes the version (INSERT, UPDATE). Each constraint is a query over the new version:
 * a key, a GROUP BY that finds a repeated key; a CHECK, a filter that finds a row whose condition is
 * FALSE (NULL passes, as in SQL). NOT NULL is checked while rows are stored.
 *
 * <p>Every check reads the whole new version: simple, and O(rows) per statement.
 */
final class ConstraintChecks {
    private final QueryStatements queries;

    ConstraintChecks(QueryStatements queries) {
        this.queries = queries;
    }

    /** Fails with UNIQUE_VIOLATION or CHECK_VIOLATION when {@code next} breaks a constraint. */
    void check(MemoryTable next, TableLookup others) {
        TableConstraints constraints = TableConstraints.of(next.schema());
        if (constraints.isEmpty()) {
            return;
        }
        TableLookup withNext = new WithVersion(others, next);
        String table = sqlName(next.name());
        List<List<String>> keys = constraints.keys();
        for (int index = 0; index < keys.size(); index++) {
            List<String> key = keys.get(index);
            String columns = key.stream().map(ConstraintChecks::quote).collect(Collectors.joining(", "));
            String notNull =
                    key.stream().map(column -> quote(column) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            List<Object> duplicate = firstRow(
                    "SELECT " + columns + " FROM " + table + " WHERE " + notNull + " GROUP BY " + columns
                            + " HAVING count(*) > 1 LIMIT 1",
                    withNext);
            if (duplicate != null) {
                List<String> values = new ArrayList<>();
                for (int column = 0; column < key.size(); column++) {
                    values.add(key.get(column) + ": " + duplicate.get(column));
                }
                boolean primary = index == 0 && !constraints.primaryKey().isEmpty();
                throw new QuiverException(
                        ErrorCode.UNIQUE_VIOLATION,
                        "Duplicate key \"" + String.join(", ", values) + "\" violates "
                                + (primary ? "primary key" : "unique") + " constraint of table " + next.name());
            }
        }
        for (String check : constraints.checks()) {
            if (firstRow("SELECT 1 FROM " + table + " WHERE NOT (" + check + ") LIMIT 1", withNext) != null) {
                throw new QuiverException(
                        ErrorCode.CHECK_VIOLATION,
                        "CHECK constraint failed on table " + next.name() + ": CHECK (" + check + ")");
            }
        }
    }

    /**
     * The schema of a new table with its declared constraints: {@code fields} with the primary key's
     * columns NOT NULL, carrying the constraints (see {@link TableConstraints}).
     *
     * @throws QuiverException UNKNOWN_COLUMN for a key column that is not a column, INVALID_QUERY for
     *     a second PRIMARY KEY
     */
    static Schema declare(
            List<SqlTableConstraint> declared, List<Field> fields, Map<String, String> defaults, String table) {
        List<String> primaryKey = List.of();
        List<List<String>> unique = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        for (SqlTableConstraint constraint : declared) {
            SqlParserPos pos = constraint.getParserPosition();
            List<String> columns = new ArrayList<>();
            for (SqlIdentifier column : constraint.columns()) {
                String name = column.getSimple();
                Field field = fields.stream()
                        .filter(candidate -> candidate.getName().equalsIgnoreCase(name))
                        .findFirst()
                        .orElseThrow(() -> new QuiverException(
                                ErrorCode.UNKNOWN_COLUMN,
                                "Column " + name + " named in a constraint is not a column of table " + table,
                                column.getParserPosition().getLineNum(),
                                column.getParserPosition().getColumnNum(),
                                null));
                columns.add(field.getName());
            }
            switch (constraint.kind()) {
                case PRIMARY_KEY -> {
                    if (!primaryKey.isEmpty()) {
                        throw new QuiverException(
                                ErrorCode.INVALID_QUERY,
                                "table " + table + " has more than one PRIMARY KEY",
                                pos.getLineNum(),
                                pos.getColumnNum(),
                                null);
                    }
                    primaryKey = columns;
                }
                case UNIQUE -> unique.add(columns);
                case CHECK -> checks.add(sqlText(constraint.condition()));
            }
        }
        List<String> keyColumns = primaryKey;
        List<Field> withKeys = fields.stream()
                .map(field -> keyColumns.contains(field.getName()) && field.isNullable()
                        ? new Field(
                                field.getName(),
                                new FieldType(false, field.getType(), field.getDictionary(), field.getMetadata()),
                                field.getChildren())
                        : field)
                .toList();
        return new TableConstraints(primaryKey, unique, checks, defaults).applyTo(new Schema(withKeys));
    }

    /** An expression as SQL text that Quiver's parser reads back (how CHECKs and DEFAULTs are kept). */
    static String sqlText(SqlNode expression) {
        return expression
                .toSqlString(config -> config.withDialect(SqlParsing.DIALECT)
                        .withQuoteAllIdentifiers(false)
                        .withIndentation(0))
                .getSql();
    }

    private List<Object> firstRow(String sql, TableLookup tables) {
        try (QueryResult result = queries.query(queries.planner(tables).plan(SqlParsing.parseStatement(sql)))) {
            List<List<Object>> rows = result.rows();
            return rows.isEmpty() ? null : rows.getFirst();
        }
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * How SQL names the object of internal name {@code internal} ({@link QualifiedName}):
     * {@code "t"} in main, {@code "s"."t"} in schema s, {@code temp."t"} for the connection's TEMP one.
     */
    static String sqlName(String internal) {
        QualifiedName name = QualifiedName.of(internal);
        if (name.temporary()) {
            return QualifiedName.TEMP + "." + quote(name.name());
        }
        return name.schema().equalsIgnoreCase(QualifiedName.MAIN)
                ? quote(name.name())
                : quote(name.schema()) + "." + quote(name.name());
    }

    /** The tables of {@code others}, with {@code version} in place of its table (or added). */
    record WithVersion(TableLookup others, MemoryTable version) implements TableLookup {
        @Override
        public Optional<MemoryTable> table(String name) {
            return name.equalsIgnoreCase(version.name()) ? Optional.of(version) : others.table(name);
        }

        @Override
        public List<MemoryTable> tables() {
            List<MemoryTable> tables = new ArrayList<>();
            for (MemoryTable table : others.tables()) {
                tables.add(table.name().equalsIgnoreCase(version.name()) ? version : table);
            }
            if (others.table(version.name()).isEmpty()) {
                tables.add(version);
            }
            return tables;
        }
    }
}
