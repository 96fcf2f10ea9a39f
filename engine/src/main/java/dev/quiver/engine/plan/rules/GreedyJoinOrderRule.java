package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders an inner {@link MultiJoin} greedily (Fegaras' "greedy operator ordering"): while more
 * than one subtree is left, join the two connected by a condition whose result is estimated
 * smallest. Trees may be bushy — (lineitem ⋈ supplier ⋈ nation ⋈ region) ⋈ (orders ⋈ customer)
 * — which a left-deep order cannot express. Two subtrees without a condition between them are
 * joined only when no connected pair is left (the smallest two, a cross product).
 *
 * <p>Result sizes come from the cluster's metadata, so they rest on table row counts and
 * per-column distinct counts ({@code plan.metadata}): joining two dimension tables on a
 * low-cardinality column (customer and supplier on nation) is estimated as large as it is.
 *
 * <p>MultiJoins with outer joins are left to Calcite's LoptOptimizeJoinRule.
 */
public final class GreedyJoinOrderRule extends RelRule<RuleConfig> {
    GreedyJoinOrderRule(RuleConfig config) {
        super(config);
    }

    static GreedyJoinOrderRule create() {
        return (GreedyJoinOrderRule) RuleConfig.of(
                        "GreedyJoinOrderRule",
                        multi -> multi.operand(MultiJoin.class)
                                .predicate(GreedyJoinOrderRule::allInner)
                                .anyInputs(),
                        GreedyJoinOrderRule::new)
                .toRule();
    }

    private static boolean allInner(MultiJoin join) {
        return !join.isFullOuterJoin()
                && join.getJoinTypes().stream().allMatch(type -> type == JoinRelType.INNER)
                && join.getOuterJoinConditions().stream().allMatch(condition -> condition == null);
    }

    /** A joined subtree: which inputs of the MultiJoin it holds and where their fields are. */
    private record Subtree(RelNode rel, ImmutableBitSet factors, int[] position) {}

    /** A conjunct of the join condition, over the MultiJoin's fields, and the inputs it reads. */
    private record Conjunct(RexNode condition, ImmutableBitSet factors) {}

    @Override
    public void onMatch(RelOptRuleCall call) {
        MultiJoin join = call.rel(0);
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        RelMetadataQuery mq = call.getMetadataQuery();
        List<RelNode> inputs = join.getInputs();
        int fieldCount = join.getRowType().getFieldCount();
        int[] factorOfField = new int[fieldCount];
        int[] offsets = new int[inputs.size()];
        for (int factor = 0, field = 0; factor < inputs.size(); factor++) {
            offsets[factor] = field;
            for (int column = 0; column < inputs.get(factor).getRowType().getFieldCount(); column++) {
                factorOfField[field++] = factor;
            }
        }
        List<Conjunct> pending = new ArrayList<>();
        List<RexNode> everywhere = new ArrayList<>();
        List<RexNode> conditions = new ArrayList<>(RelOptUtil.conjunctions(join.getJoinFilter()));
        if (join.getPostJoinFilter() != null) {
            conditions.addAll(RelOptUtil.conjunctions(join.getPostJoinFilter()));
        }
        for (RexNode condition : conditions) {
            if (condition.isAlwaysTrue()) {
                continue;
            }
            ImmutableBitSet.Builder factors = ImmutableBitSet.builder();
            RelOptUtil.InputFinder.bits(condition).forEach(field -> factors.set(factorOfField[field]));
            ImmutableBitSet read = factors.build();
            if (read.isEmpty()) {
                everywhere.add(condition); // constant: a filter on top
            } else {
                pending.add(new Conjunct(condition, read));
            }
        }

        List<Subtree> subtrees = new ArrayList<>();
        for (int factor = 0; factor < inputs.size(); factor++) {
            int[] position = new int[fieldCount];
            java.util.Arrays.fill(position, -1);
            int width = inputs.get(factor).getRowType().getFieldCount();
            for (int column = 0; column < width; column++) {
                position[offsets[factor] + column] = column;
            }
            Subtree leaf = new Subtree(inputs.get(factor), ImmutableBitSet.of(factor), position);
            List<RexNode> own = take(pending, leaf.factors());
            subtrees.add(
                    own.isEmpty()
                            ? leaf
                            : new Subtree(
                                    LogicalFilter.create(leaf.rel(), rewrite(rexBuilder, own, leaf, null)),
                                    leaf.factors(),
                                    position));
        }

        // the estimated rows of joining two subtrees, by their factors in list order: a pair that
        // survives a round keeps its subtrees, its connecting conditions and so its estimate (each
        // candidate is a new rel, which the metadata cache does not know), so each pair is estimated once
        Map<List<ImmutableBitSet>, Double> candidateRows = new HashMap<>();
        while (subtrees.size() > 1) {
            Subtree bestLeft = null;
            Subtree bestRight = null;
            double bestRows = Double.MAX_VALUE;
            for (int first = 0; first < subtrees.size(); first++) {
                for (int second = first + 1; second < subtrees.size(); second++) {
                    Subtree a = subtrees.get(first);
                    Subtree b = subtrees.get(second);
                    ImmutableBitSet both = a.factors().union(b.factors());
                    List<RexNode> connecting = matching(pending, both);
                    if (connecting.isEmpty()) {
                        continue;
                    }
                    // the larger input on the left: the probe side, by the physical builder's convention
                    boolean swap = rows(mq, a.rel()) < rows(mq, b.rel());
                    Subtree left = swap ? b : a;
                    Subtree right = swap ? a : b;
                    double rows = candidateRows.computeIfAbsent(
                            List.of(a.factors(), b.factors()),
                            pair -> rows(
                                    mq,
                                    joined(rexBuilder, left, right, connecting).rel()));
                    if (rows < bestRows) {
                        bestRows = rows;
                        bestLeft = left;
                        bestRight = right;
                    }
                }
            }
            if (bestLeft == null) { // no conditions between what is left: cross the two smallest
                subtrees.sort(java.util.Comparator.comparingDouble(subtree -> rows(mq, subtree.rel())));
                bestRight = subtrees.get(0);
                bestLeft = subtrees.get(1);
            }
            List<RexNode> connecting = take(pending, bestLeft.factors().union(bestRight.factors()));
            subtrees.remove(bestLeft);
            subtrees.remove(bestRight);
            subtrees.add(joined(rexBuilder, bestLeft, bestRight, connecting));
        }

        Subtree all = subtrees.get(0);
        RelNode result = all.rel();
        everywhere.addAll(pending.stream().map(Conjunct::condition).toList()); // none expected: every factor is placed
        if (!everywhere.isEmpty()) {
            result = LogicalFilter.create(result, rewrite(rexBuilder, everywhere, all, null));
        }
        List<RexNode> fields = new ArrayList<>(fieldCount);
        List<String> names = new ArrayList<>(fieldCount);
        for (RelDataTypeField field : join.getRowType().getFieldList()) {
            fields.add(rexBuilder.makeInputRef(result, all.position()[field.getIndex()]));
            names.add(field.getName());
        }
        call.transformTo(
                call.builder().push(result).project(fields, names, true).build());
    }

    private static double rows(RelMetadataQuery mq, RelNode rel) {
        Double rows = mq.getRowCount(rel);
        return rows == null ? Double.MAX_VALUE : rows;
    }

    /** An inner join of two subtrees on {@code conditions} (over the MultiJoin's fields). */
    private static Subtree joined(RexBuilder rexBuilder, Subtree left, Subtree right, List<RexNode> conditions) {
        int leftWidth = left.rel().getRowType().getFieldCount();
        int[] position = left.position().clone();
        for (int field = 0; field < position.length; field++) {
            if (right.position()[field] >= 0) {
                position[field] = leftWidth + right.position()[field];
            }
        }
        RexNode condition =
                conditions.isEmpty() ? rexBuilder.makeLiteral(true) : rewrite(rexBuilder, conditions, left, right);
        RelNode rel = LogicalJoin.create(
                left.rel(), right.rel(), List.of(), condition, java.util.Set.of(), JoinRelType.INNER);
        return new Subtree(rel, left.factors().union(right.factors()), position);
    }

    /** The conjunction of {@code conditions} over the fields of {@code left} then {@code right}. */
    private static RexNode rewrite(RexBuilder rexBuilder, List<RexNode> conditions, Subtree left, Subtree right) {
        int leftWidth = left.rel().getRowType().getFieldCount();
        RexShuttle shuttle = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                int index = left.position()[ref.getIndex()];
                if (index < 0) {
                    index = leftWidth + right.position()[ref.getIndex()];
                }
                return new RexInputRef(index, ref.getType());
            }
        };
        return RexUtil.composeConjunction(
                rexBuilder, conditions.stream().map(c -> c.accept(shuttle)).toList());
    }

    /** The pending conjuncts that read only inputs of {@code factors}, and more than one of them. */
    private static List<RexNode> matching(List<Conjunct> pending, ImmutableBitSet factors) {
        List<RexNode> found = new ArrayList<>();
        for (Conjunct conjunct : pending) {
            if (factors.contains(conjunct.factors())) {
                found.add(conjunct.condition());
            }
        }
        return found;
    }

    /** Removes and returns the pending conjuncts that read only inputs of {@code factors}. */
    private static List<RexNode> take(List<Conjunct> pending, ImmutableBitSet factors) {
        List<RexNode> taken = matching(pending, factors);
        pending.removeIf(conjunct -> factors.contains(conjunct.factors()));
        return taken;
    }
}
