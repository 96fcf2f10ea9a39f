package dev.quiver.engine.sql;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB's {@code x op ANY (list)} and {@code x op ALL (list)} over a list value (not a subquery):
 * DuckDB answers them as {@code x op ANY (SELECT unnest(list))}, so ANY is TRUE when the comparison
 * is TRUE for some element, else NULL when it is NULL for some element, else FALSE — FALSE for an
 * empty or NULL list; ALL the reverse (TRUE for an empty or NULL list). Before validation each
 * becomes one pass over the elements: every element's comparison is ranked (FALSE 0, NULL 1, TRUE
 * 2), ANY takes the largest rank and ALL the smallest, and the rank is read back as a BOOLEAN.
 * Calcite would read the list as a one-value IN list instead. Runs before {@link LambdaCaptures},
 * which lets the lambda read {@code x}.
 */
public final class ListQuantifiedComparisons {
    /** The lambda parameter standing for an element: not a name a query would use. */
    private static final String ELEMENT = "quiver$element";

    private ListQuantifiedComparisons() {}

    /** Rewrites {@code statement} in place. */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                for (int index = 0; index < call.operandCount(); index++) {
                    SqlNode operand = call.operand(index);
                    if (operand != null) {
                        SqlNode rewritten = rewritten(operand.accept(this));
                        if (rewritten != operand) {
                            call.setOperand(index, rewritten);
                        }
                    }
                }
                return call;
            }

            @Override
            public SqlNode visit(SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    SqlNode element = list.get(index);
                    if (element != null) {
                        SqlNode rewritten = rewritten(element.accept(this));
                        if (rewritten != element) {
                            list.set(index, rewritten);
                        }
                    }
                }
                return list;
            }
        });
    }

    /** The rewrite of {@code node} if it compares with ANY/ALL of a list, else {@code node}. */
    private static SqlNode rewritten(SqlNode node) {
        if (!(node instanceof SqlCall call)
                || !(call.getOperator() instanceof SqlQuantifyOperator quantify)
                || call.operandCount() != 2) {
            return node;
        }
        SqlNode list = call.operand(1);
        if (list instanceof SqlNodeList values) {
            if (values.size() != 1) {
                return node; // x = ANY (1, 2): an IN list
            }
            list = values.get(0);
        }
        if (list == null || list.isA(SqlKind.QUERY)) {
            return node;
        }
        SqlParserPos pos = call.getParserPosition();
        boolean any = call.getKind() == SqlKind.SOME;
        SqlNode comparison = comparisonOperator(quantify.comparisonKind)
                .createCall(pos, call.operand(0), new SqlIdentifier(ELEMENT, pos));
        // CASE cmp WHEN TRUE THEN 2 WHEN FALSE THEN 0 ELSE 1 END: NULL matches no WHEN
        SqlNode rank = SqlCase.createSwitched(
                pos,
                comparison,
                SqlNodeList.of(SqlLiteral.createBoolean(true, pos), SqlLiteral.createBoolean(false, pos)),
                SqlNodeList.of(number(2, pos), number(0, pos)),
                number(1, pos));
        SqlNode ranks = function(
                "LIST_TRANSFORM", pos, list, new SqlLambda(pos, SqlNodeList.of(new SqlIdentifier(ELEMENT, pos)), rank));
        SqlNode best = SqlStdOperatorTable.COALESCE.createCall(
                pos, function(any ? "LIST_MAX" : "LIST_MIN", pos, ranks), number(any ? 0 : 2, pos));
        return SqlCase.createSwitched(
                pos,
                best,
                SqlNodeList.of(number(2, pos), number(0, pos)),
                SqlNodeList.of(SqlLiteral.createBoolean(true, pos), SqlLiteral.createBoolean(false, pos)),
                SqlLiteral.createNull(pos));
    }

    private static org.apache.calcite.sql.SqlOperator comparisonOperator(SqlKind kind) {
        return switch (kind) {
            case EQUALS -> SqlStdOperatorTable.EQUALS;
            case NOT_EQUALS -> SqlStdOperatorTable.NOT_EQUALS;
            case LESS_THAN -> SqlStdOperatorTable.LESS_THAN;
            case LESS_THAN_OR_EQUAL -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
            case GREATER_THAN -> SqlStdOperatorTable.GREATER_THAN;
            case GREATER_THAN_OR_EQUAL -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
            case IS_DISTINCT_FROM -> SqlStdOperatorTable.IS_DISTINCT_FROM;
            case IS_NOT_DISTINCT_FROM -> SqlStdOperatorTable.IS_NOT_DISTINCT_FROM;
            default -> throw new IllegalArgumentException("not a comparison: " + kind);
        };
    }

    private static SqlNode number(int value, SqlParserPos pos) {
        return SqlLiteral.createExactNumeric(Integer.toString(value), pos);
    }

    private static SqlNode function(String name, SqlParserPos pos, SqlNode... operands) {
        return BuiltinCalls.call(name, pos, List.of(operands));
    }
}
