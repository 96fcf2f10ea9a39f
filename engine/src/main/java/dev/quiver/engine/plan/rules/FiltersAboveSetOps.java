package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Finds the filters that a WITH query referenced several times leaves stranded: after the
 * simplification pass a filter on one reference of a CTE sits above the CTE's UNION ALL or
 * GROUP BY (TPC-DS q4/q11/q74 filter {@code sale_type = 's' AND dyear = 2001} above a union of
 * three per-channel aggregates). Pushed below them it empties the branches whose constant
 * {@code sale_type} contradicts it and reaches the date filter of the others; the pass that does
 * that costs planning time, so it runs only for plans this finds something in.
 */
public final class FiltersAboveSetOps {
    private FiltersAboveSetOps() {}

    /**
     * Whether some filter of {@code rel} stands directly on a set operation, or on a plain GROUP BY
     * with a conjunct over group keys only.
     */
    public static boolean present(RelNode rel) {
        if (rel instanceof Filter filter && pushable(filter, filter.getInput().stripped())) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (present(input.stripped())) {
                return true;
            }
        }
        return false;
    }

    private static boolean pushable(Filter filter, RelNode input) {
        if (input instanceof SetOp) {
            return true;
        }
        if (input instanceof Aggregate aggregate && aggregate.getGroupType() == Aggregate.Group.SIMPLE) {
            ImmutableBitSet groupColumns = ImmutableBitSet.range(aggregate.getGroupCount());
            for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
                ImmutableBitSet used = RelOptUtil.InputFinder.bits(conjunct);
                if (!used.isEmpty() && groupColumns.contains(used)) {
                    return true;
                }
            }
        }
        return false;
    }
}
