package dev.quiver.engine.function;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Gives the aggregate calls that Calcite's grammar builds itself DuckDB's meaning, in place:
 * {@code first(x)} and {@code last(x)} (parsed as MATCH_RECOGNIZE's {@code FIRST(x, 0)}) become
 * the aggregates; {@code string_agg}/{@code group_concat}/{@code array_agg} (parsed as other dialects' functions,
 * with an ORDER BY inside as a trailing list) become Quiver's, the ORDER BY turned into the
 * WITHIN GROUP form the validator knows. A call is replaced in its parent, as calls cannot
 * change their operand count.
 */
final class AggregateSyntax {
    private AggregateSyntax() {}

    /** Rewrites {@code statement} in place. */
    static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.WITHIN_GROUP && call.operand(1) instanceof SqlNodeList order) {
                    nullsLast(order);
                }
                for (int index = 0; index < call.operandCount(); index++) {
                    SqlNode replacement = replacement(call.getOperandList().get(index));
                    if (replacement != null) {
                        try {
                            call.setOperand(index, replacement);
                        } catch (UnsupportedOperationException e) {
                            // a node that keeps its operands: the validator reports the call as written
                        }
                    }
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    SqlNode replacement = replacement(list.get(index));
                    if (replacement != null) {
                        list.set(index, replacement);
                    }
                }
                return super.visit(list);
            }
        });
    }

    /**
     * Gives every key of an ORDER BY inside a call without NULLS FIRST/LAST an explicit NULLS LAST:
     * DuckDB puts NULLs last in both directions, and Calcite's conversion of these keys does not
     * apply the validator's default (it puts them first for DESC).
     */
    private static void nullsLast(SqlNodeList order) {
        for (int index = 0; index < order.size(); index++) {
            SqlNode key = order.get(index);
            if (key.getKind() != SqlKind.NULLS_FIRST && key.getKind() != SqlKind.NULLS_LAST) {
                order.set(index, SqlStdOperatorTable.NULLS_LAST.createCall(key.getParserPosition(), key));
            }
        }
    }

    /** The node to put in place of {@code node}, or null to keep it. */
    private static SqlNode replacement(SqlNode node) {
        if (!(node instanceof SqlBasicCall call)) {
            return null;
        }
        SqlOperator operator = call.getOperator();
        if ((operator == SqlStdOperatorTable.FIRST || operator == SqlStdOperatorTable.LAST)
                && call.operandCount() == 2
                && call.operand(1) instanceof SqlNumericLiteral) {
            BuiltinFunction function =
                    operator == SqlStdOperatorTable.FIRST ? AggregateBuiltins.FIRST : AggregateBuiltins.LAST;
            return function.operators()
                    .getFirst()
                    .createCall(call.getParserPosition(), call.getOperandList().getFirst());
        }
        if (operator == SqlLibraryOperators.STRING_AGG
                || operator == SqlLibraryOperators.GROUP_CONCAT
                || operator == SqlLibraryOperators.ARRAY_AGG) {
            List<SqlNode> arguments = new ArrayList<>(call.getOperandList());
            SqlNodeList order = null;
            if (!arguments.isEmpty() && arguments.getLast() instanceof SqlNodeList list) {
                order = list;
                arguments.removeLast();
            }
            SqlOperator own = operator == SqlLibraryOperators.ARRAY_AGG
                    ? AggregateBuiltins.list(operator.getName())
                    : AggregateBuiltins.stringAgg(operator.getName());
            SqlCall aggregate = own.createCall(call.getFunctionQuantifier(), call.getParserPosition(), arguments);
            if (order != null) {
                nullsLast(order);
            }
            return order == null
                    ? aggregate
                    : SqlStdOperatorTable.WITHIN_GROUP.createCall(call.getParserPosition(), aggregate, order);
        }
        return null;
    }
}
