package dev.quiver.engine.plan;

import static org.apache.calcite.util.Static.RESOURCE;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.SqlStarReplace;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.ListScope;
import org.apache.calcite.sql.validate.SqlMoniker;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * A bare {@code *} (with EXCLUDE or REPLACE or neither) over a FROM clause that holds a {@code JOIN …
 * USING} or {@code NATURAL JOIN}, expanded as DuckDB does: every table's columns in FROM order, a
 * shared column once, where its left table has it, and the right table's copy left out. Calcite
 * moves shared columns to the front (standard SQL) and fails inside its permutation when EXCLUDE
 * removed one, so such a star becomes explicit select items before Calcite sees it.
 *
 * <p>A shared column reads the left table's column after an INNER or LEFT join, the right's after a
 * RIGHT join and {@code COALESCE} of both after a FULL join, typed as DuckDB types them. As in DuckDB,
 * {@code EXCLUDE (k)} drops the shared column, {@code EXCLUDE (l.k)} drops it and shows the right
 * table's copy where that table has it, {@code EXCLUDE (r.k)} changes nothing, and {@code REPLACE
 * (e AS x)} replaces the first column named {@code x} and drops the others.
 */
final class UsingJoinStars {
    /** One column of a FROM clause's tables as {@code *} would list it. */
    private static final class Column {
        final String table;
        final String name;
        SqlNode value;
        boolean hidden;
        /** The right tables' copies this shared column stands for: shown again if it is excluded by its table's name. */
        final List<Column> absorbed = new ArrayList<>();

        Column(String table, String name, SqlParserPos pos) {
            this.table = table;
            this.name = name;
            this.value = new SqlIdentifier(List.of(table, name), pos);
        }

        boolean named(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    private final SqlValidatorImpl validator;
    private final List<SqlValidatorNamespace> tables;
    private final List<String> aliases = new ArrayList<>();
    private final SqlParserPos pos;
    private final List<Column> columns = new ArrayList<>();

    private UsingJoinStars(SqlValidatorImpl validator, ListScope scope, SqlParserPos pos) {
        this.validator = validator;
        this.tables = scope.getChildren();
        List<SqlMoniker> monikers = new ArrayList<>();
        scope.findAliases(monikers); // the scope's own tables first, in FROM order, then outer scopes'
        for (int index = 0; index < tables.size(); index++) {
            aliases.add(monikers.get(index).getFullyQualifiedNames().getLast());
        }
        this.pos = pos;
    }

    /**
     * The select items that {@code item} stands for, or null when it is not a bare star (plain, with
     * EXCLUDE or with REPLACE) or the FROM clause has no USING or NATURAL join: Calcite expands those.
     */
    static List<SqlNode> expand(SqlValidatorImpl validator, SqlSelect select, SqlValidatorScope scope, SqlNode item) {
        SqlIdentifier star = switch (item) {
            case SqlStarExclude exclude -> exclude.getStarIdentifier();
            case SqlStarReplace replace -> replace.getStarIdentifier();
            case SqlIdentifier identifier -> identifier;
            default -> null;
        };
        if (star == null
                || !star.isStar()
                || star.names.size() != 1
                || !(scope instanceof ListScope tableScope)
                || !hasSharedColumns(validator, select.getFrom())) {
            return null;
        }
        UsingJoinStars expansion = new UsingJoinStars(validator, tableScope, item.getParserPosition());
        if (expansion.list(select.getFrom(), 0) != expansion.tables.size()) {
            return null; // a FROM item this walk does not know: leave the star to Calcite
        }
        if (item instanceof SqlStarExclude exclude) {
            expansion.exclude(exclude.getExcludeList());
        } else if (item instanceof SqlStarReplace replace) {
            expansion.replace(replace.getReplaceList());
        }
        return expansion.items();
    }

    /** Whether {@code from} joins with USING or NATURAL somewhere outside subqueries. */
    private static boolean hasSharedColumns(SqlValidatorImpl validator, SqlNode from) {
        if (!(from instanceof SqlJoin join)) {
            return false;
        }
        List<String> shared = validator.usingNames(join);
        return (shared != null && !shared.isEmpty())
                || hasSharedColumns(validator, join.getLeft())
                || hasSharedColumns(validator, join.getRight());
    }

    /**
     * Lists the columns of {@code from}, whose first table is the scope's table number {@code table},
     * merging shared columns; returns the number of the next table.
     */
    private int list(SqlNode from, int table) {
        if (!(from instanceof SqlJoin join)) {
            if (table >= tables.size()) {
                return table + 1;
            }
            for (RelDataTypeField field : tables.get(table).getRowType().getFieldList()) {
                columns.add(new Column(aliases.get(table), field.getName(), pos));
            }
            return table + 1;
        }
        int leftStart = columns.size();
        int middle = list(join.getLeft(), table);
        int rightStart = columns.size();
        int next = list(join.getRight(), middle);
        List<String> shared = validator.usingNames(join);
        if (shared == null) {
            return next;
        }
        for (String name : shared) {
            Column left = visible(leftStart, rightStart, name);
            Column right = visible(rightStart, columns.size(), name);
            if (left == null || right == null) {
                continue; // Calcite's validation of the join has said what is wrong
            }
            left.value = switch (join.getJoinType()) {
                case RIGHT -> right.value;
                case FULL -> SqlStdOperatorTable.COALESCE.createCall(pos, left.value, right.value);
                default -> left.value;
            };
            right.hidden = true;
            left.absorbed.add(right);
        }
        return next;
    }

    /** The first shown column named {@code name} among columns [from, to). */
    private Column visible(int from, int to, String name) {
        for (Column column : columns.subList(from, to)) {
            if (!column.hidden && column.named(name)) {
                return column;
            }
        }
        return null;
    }

    private void exclude(SqlNodeList excluded) {
        List<String> unknown = new ArrayList<>();
        for (SqlNode node : excluded) {
            SqlIdentifier identifier = (SqlIdentifier) node;
            String name = identifier.names.getLast();
            String table = identifier.names.size() > 1 ? identifier.names.get(identifier.names.size() - 2) : null;
            boolean matched = false;
            for (Column column : List.copyOf(columns)) {
                if (!column.named(name) || (table != null && !column.table.equalsIgnoreCase(table))) {
                    continue;
                }
                matched = true;
                if (column.hidden) {
                    continue; // the right table's copy of a shared column: not shown anyway
                }
                columns.remove(column);
                if (table != null) {
                    column.absorbed.forEach(copy -> copy.hidden = false);
                }
            }
            if (!matched) {
                unknown.add(identifier.toString());
            }
        }
        if (!unknown.isEmpty()) {
            throw validator.newValidationError(
                    excluded, RESOURCE.selectStarExcludeListContainsUnknownColumns(String.join(", ", unknown)));
        }
        if (columns.stream().allMatch(column -> column.hidden)) {
            throw validator.newValidationError(excluded, RESOURCE.selectStarExcludeCannotExcludeAllColumns());
        }
    }

    private void replace(SqlNodeList replacements) {
        List<String> unknown = new ArrayList<>();
        for (SqlNode node : replacements) {
            SqlCall alias = (SqlCall) node;
            String name = ((SqlIdentifier) alias.operand(1)).names.getLast();
            List<Column> named = columns.stream()
                    .filter(column -> !column.hidden && column.named(name))
                    .collect(Collectors.toList());
            if (named.isEmpty()) {
                unknown.add(name);
                continue;
            }
            named.getFirst().value = alias.operand(0);
            columns.removeAll(named.subList(1, named.size()));
        }
        if (!unknown.isEmpty()) {
            throw validator.newValidationError(
                    replacements, RESOURCE.selectStarReplaceListContainsUnknownColumns(String.join(", ", unknown)));
        }
    }

    /** The shown columns as select items, each named after its column. */
    private List<SqlNode> items() {
        List<SqlNode> items = new ArrayList<>();
        for (Column column : columns) {
            if (column.hidden) {
                continue;
            }
            items.add(
                    column.value instanceof SqlIdentifier identifier
                                    && identifier.names.getLast().equals(column.name)
                            ? column.value
                            : SqlStdOperatorTable.AS.createCall(
                                    pos, column.value, new SqlIdentifier(column.name, pos)));
        }
        return items;
    }
}
