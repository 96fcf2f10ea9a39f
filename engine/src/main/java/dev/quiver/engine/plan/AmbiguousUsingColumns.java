package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SelectNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's error for {@code a CROSS JOIN b JOIN c USING (k)} when both {@code a} and {@code b} have
 * {@code k}: the USING column is ambiguous on the left. Calcite's validator names the left join's
 * columns {@code k, k0} and silently takes the first, so the check runs before validation: for a
 * USING join whose left side joins tables without USING or NATURAL (which would merge the column),
 * each USING column must belong to one of those tables only. Tables whose columns cannot be read on
 * their own (a CTE, a lateral call) leave the join to Calcite.
 */
final class AmbiguousUsingColumns {
    private AmbiguousUsingColumns() {}

    /**
     * Throws DuckDB's "Ambiguous reference" error for the first ambiguous USING column.
     *
     * @param columnNames the columns of a query that stands alone
     */
    static void check(SqlNode statement, Function<SqlNode, List<String>> columnNames) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlJoin join
                        && join.getConditionType() == JoinConditionType.USING
                        && join.getLeft() instanceof SqlJoin left
                        && !merges(left)) {
                    checkJoin(join, left, columnNames);
                }
                return super.visit(call);
            }
        });
    }

    private static void checkJoin(SqlJoin join, SqlJoin left, Function<SqlNode, List<String>> columnNames) {
        List<SqlNode> tables = new ArrayList<>();
        addTables(left, tables);
        List<List<String>> columns = new ArrayList<>();
        for (SqlNode table : tables) {
            try {
                columns.add(columnNames.apply(
                        SelectNodes.selectAll(table.getParserPosition(), table.clone(table.getParserPosition()))));
            } catch (QuiverException e) {
                return; // a CTE or a lateral call: nothing to read it by here
            }
        }
        for (SqlNode key : (SqlNodeList) join.getCondition()) {
            String name = ((SqlIdentifier) key).getSimple();
            List<String> owners = new ArrayList<>();
            for (int index = 0; index < tables.size(); index++) {
                if (columns.get(index).stream().anyMatch(name::equalsIgnoreCase)) {
                    owners.add(qualifier(tables.get(index)) + "." + name);
                }
            }
            if (owners.size() > 1) {
                SqlParserPos pos = key.getParserPosition();
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "Ambiguous reference to column name \"" + name + "\" (use: '" + String.join("' or '", owners)
                                + "')",
                        pos.getLineNum(),
                        pos.getColumnNum(),
                        null);
            }
        }
    }

    /** Whether a join below {@code join} merges columns (USING or NATURAL): then Calcite resolves them. */
    private static boolean merges(SqlJoin join) {
        if (join.isNatural() || join.getConditionType() == JoinConditionType.USING) {
            return true;
        }
        return (join.getLeft() instanceof SqlJoin left && merges(left))
                || (join.getRight() instanceof SqlJoin right && merges(right));
    }

    private static void addTables(SqlNode from, List<SqlNode> tables) {
        if (from instanceof SqlJoin join) {
            addTables(join.getLeft(), tables);
            addTables(join.getRight(), tables);
        } else {
            tables.add(from);
        }
    }

    /** The name a table is referred to by: its alias, else its name. */
    private static String qualifier(SqlNode table) {
        if (table.getKind() == SqlKind.AS) {
            return ((SqlCall) table).operand(1).toString();
        }
        if (table instanceof SqlIdentifier identifier) {
            return identifier.names.getLast();
        }
        return table.toString();
    }
}
