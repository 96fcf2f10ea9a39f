package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.DuckDbClauses;
import dev.quiver.engine.sql.SelectNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB's positional references {@code #n}, which the parser leaves as identifiers named
 * {@code "#n"} ({@link DuckDbClauses#POSITION_MARK}), resolved before validation as DuckDB does: in
 * ORDER BY, {@code #n} is the n-th select item (an ordinal); everywhere else in a SELECT (its list,
 * WHERE, GROUP BY, HAVING) it is the n-th column of the FROM clause.
 */
final class PositionalReferences {
    private PositionalReferences() {}

    /** Rewrites {@code statement} in place; {@code columnNames} gives a stand-alone query's column names. */
    static void rewrite(SqlNode statement, Function<SqlNode, List<String>> columnNames) {
        statement.accept(new WithScopedVisitor() {
            @Override
            void afterOperands(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    if (select.getOrderList() != null) {
                        select.setOrderBy(ordinals(select.getOrderList()));
                    }
                    resolveFromColumns(select, query -> columnNamesInScope(columnNames, query));
                } else if (call instanceof SqlOrderBy orderBy) {
                    SqlNodeList replaced = ordinals(orderBy.orderList);
                    if (replaced != orderBy.orderList) { // the shuttle returns the list itself when nothing changed
                        orderBy.orderList.clear();
                        orderBy.orderList.addAll(replaced);
                    }
                }
            }
        });
    }

    /** The position n of a {@code "#n"} identifier, or -1. */
    private static int position(SqlIdentifier identifier) {
        if (!identifier.isSimple()) {
            return -1;
        }
        String name = identifier.getSimple();
        if (name.length() < 2 || !name.startsWith(DuckDbClauses.POSITION_MARK)) {
            return -1;
        }
        String digits = name.substring(DuckDbClauses.POSITION_MARK.length());
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    private static SqlNodeList ordinals(SqlNodeList orderList) {
        return (SqlNodeList) orderList.accept(new Replacer((identifier, position) ->
                SqlLiteral.createExactNumeric(Integer.toString(position), identifier.getParserPosition())));
    }

    private static void resolveFromColumns(SqlSelect select, Function<SqlNode, List<String>> columnNames) {
        List<List<String>> fromNames = new ArrayList<>(); // asked for once, only when a reference is there
        Replacer replacer = new Replacer((identifier, position) -> {
            SqlParserPos pos = identifier.getParserPosition();
            if (select.getFrom() == null) {
                throw error("positional reference #" + position + " needs a FROM clause", pos);
            }
            if (fromNames.isEmpty()) {
                fromNames.add(columnNames.apply(SelectNodes.selectAll(pos, select.getFrom())));
            }
            List<String> names = fromNames.getFirst();
            if (position < 1 || position > names.size()) {
                throw error(
                        "positional reference #" + position + " is out of range: the FROM clause has " + names.size()
                                + " columns",
                        pos);
            }
            return new SqlIdentifier(names.get(position - 1), pos);
        });
        select.setSelectList((SqlNodeList) select.getSelectList().accept(replacer));
        if (select.getWhere() != null) {
            select.setWhere(select.getWhere().accept(replacer));
        }
        if (select.getGroup() != null) {
            select.setGroupBy((SqlNodeList) select.getGroup().accept(replacer));
        }
        if (select.getHaving() != null) {
            select.setHaving(select.getHaving().accept(replacer));
        }
    }

    private static QuiverException error(String message, SqlParserPos pos) {
        return new QuiverException(ErrorCode.INVALID_QUERY, message, pos.getLineNum(), pos.getColumnNum(), null);
    }

    /** What a {@code "#n"} identifier becomes. */
    private interface Resolution {
        SqlNode resolve(SqlIdentifier identifier, int position);
    }

    /** Replaces {@code "#n"} identifiers outside subqueries (those resolve against their own FROM). */
    private static final class Replacer extends SqlShuttle {
        private final Resolution resolution;

        Replacer(Resolution resolution) {
            this.resolution = resolution;
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            int position = position(identifier);
            return position < 0 ? identifier : resolution.resolve(identifier, position);
        }

        @Override
        public SqlNode visit(SqlCall call) {
            return call instanceof SqlSelect ? call : super.visit(call);
        }
    }
}
