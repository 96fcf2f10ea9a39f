package dev.quiver.engine.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * {@code s LIKE p ESCAPE ''} (and NOT LIKE, ILIKE) as DuckDB reads it: an empty escape string means
 * no escape character, so the ESCAPE clause is dropped. Calcite's simplifier reads the escape
 * literal's first character and fails on an empty one. Rewrites the parse tree in place.
 */
public final class LikeEscapes {
    private LikeEscapes() {}

    /** Drops every empty ESCAPE of {@code statement}. */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                for (int index = 0; index < call.operandCount(); index++) {
                    SqlNode operand = call.operand(index);
                    if (emptyEscape(operand)) {
                        call.setOperand(index, withoutEscape((SqlCall) operand));
                    }
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    if (emptyEscape(list.get(index))) {
                        list.set(index, withoutEscape((SqlCall) list.get(index)));
                    }
                }
                return super.visit(list);
            }
        });
    }

    private static boolean emptyEscape(SqlNode node) {
        return node instanceof SqlCall call
                && call.getOperator() instanceof SqlLikeOperator
                && call.operandCount() == 3
                && call.operand(2) instanceof SqlCharStringLiteral escape
                && escape.getValueAs(String.class).isEmpty();
    }

    private static SqlCall withoutEscape(SqlCall like) {
        return like.getOperator().createCall(like.getParserPosition(), like.operand(0), like.operand(1));
    }
}
