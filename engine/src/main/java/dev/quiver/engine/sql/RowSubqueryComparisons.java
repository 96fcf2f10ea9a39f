package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A row of two or more values compared with a subquery's rows — {@code (a, b) [NOT] IN (SELECT x, y
 * …)}, {@code (a, b) = ANY (…)}, {@code (a, b) <> ALL (…)} — as DuckDB answers it: the row
 * comparison is {@code a = x AND b = y} (or {@code a <> x OR b <> y}) per subquery row, ANY is
 * TRUE when it is TRUE for some row, else NULL when it is NULL for some row, else FALSE; ALL
 * the reverse. Calcite's own rewrite of these gave wrong answers ({@code (1, 2) <> ANY (SELECT 1,
 * 3)} was false, {@code ROW(NULL, 8) IN (SELECT 1, 2)} NULL), so each becomes, before validation,
 * {@code CASE WHEN EXISTS (… WHERE cmp IS TRUE) THEN TRUE WHEN EXISTS (… WHERE cmp IS NULL) THEN
 * NULL ELSE FALSE END} over the subquery (run twice). Only = and <>, and only rows of constants
 * (see {@link #readsColumns}); other comparisons stay.
 * Nodes are replaced in place; the rewritten CASE is visited too, so its subqueries get theirs.
 */
public final class RowSubqueryComparisons {
    /** The subquery's alias and its column names' prefix: not a name a query would use. */
    private static final String ALIAS = "quiver$row";

    private RowSubqueryComparisons() {}

    /** Rewrites {@code statement} in place. */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                for (int index = 0; index < call.operandCount(); index++) {
                    SqlNode operand = call.operand(index);
                    if (operand instanceof SqlCall inner) {
                        SqlNode rewritten = rewriteCall(inner);
                        if (rewritten != inner) {
                            call.setOperand(index, rewritten);
                        }
                    }
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    if (list.get(index) instanceof SqlCall inner) {
                        SqlNode rewritten = rewriteCall(inner);
                        if (rewritten != inner) {
                            list.set(index, rewritten);
                        }
                    }
                }
                return super.visit(list);
            }
        });
    }

    private static SqlNode rewriteCall(SqlCall call) {
        SqlOperator operator = call.getOperator();
        boolean some;
        boolean equals;
        if (call.getKind() == SqlKind.IN) {
            some = true;
            equals = true;
        } else if (call.getKind() == SqlKind.NOT_IN) {
            some = false;
            equals = false;
        } else if (operator instanceof SqlQuantifyOperator quantify
                && (quantify.comparisonKind == SqlKind.EQUALS || quantify.comparisonKind == SqlKind.NOT_EQUALS)) {
            some = call.getKind() == SqlKind.SOME;
            equals = quantify.comparisonKind == SqlKind.EQUALS;
        } else {
            return call;
        }
        if (call.operandCount() != 2
                || !(call.operand(0) instanceof SqlCall row)
                || row.getKind() != SqlKind.ROW
                || row.operandCount() < 2
                || !call.operand(1).isA(SqlKind.QUERY)
                || readsColumns(row)) {
            return call;
        }
        SqlParserPos pos = call.getParserPosition();
        List<SqlNode> values = row.getOperandList();
        // ALL (cmp) is NOT ANY (NOT cmp): test the negated comparison and flip the answers
        boolean testEquals = some == equals;
        SqlNode matches = exists(call.operand(1), values, testEquals, SqlStdOperatorTable.IS_TRUE, pos);
        SqlNode unknown = exists(call.operand(1), values, testEquals, SqlStdOperatorTable.IS_NULL, pos);
        SqlLiteral whenMatch = SqlLiteral.createBoolean(some, pos);
        SqlLiteral otherwise = SqlLiteral.createBoolean(!some, pos);
        return new SqlCase(
                pos,
                null,
                SqlNodeList.of(matches, unknown),
                SqlNodeList.of(whenMatch, SqlLiteral.createNull(pos)),
                otherwise);
    }

    /**
     * Whether the row names a column. Such rows stay with Calcite's rewrite: correlated through
     * EXISTS, {@code (a, NULL) NOT IN (…)} lost its NULL in the decorrelated plan.
     */
    private static boolean readsColumns(SqlNode row) {
        try {
            row.accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlIdentifier identifier) {
                    throw new IllegalStateException("a column");
                }
            });
            return false;
        } catch (IllegalStateException column) {
            return true;
        }
    }

    /** {@code EXISTS (SELECT 1 FROM (query) AS quiver$row(c1, …) WHERE test(comparison))}. */
    private static SqlNode exists(
            SqlNode query, List<SqlNode> values, boolean equals, SqlOperator test, SqlParserPos pos) {
        List<SqlNode> columns = new ArrayList<>();
        List<SqlNode> terms = new ArrayList<>();
        for (int index = 0; index < values.size(); index++) {
            String name = ALIAS + (index + 1);
            columns.add(new SqlIdentifier(name, pos));
            SqlNode column = new SqlIdentifier(List.of(ALIAS, name), pos);
            terms.add((equals ? SqlStdOperatorTable.EQUALS : SqlStdOperatorTable.NOT_EQUALS)
                    .createCall(pos, values.get(index), column));
        }
        SqlNode comparison = terms.getFirst();
        for (SqlNode term : terms.subList(1, terms.size())) {
            comparison = (equals ? SqlStdOperatorTable.AND : SqlStdOperatorTable.OR).createCall(pos, comparison, term);
        }
        List<SqlNode> aliasOperands = new ArrayList<>();
        aliasOperands.add(query);
        aliasOperands.add(new SqlIdentifier(ALIAS, pos));
        aliasOperands.addAll(columns);
        SqlNode from = SqlStdOperatorTable.AS.createCall(pos, aliasOperands);
        SqlSelect select = SelectNodes.select(
                pos, SqlNodeList.of(SqlLiteral.createExactNumeric("1", pos)), from, test.createCall(pos, comparison));
        return SqlStdOperatorTable.EXISTS.createCall(pos, select);
    }
}
