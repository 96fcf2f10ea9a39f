package dev.quiver.engine.plan.rel;

import dev.quiver.engine.function.BuiltinFunction;
import dev.quiver.engine.function.BuiltinFunctions;
import dev.quiver.engine.function.IntervalAvg;
import dev.quiver.engine.function.PythonAggregateSqlFunction;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * GROUP BY and aggregate functions, computed with a hash table: one group per distinct key, or
 * exactly one row when there is no GROUP BY.
 *
 * <p>Only simple grouping (no GROUPING SETS) and non-DISTINCT calls of the functions in
 * {@link #SUPPORTED}, of built-in aggregates with a kernel and of Python aggregates reach this rel: the rewrite phase expands DISTINCT, reduces AVG and the
 * statistical functions to SUM and COUNT, and turns grouping sets into a UNION ALL.
 */
public final class VecAggregate extends Aggregate implements VecRel {
    /** The built-in aggregate functions the runtime implements (Python aggregates are supported too). */
    public static final Set<SqlKind> SUPPORTED = Set.of(
            SqlKind.COUNT,
            SqlKind.REGR_COUNT,
            SqlKind.SUM,
            SqlKind.SUM0,
            SqlKind.MIN,
            SqlKind.MAX,
            SqlKind.ANY_VALUE,
            SqlKind.SINGLE_VALUE,
            SqlKind.LITERAL_AGG);

    public VecAggregate(
            RelOptCluster cluster,
            RelTraitSet traitSet,
            RelNode input,
            ImmutableBitSet groupSet,
            List<ImmutableBitSet> groupSets,
            List<AggregateCall> aggCalls) {
        super(cluster, traitSet, List.of(), input, groupSet, groupSets, aggCalls);
    }

    @Override
    public Aggregate copy(
            RelTraitSet traitSet,
            RelNode input,
            ImmutableBitSet groupSet,
            List<ImmutableBitSet> groupSets,
            List<AggregateCall> aggCalls) {
        return new VecAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggCalls);
    }

    /** What in {@code aggregate} the runtime cannot compute, for the error message; null when it can. */
    public static String unsupported(Aggregate aggregate) {
        if (aggregate.getGroupType() != Group.SIMPLE) {
            return "GROUPING SETS, ROLLUP and CUBE";
        }
        for (AggregateCall call : aggregate.getAggCallList()) {
            boolean python = call.getAggregation() instanceof PythonAggregateSqlFunction;
            BuiltinFunction builtin = BuiltinFunctions.forOperator(call.getAggregation());
            boolean kernel = builtin != null && builtin.hasAggregateKernel() || IntervalAvg.averagesIntervals(call);
            if (!python && !kernel && !SUPPORTED.contains(call.getAggregation().getKind())) {
                return "aggregate function " + call.getAggregation().getName();
            }
            if (call.isDistinct()) {
                return "aggregate function " + call.getAggregation().getName() + "(DISTINCT …) in this combination";
            }
        }
        return null;
    }
}
