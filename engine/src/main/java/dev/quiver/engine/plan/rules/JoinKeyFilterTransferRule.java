package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * A join on {@code a = b} where one input is known to hold only some values of {@code a} (a
 * comparison of {@code a} with a constant holds for every row it gives: {@code a = 2000}, {@code a
 * IN (…)}, {@code a > 5}) → the same condition on {@code b}, as a filter on the other input, when
 * that cannot change the join's result: the other input's rows it removes match no row anyway.
 * The filter then travels down that input like any other — through its GROUP BY on {@code b},
 * into the join that gives {@code b} — so work that could never meet the first input is not done.
 * TPC-DS q78 aggregates store sales of 2000 and joins them on (year, item, customer) with
 * aggregated web and catalog sales of every year: each side now aggregates only 2000's rows.
 *
 * <p>What the inputs hold comes from Calcite's pulled-up predicates ({@link
 * RelMetadataQuery#getPulledUpPredicates}), which see through projections, filters, joins and
 * GROUP BY keys. Directions: inner and semi joins both ways; a LEFT or ANTI join only from the
 * left input to the right (its left rows all stay, matched or not), a RIGHT join only from right
 * to left; never a FULL join. Only keys compared column to column with the same type.
 *
 * <p>Does nothing when the other input already holds the condition (also as a filter it put
 * there before), so a pass runs to a fixed point.
 */
public final class JoinKeyFilterTransferRule extends RelRule<RuleConfig> {
    JoinKeyFilterTransferRule(RuleConfig config) {
        super(config);
    }

    static JoinKeyFilterTransferRule create() {
        return (JoinKeyFilterTransferRule) RuleConfig.of(
                        "JoinKeyFilterTransferRule",
                        join -> join.operand(Join.class)
                                .predicate(candidate -> candidate.getJoinType() != JoinRelType.FULL)
                                .anyInputs(),
                        JoinKeyFilterTransferRule::new)
                .toRule();
    }

    /** Whether {@code rel} holds a join with a column-to-column equality in its condition. */
    public static boolean applies(RelNode rel) {
        return RelSearch.any(
                rel,
                node -> node instanceof Join join
                        && join.getJoinType() != JoinRelType.FULL
                        && !keyPairs(join).isEmpty());
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join join = call.rel(0);
        List<int[]> pairs = keyPairs(join);
        if (pairs.isEmpty()) {
            return;
        }
        JoinRelType type = join.getJoinType();
        boolean toRight = type != JoinRelType.RIGHT;
        boolean toLeft = type == JoinRelType.INNER || type == JoinRelType.SEMI || type == JoinRelType.RIGHT;
        RelMetadataQuery metadata = call.getMetadataQuery();
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        RelOptPredicateList leftKnown = metadata.getPulledUpPredicates(join.getLeft());
        RelOptPredicateList rightKnown = metadata.getPulledUpPredicates(join.getRight());
        List<RexNode> forRight = new ArrayList<>();
        List<RexNode> forLeft = new ArrayList<>();
        for (int[] pair : pairs) {
            int left = pair[0];
            int right = pair[1] - leftWidth;
            if (toRight) {
                transfer(leftKnown, left, right, rightKnown, join.getRight(), rexBuilder, forRight);
            }
            if (toLeft) {
                transfer(rightKnown, right, left, leftKnown, join.getLeft(), rexBuilder, forLeft);
            }
        }
        if (forLeft.isEmpty() && forRight.isEmpty()) {
            return;
        }
        RelNode newLeft = forLeft.isEmpty()
                ? join.getLeft()
                : LogicalFilter.create(join.getLeft(), RexUtil.composeConjunction(rexBuilder, forLeft));
        RelNode newRight = forRight.isEmpty()
                ? join.getRight()
                : LogicalFilter.create(join.getRight(), RexUtil.composeConjunction(rexBuilder, forRight));
        call.transformTo(
                join.copy(join.getTraitSet(), join.getCondition(), newLeft, newRight, type, join.isSemiJoinDone()));
    }

    /**
     * Adds to {@code out} each of {@code known}'s constant conditions on column {@code from}, moved
     * to column {@code to} of the other input, unless that input ({@code target}, whose conditions
     * are {@code targetKnown}) holds it already.
     */
    private static void transfer(
            RelOptPredicateList known,
            int from,
            int to,
            RelOptPredicateList targetKnown,
            RelNode target,
            RexBuilder rexBuilder,
            List<RexNode> out) {
        Set<RexNode> held = new HashSet<>(targetKnown.pulledUpPredicates);
        if (target.stripped() instanceof Filter filter) {
            held.addAll(RelOptUtil.conjunctions(filter.getCondition()));
        }
        for (RexNode predicate : known.pulledUpPredicates) {
            if (!constantCondition(predicate, from)) {
                continue;
            }
            RexNode moved = predicate.accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return rexBuilder.makeInputRef(
                            target.getRowType().getFieldList().get(to).getType(), to);
                }
            });
            if (moved.getKind() == SqlKind.IS_NOT_DISTINCT_FROM) {
                // a projected constant's condition: on a join key, where NULL never matches, it is =
                moved = rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, ((RexCall) moved).getOperands());
            }
            if (!held.contains(moved) && !out.contains(moved)) {
                out.add(moved);
            }
        }
    }

    /**
     * Whether {@code predicate} compares column {@code column} alone with constants: {@code =},
     * {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=} with a constant expression (a literal,
     * maybe cast), or SEARCH (IN lists, ranges); IS NOT DISTINCT FROM a constant that is not NULL
     * (how Calcite describes a column a projection fills with a constant) counts as {@code =}. IS NOT NULL is left out: the join drops NULL keys itself.
     */
    private static boolean constantCondition(RexNode predicate, int column) {
        if (!(predicate instanceof RexCall call) || !RexUtil.isDeterministic(predicate)) {
            return false;
        }
        boolean comparison = switch (call.getKind()) {
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL, SEARCH -> true;
            // how a projected constant's column is described: = for a constant that is not NULL
            case IS_NOT_DISTINCT_FROM ->
                call.getOperands().stream().noneMatch(operand -> RexUtil.isNullLiteral(operand, true));
            default -> false;
        };
        if (!comparison || call.getOperands().size() != 2) {
            return false;
        }
        RexNode first = call.getOperands().get(0);
        RexNode second = call.getOperands().get(1);
        return (isColumn(first, column) && RexUtil.isConstant(second))
                || (call.getKind() != SqlKind.SEARCH && isColumn(second, column) && RexUtil.isConstant(first));
    }

    private static boolean isColumn(RexNode node, int column) {
        return node instanceof RexInputRef ref && ref.getIndex() == column;
    }

    /**
     * The (left column, right column as a join field) pairs the join's condition equates, plain
     * columns of the same type (nullability aside) on each side.
     */
    private static List<int[]> keyPairs(Join join) {
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        List<int[]> pairs = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
            if (conjunct.getKind() != SqlKind.EQUALS
                    || !(((RexCall) conjunct).getOperands().get(0) instanceof RexInputRef first)
                    || !(((RexCall) conjunct).getOperands().get(1) instanceof RexInputRef second)) {
                continue;
            }
            int left = Math.min(first.getIndex(), second.getIndex());
            int right = Math.max(first.getIndex(), second.getIndex());
            if (left >= leftWidth
                    || right < leftWidth
                    || !first.getType().getSqlTypeName().equals(second.getType().getSqlTypeName())
                    || !first.getType().equalsSansFieldNames(second.getType()) && !nullabilityOnly(first, second)) {
                continue;
            }
            pairs.add(new int[] {left, right});
        }
        return pairs;
    }

    private static boolean nullabilityOnly(RexInputRef first, RexInputRef second) {
        return first.getType().getPrecision() == second.getType().getPrecision()
                && first.getType().getScale() == second.getType().getScale();
    }
}
