package dev.quiver.engine.sql;

import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A comma in FROM binds more loosely than {@code JOIN}, as in DuckDB (and standard SQL): {@code
 * FROM a, b JOIN c USING (k)} joins {@code b} with {@code c} and crosses the result with {@code a}.
 * Calcite's parser reads every FROM item left-deep, {@code (a, b) JOIN c}, which is the same join
 * for an inner or left join ON a condition, but not for USING or NATURAL (the shared column would
 * be looked up in {@code a} and {@code b}) nor for RIGHT and FULL joins (the unmatched rows of
 * {@code c} would appear once instead of once per row of {@code a}). Those joins are regrouped into
 * {@code a, (b JOIN c …)}; inner and left joins ON a condition keep Calcite's grouping, because
 * DuckDB lets their condition read the tables before the comma. ASOF and POSITIONAL joins, marked
 * by then, regroup as the joins they are written as. Rewrites the parse tree in place.
 */
public final class CommaJoins {
    /** The join types whose left input is only the FROM item right before them once regrouped. */
    private static final Set<JoinType> REGROUPED = Set.of(
            JoinType.INNER,
            JoinType.LEFT,
            JoinType.RIGHT,
            JoinType.FULL,
            JoinType.LEFT_SEMI_JOIN,
            JoinType.LEFT_ANTI_JOIN);

    private CommaJoins() {}

    /** Regroups every FROM clause of {@code statement}, subqueries included. */
    public static void regroup(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() instanceof SqlJoin) {
                    select.setFrom(regrouped(select.getFrom()));
                }
                return super.visit(call);
            }
        });
    }

    /** {@code from} with the joins that follow a comma moved under it. */
    private static SqlNode regrouped(SqlNode from) {
        if (!(from instanceof SqlJoin join)) {
            return from;
        }
        join.setLeft(regrouped(join.getLeft()));
        join.setRight(regrouped(join.getRight()));
        if (!bindsTighterThanComma(join)
                || !(join.getLeft() instanceof SqlJoin comma)
                || comma.getJoinType() != JoinType.COMMA) {
            return from;
        }
        // (before, last) JOIN right  →  before, (last JOIN right)
        join.setLeft(comma.getRight());
        comma.setRight(join);
        return comma;
    }

    private static boolean bindsTighterThanComma(SqlJoin join) {
        JoinType type = join.getJoinType();
        if (!REGROUPED.contains(type)) {
            return false;
        }
        boolean shared = join.isNatural() || join.getConditionType() == JoinConditionType.USING;
        return shared || type == JoinType.RIGHT || type == JoinType.FULL;
    }
}
