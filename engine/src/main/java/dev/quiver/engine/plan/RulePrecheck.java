package dev.quiver.engine.plan;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.RelNode;

/**
 * Whether a Hep pass can change a plan at all: a rule fires only on an operator that its root
 * operand matches (class, trait and predicate), and a pass in which no rule fires creates nothing
 * new for another rule to match. A walk over the plan costs a few microseconds; a HepPlanner
 * that finds nothing still copies the plan into its graph and out again (~0.1–0.5 ms for a TPC-H
 * plan), and a statement runs a dozen passes.
 */
final class RulePrecheck {
    private RulePrecheck() {}

    /** Whether the root operand of some rule of {@code rules} matches some operator of {@code plan}. */
    static boolean anyMatches(RelNode plan, List<RelOptRule> rules) {
        // a plan may share a subtree (a CTE read twice): visit each operator once
        Set<RelNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<RelNode> pending = new ArrayDeque<>();
        pending.push(plan);
        while (!pending.isEmpty()) {
            RelNode rel = pending.pop().stripped();
            if (!seen.add(rel)) {
                continue;
            }
            for (RelOptRule rule : rules) {
                if (rule.getOperand().matches(rel)) {
                    return true;
                }
            }
            for (RelNode input : rel.getInputs()) {
                pending.push(input);
            }
        }
        return false;
    }
}
