package dev.quiver.engine.sql;

import java.util.function.BiFunction;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Replaces nodes of a parse tree in place, where they stand: each operand of each call and each
 * item of each list is offered to a replacement function, parents before children, and the visit
 * goes on into what replaced it. In place, so that the marks other rewrites keep on joins and calls
 * (by identity) survive, which a copying {@code SqlShuttle} would lose.
 */
public final class InPlaceRewrite {
    private InPlaceRewrite() {}

    /**
     * Offers every node below {@code statement} to {@code replacement} with the call it is an operand
     * of (null for a list item); a non-null answer takes the node's place.
     */
    public static void replace(SqlNode statement, BiFunction<SqlNode, SqlCall, SqlNode> replacement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                for (int index = 0; index < call.operandCount(); index++) {
                    SqlNode operand = call.operand(index);
                    SqlNode replaced = operand == null ? null : replacement.apply(operand, call);
                    if (replaced != null) {
                        call.setOperand(index, replaced);
                    }
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    SqlNode item = list.get(index);
                    SqlNode replaced = item == null ? null : replacement.apply(item, null);
                    if (replaced != null) {
                        list.set(index, replaced);
                    }
                }
                return super.visit(list);
            }
        });
    }
}
