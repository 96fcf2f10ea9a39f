package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.AsofJoins;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's conversion to relational algebra, with DuckDB's {@code l ASOF [LEFT] JOIN r USING (k…,
 * t)}: Calcite converts the USING list to equalities (and expands {@code *} with each USING column
 * once); here the last one becomes {@code l.t >= r.t} and the condition is wrapped in {@link
 * AsofJoins#CONDITION}, as an ON condition of an ASOF join is, for {@link AsofJoinPlanning}.
 */
final class AsofUsingConverter extends SqlToRelConverter {
    AsofUsingConverter(
            RelOptTable.ViewExpander viewExpander,
            @Nullable SqlValidator validator,
            Prepare.CatalogReader catalogReader,
            RelOptCluster cluster,
            SqlRexConvertletTable convertletTable,
            Config config) {
        super(viewExpander, validator, catalogReader, cluster, convertletTable, config);
    }

    @Override
    protected void convertFrom(Blackboard bb, @Nullable SqlNode from, @Nullable List<String> fieldNames) {
        super.convertFrom(bb, from, fieldNames);
        if (!(from instanceof SqlJoin join) || !AsofJoins.isUsing(join)) {
            return;
        }
        if (!(bb.root() instanceof LogicalJoin joined)) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED, "this ASOF JOIN … USING cannot be planned; write it with ON");
        }
        RexBuilder rexBuilder = joined.getCluster().getRexBuilder();
        List<RexNode> conjuncts = new ArrayList<>(RelOptUtil.conjunctions(joined.getCondition()));
        if (!(conjuncts.getLast() instanceof RexCall last) || last.getKind() != SqlKind.EQUALS) {
            throw QuiverException.internal("ASOF JOIN USING converted to " + joined.getCondition(), null);
        }
        conjuncts.set(
                conjuncts.size() - 1,
                rexBuilder.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, last.getOperands()));
        RexNode condition = rexBuilder.makeCall(AsofJoins.CONDITION, RexUtil.composeConjunction(rexBuilder, conjuncts));
        bb.setRoot(
                joined.copy(
                        joined.getTraitSet(),
                        condition,
                        joined.getLeft(),
                        joined.getRight(),
                        joined.getJoinType(),
                        joined.isSemiJoinDone()),
                false);
    }
}
