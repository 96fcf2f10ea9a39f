package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Queries Calcite accepts but DuckDB refuses, refused as DuckDB does: two CTEs of one name in one
 * {@code WITH}, and an {@code ORDER BY} on a constant that is not a column ordinal
 * ({@code ORDER BY NULL}, {@code ORDER BY 'a'}), which orders nothing. Also the SEMI and ANTI joins
 * that {@link SemiJoins} cannot move into WHERE: refused clearly.
 */
public final class DuckDbQueryRules {
    private DuckDbQueryRules() {}

    /** Throws a {@link QuiverException} naming the first broken rule in {@code statement}. */
    public static void check(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlWith with) {
                    checkNames(with.withList);
                } else if (call instanceof SqlSelect select) {
                    checkOrder(select.getOrderList());
                } else if (call instanceof SqlOrderBy orderBy) {
                    checkOrder(orderBy.orderList);
                } else if (call instanceof SqlJoin join) {
                    checkJoin(join);
                }
                return super.visit(call);
            }
        });
    }

    /** What {@link SemiJoins} left: a NATURAL one, or one under a RIGHT or FULL join. */
    private static void checkJoin(SqlJoin join) {
        JoinType type = join.getJoinType();
        if (type == JoinType.LEFT_SEMI_JOIN || type == JoinType.LEFT_ANTI_JOIN) {
            String kind = type == JoinType.LEFT_SEMI_JOIN ? "SEMI" : "ANTI";
            throw error(
                    ErrorCode.UNSUPPORTED,
                    "NATURAL " + kind + " JOIN, or a " + kind + " JOIN under a RIGHT or FULL join, is not"
                            + " supported yet; write WHERE " + (kind.equals("ANTI") ? "NOT " : "")
                            + "EXISTS (SELECT 1 FROM right_table WHERE condition)",
                    join.getJoinTypeNode().getParserPosition());
        }
    }

    private static void checkNames(SqlNodeList items) {
        Set<String> names = new HashSet<>();
        for (SqlNode node : items) {
            SqlWithItem item = (SqlWithItem) node;
            String name = item.name.getSimple();
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw error(ErrorCode.INVALID_QUERY, "Duplicate CTE name \"" + name + "\"", item.getParserPosition());
            }
        }
    }

    private static void checkOrder(SqlNodeList orderList) {
        if (orderList == null) {
            return;
        }
        for (SqlNode item : orderList) {
            SqlNode key = item;
            while (key.getKind() == SqlKind.DESCENDING
                    || key.getKind() == SqlKind.NULLS_FIRST
                    || key.getKind() == SqlKind.NULLS_LAST) {
                key = ((SqlCall) key).operand(0);
            }
            boolean ordinal = key instanceof SqlNumericLiteral number && number.isInteger();
            if (key instanceof SqlLiteral && !ordinal) {
                throw error(
                        ErrorCode.INVALID_QUERY, "ORDER BY non-integer literal has no effect", key.getParserPosition());
            }
        }
    }

    private static QuiverException error(ErrorCode code, String message, SqlParserPos position) {
        return new QuiverException(code, message, position.getLineNum(), position.getColumnNum(), null);
    }
}
