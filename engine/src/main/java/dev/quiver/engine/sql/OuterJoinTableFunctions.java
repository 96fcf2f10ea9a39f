package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Wraps a table function on the NULL-extended side of an outer join ({@code … LEFT JOIN range(3) b
 * ON …}) in {@code (SELECT * FROM …)}. Calcite's validator keeps such a function's columns NOT NULL
 * although the join extends them with NULLs, and conversion then fails on the type mismatch; a
 * subquery there is typed correctly. Rewrites the parse tree in place.
 */
public final class OuterJoinTableFunctions {
    private OuterJoinTableFunctions() {}

    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlJoin join) {
                    JoinType type = join.getJoinType();
                    if (type == JoinType.LEFT || type == JoinType.FULL) {
                        join.setRight(wrapped(join.getRight()));
                    }
                    if (type == JoinType.RIGHT || type == JoinType.FULL) {
                        join.setLeft(wrapped(join.getLeft()));
                    }
                }
                return super.visit(call);
            }
        });
    }

    /** {@code function [AS alias [(columns)]]} as {@code (SELECT * FROM function) [AS alias [(columns)]]}. */
    private static SqlNode wrapped(SqlNode side) {
        if (side.getKind() == SqlKind.COLLECTION_TABLE) {
            return select(side);
        }
        if (side instanceof SqlBasicCall as
                && as.getKind() == SqlKind.AS
                && as.operand(0).getKind() == SqlKind.COLLECTION_TABLE) {
            List<SqlNode> operands = new ArrayList<>(as.getOperandList());
            operands.set(0, select(as.operand(0)));
            return SqlStdOperatorTable.AS.createCall(as.getParserPosition(), operands);
        }
        return side;
    }

    private static SqlSelect select(SqlNode function) {
        SqlParserPos position = function.getParserPosition();
        return SelectNodes.selectAll(position, function);
    }
}
