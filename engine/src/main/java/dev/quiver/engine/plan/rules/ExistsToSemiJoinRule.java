package dev.quiver.engine.plan.rules;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * {@code Filter(… AND [NOT] EXISTS(Filter(p(inner, $cor)) over inner))} → a SEMI (ANTI) join of
 * the filter's input with {@code inner} on {@code p}, the correlated columns becoming left columns.
 *
 * <p>Why: Calcite decorrelates a correlation that is not an equality ({@code l2.l_suppkey <>
 * l1.l_suppkey}, TPC-H Q21) by joining the subquery with every distinct outer value and joining
 * that back, which computes the outer query three times over; a semi/anti join whose condition
 * has a non-equi remainder is one hash join. Only top-level conjuncts, and only subqueries whose
 * correlation is confined to one filter directly under optional projections, are rewritten; the
 * rest is left to the general decorrelation. NOT EXISTS is exactly an anti join: a right row whose
 * condition is NULL does not count as a match in either.
 */
public final class ExistsToSemiJoinRule extends RelRule<RuleConfig> {
    ExistsToSemiJoinRule(RuleConfig config) {
        super(config);
    }

    static ExistsToSemiJoinRule create() {
        return (ExistsToSemiJoinRule) RuleConfig.of(
                        "ExistsToSemiJoinRule",
                        filter -> filter.operand(Filter.class)
                                .predicate(RexUtil.SubQueryFinder::containsSubQuery)
                                .anyInputs(),
                        ExistsToSemiJoinRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        Set<CorrelationId> variables = filter.getVariablesSet();
        RelNode input = filter.getInput();
        int leftWidth = input.getRowType().getFieldCount();
        List<RexNode> rest = new ArrayList<>();
        List<JoinRelType> types = new ArrayList<>();
        List<RelNode> inners = new ArrayList<>();
        List<RexNode> conditions = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            boolean negated = conjunct.isA(SqlKind.NOT);
            RexNode operand = negated ? ((RexCall) conjunct).getOperands().getFirst() : conjunct;
            if (operand instanceof RexSubQuery subQuery && subQuery.isA(SqlKind.EXISTS)) {
                Filter correlated = correlatedFilter(subQuery.rel, variables);
                List<RexNode> local = new ArrayList<>();
                List<RexNode> joining = new ArrayList<>();
                if (correlated != null) {
                    // conjuncts of the inner rows alone filter them before the join
                    for (RexNode part : RelOptUtil.conjunctions(correlated.getCondition())) {
                        (RexUtil.containsCorrelation(part) ? joining : local).add(part);
                    }
                }
                RexNode condition = correlated == null
                        ? null
                        : joinCondition(
                                RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), joining),
                                variables,
                                leftWidth,
                                input);
                if (condition != null) {
                    types.add(negated ? JoinRelType.ANTI : JoinRelType.SEMI);
                    inners.add(
                            local.isEmpty()
                                    ? correlated.getInput()
                                    : correlated.copy(
                                            correlated.getTraitSet(),
                                            correlated.getInput(),
                                            RexUtil.composeConjunction(
                                                    filter.getCluster().getRexBuilder(), local)));
                    conditions.add(condition);
                    continue;
                }
            }
            rest.add(conjunct);
        }
        if (types.isEmpty()) {
            return;
        }
        RelNode result = input;
        if (!rest.isEmpty()) { // below the joins: semi and anti joins output only these columns
            RexNode remaining = RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), rest);
            // the correlation stays declared only while a subquery still uses it
            result = LogicalFilter.create(
                    result,
                    remaining,
                    RexUtil.SubQueryFinder.find(remaining) == null
                            ? ImmutableSet.of()
                            : ImmutableSet.copyOf(variables));
        }
        for (int index = 0; index < types.size(); index++) {
            result = LogicalJoin.create(
                    result, inners.get(index), List.of(), conditions.get(index), Set.of(), types.get(index));
        }
        call.transformTo(result);
    }

    /**
     * The filter of a subquery {@code [Project…] Filter(condition) over inner} whose only
     * correlation is to {@code variables}, in that condition; null for any other shape.
     */
    private static Filter correlatedFilter(RelNode subQuery, Set<CorrelationId> variables) {
        RelNode rel = subQuery;
        while (rel instanceof Project project) {
            for (RexNode expression : project.getProjects()) {
                if (RexUtil.containsCorrelation(expression)) {
                    return null;
                }
            }
            rel = project.getInput();
        }
        if (!(rel instanceof Filter filter)
                || RexUtil.SubQueryFinder.containsSubQuery(filter)
                || !RelOptUtil.getVariablesUsed(filter.getInput()).isEmpty()
                || !variables.containsAll(RelOptUtil.getVariablesUsed(filter))) {
            return null;
        }
        return filter;
    }

    /**
     * The subquery's condition over the outer columns then the inner ones: {@code $cor.field}
     * becomes left column {@code field}, inner column {@code i} becomes {@code leftWidth + i}; null
     * if a correlation variable is used other than through a field of the outer row.
     */
    private static RexNode joinCondition(
            RexNode condition, Set<CorrelationId> variables, int leftWidth, RelNode outer) {
        boolean[] unsupported = {false};
        RexNode rewritten = condition.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(leftWidth + ref.getIndex(), ref.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable variable
                        && variables.contains(variable.id)
                        && variable.getType().getFieldCount() == leftWidth) {
                    int field = access.getField().getIndex();
                    if (!outer.getRowType().getFieldList().get(field).getType().equals(access.getType())) {
                        unsupported[0] = true;
                    }
                    return new RexInputRef(field, access.getType());
                }
                return super.visitFieldAccess(access);
            }

            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                unsupported[0] = true; // the whole outer row, not one field of it
                return variable;
            }
        });
        return unsupported[0] ? null : rewritten;
    }
}
