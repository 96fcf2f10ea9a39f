package dev.quiver.engine.function;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Gives calls that Calcite's grammar builds itself, not by name lookup — {@code FLOOR(x)},
 * {@code CEIL(x)}, {@code DATE_TRUNC('unit', d)}, {@code CAST(x AS t)} — DuckDB's meaning: the built-in definitions'
 * operators replace the grammar's, throughout a statement, in place. {@code FLOOR(x TO unit)} and
 * BigQuery's {@code DATE_TRUNC(d, unit)} stay. Aggregate calls get theirs from {@link AggregateSyntax}.
 * DuckDB's {@code map(keys, values)} becomes {@link NestedSyntax#MAP_OF_LISTS}'s call; an empty
 * {@code ARRAY[]} or {@code MAP {}} (which Calcite's constructors refuse) the empty list or map.
 */
public final class DuckDbSyntax {
    private DuckDbSyntax() {}

    /** Rewrites {@code statement} in place. */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                for (int index = 0; index < call.operandCount(); index++) {
                    SqlNode operand = call.operand(index);
                    SqlNode replacement = replaced(operand);
                    if (replacement != operand) {
                        call.setOperand(index, replacement);
                    }
                }
                if (call instanceof SqlBasicCall basic
                        && basic.getOperator() == SqlLibraryOperators.DATE_TRUNC
                        && call.operandCount() == 2
                        && call.operand(0) instanceof SqlCharStringLiteral) {
                    // the grammar parses DATE_TRUNC itself, as BigQuery's; DuckDB's takes the unit first
                    basic.setOperator(DateBuiltins.DATE_TRUNC.operators().getFirst());
                } else if (call instanceof SqlBasicCall basic
                        && basic.getOperator() == SqlStdOperatorTable.CAST
                        && call.operandCount() == 2) {
                    // CAST(l AS VARCHAR) types as l::VARCHAR does; Calcite's CAST refuses nested to text
                    basic.setOperator(NestedCast.INSTANCE);
                } else if (call instanceof SqlBasicCall basic && call.operandCount() == 1) {
                    if (basic.getOperator() == SqlStdOperatorTable.FLOOR) {
                        basic.setOperator(MathBuiltins.FLOOR.operators().getFirst());
                    } else if (basic.getOperator() == SqlStdOperatorTable.CEIL) {
                        boolean ceiling = basic.getOperator().getName().equalsIgnoreCase("CEILING");
                        basic.setOperator(ceilOperator(ceiling ? "CEILING" : "CEIL"));
                    }
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    SqlNode replacement = replaced(list.get(index));
                    if (replacement != list.get(index)) {
                        list.set(index, replacement);
                    }
                }
                return super.visit(list);
            }
        });
        AggregateSyntax.rewrite(statement);
        WindowFilters.rewrite(statement);
    }

    /** The node that stands for {@code node} in DuckDB's dialect: itself, or a map(…) or ARRAY[] rewritten. */
    private static SqlNode replaced(SqlNode node) {
        if (NestedSyntax.isMapOfLists(node)) {
            return NestedSyntax.mapOfLists((SqlCall) node);
        }
        if (node instanceof SqlCall call && call.operandCount() == 0) {
            SqlParserPos position = call.getParserPosition();
            if (call.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
                return NestedSyntax.listValue(position, List.of());
            }
            if (call.getKind() == SqlKind.MAP_VALUE_CONSTRUCTOR) { // MAP {}: map([], [])
                return NestedSyntax.MAP_OF_LISTS.createCall(
                        position,
                        NestedSyntax.listValue(position, List.of()),
                        NestedSyntax.listValue(position, List.of()));
            }
        }
        return node;
    }

    private static SqlOperator ceilOperator(String name) {
        for (SqlOperator operator : MathBuiltins.CEIL.operators()) {
            if (operator.getName().equals(name)) {
                return operator;
            }
        }
        throw new IllegalStateException("no " + name + " operator");
    }
}
