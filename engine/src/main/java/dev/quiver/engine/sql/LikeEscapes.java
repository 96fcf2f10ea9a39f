package dev.quiver.engine.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLikeOperator;

/**
 * {@code s LIKE p ESCAPE ''} (and NOT LIKE, ILIKE) as DuckDB reads it: an empty escape string means
 * no escape character, so the ESCAPE clause is dropped. Calcite's simplifier reads the escape
 * literal's first character and fails on an empty one. Rewrites the parse tree in place.
 */
public final class LikeEscapes {
    private LikeEscapes() {}

    /** Drops every empty ESCAPE of {@code statement}. */
    public static void rewrite(SqlNode statement) {
        InPlaceRewrite.replace(statement, (node, parent) -> emptyEscape(node) ? withoutEscape((SqlCall) node) : null);
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
