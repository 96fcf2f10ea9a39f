package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's {@code l SEMI JOIN r ON c} and {@code l ANTI JOIN r ON c} (or {@code USING (k, …)}):
 * the rows of {@code l} with (without) a match in {@code r}, with {@code l}'s columns only. Calcite
 * parses these join types but cannot convert them to relational algebra, so they become {@code
 * WHERE [NOT] EXISTS (SELECT 1 FROM r WHERE c)} on the enclosing SELECT, which Calcite plans as a
 * semi (anti) join. That is exact where the filter commutes with the joins above the semi join:
 * when it is reached through inner, cross and comma joins, and the left side of LEFT joins. Elsewhere
 * (under a RIGHT or FULL join, NATURAL) it is left alone, and {@link DuckDbQueryRules} refuses it.
 * Rewrites the parse tree in place.
 */
public final class SemiJoins {
    private SemiJoins() {}

    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    List<SqlNode> filters = new ArrayList<>();
                    select.setFrom(withoutSemiJoins(select.getFrom(), filters));
                    for (SqlNode filter : filters) {
                        SqlNode where = select.getWhere();
                        select.setWhere(
                                where == null
                                        ? filter
                                        : SqlStdOperatorTable.AND.createCall(
                                                filter.getParserPosition(), where, filter));
                    }
                }
                return super.visit(call);
            }
        });
    }

    /** {@code from} without the semi and anti joins that can move to WHERE; their filters go to {@code filters}. */
    private static SqlNode withoutSemiJoins(SqlNode from, List<SqlNode> filters) {
        if (!(from instanceof SqlJoin join) || join.isNatural()) {
            return from;
        }
        JoinType type = join.getJoinType();
        switch (type) {
            case LEFT_SEMI_JOIN, LEFT_ANTI_JOIN -> {
                SqlNode left = withoutSemiJoins(join.getLeft(), filters);
                filters.add(exists(join, left, type == JoinType.LEFT_ANTI_JOIN));
                return left;
            }
            case INNER, CROSS, COMMA -> {
                join.setLeft(withoutSemiJoins(join.getLeft(), filters));
                join.setRight(withoutSemiJoins(join.getRight(), filters));
            }
            case LEFT -> join.setLeft(withoutSemiJoins(join.getLeft(), filters));
            default -> {}
        }
        return join;
    }

    private static SqlNode exists(SqlJoin join, SqlNode left, boolean anti) {
        SqlParserPos pos = join.getJoinTypeNode().getParserPosition();
        SqlNode right = join.getRight();
        SqlNode condition = join.getCondition();
        if (join.getConditionType() == JoinConditionType.USING) {
            String leftName = tableName(left);
            String rightName = tableName(right);
            if (rightName == null || rightName.equalsIgnoreCase(leftName)) {
                // the right side needs a name of its own to tell its key columns from the left's
                rightName = "quiver_semi_join_right";
                right = renamed(right, new SqlIdentifier(rightName, pos), pos);
            }
            condition = null;
            for (SqlNode column : (SqlNodeList) join.getCondition()) {
                String name = ((SqlIdentifier) column).getSimple();
                SqlNode leftColumn = leftName == null
                        ? new SqlIdentifier(name, pos)
                        : new SqlIdentifier(List.of(leftName, name), pos);
                SqlNode equal = SqlStdOperatorTable.EQUALS.createCall(
                        pos, leftColumn, new SqlIdentifier(List.of(rightName, name), pos));
                condition = condition == null ? equal : SqlStdOperatorTable.AND.createCall(pos, condition, equal);
            }
        }
        SqlSelect matches =
                SelectNodes.select(pos, SqlNodeList.of(SqlLiteral.createExactNumeric("1", pos)), right, condition);
        SqlNode exists = SqlStdOperatorTable.EXISTS.createCall(pos, matches);
        return anti ? SqlStdOperatorTable.NOT.createCall(pos, exists) : exists;
    }

    /** The name a table reference's columns are qualified by ({@code t}, {@code s.t}, {@code x AS a}), or null. */
    private static String tableName(SqlNode table) {
        if (table instanceof SqlIdentifier identifier) {
            return identifier.names.getLast();
        }
        if (table instanceof SqlBasicCall as && as.getKind() == SqlKind.AS) {
            return ((SqlIdentifier) as.operand(1)).getSimple();
        }
        return null;
    }

    /** {@code table AS alias}, keeping a column list of {@code table AS old (c1, …)}. */
    private static SqlNode renamed(SqlNode table, SqlIdentifier alias, SqlParserPos pos) {
        if (table instanceof SqlBasicCall as && as.getKind() == SqlKind.AS) {
            List<SqlNode> operands = new ArrayList<>(as.getOperandList());
            operands.set(1, alias);
            return SqlStdOperatorTable.AS.createCall(pos, operands);
        }
        return SqlStdOperatorTable.AS.createCall(pos, table, alias);
    }
}
