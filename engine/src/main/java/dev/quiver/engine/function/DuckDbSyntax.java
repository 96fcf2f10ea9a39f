package dev.quiver.engine.function;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Gives calls that Calcite's grammar builds itself, not by name lookup — {@code FLOOR(x)},
 * {@code CEIL(x)}, {@code DATE_TRUNC('unit', d)}, {@code CAST(x AS t)} — DuckDB's meaning: the built-in definitions'
 * operators replace the grammar's, throughout a statement, in place. {@code FLOOR(x TO unit)} and
 * BigQuery's {@code DATE_TRUNC(d, unit)} stay. Aggregate calls get theirs from {@link AggregateSyntax}.
 * DuckDB's {@code map(keys, values)} becomes {@code map_from_entries(list_zip(keys, values))}.
 */
public final class DuckDbSyntax {
    private DuckDbSyntax() {}

    /** Rewrites {@code statement} in place. */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                for (int index = 0; index < call.operandCount(); index++) {
                    if (NestedSyntax.isMapOfLists(call.operand(index))) {
                        call.setOperand(index, NestedSyntax.mapOfLists(call.operand(index)));
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
                    if (NestedSyntax.isMapOfLists(list.get(index))) {
                        list.set(index, NestedSyntax.mapOfLists((SqlCall) list.get(index)));
                    }
                }
                return super.visit(list);
            }
        });
        AggregateSyntax.rewrite(statement);
        WindowFilters.rewrite(statement);
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
