package dev.quiver.engine.plan.metadata;

import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.metadata.RelMdPredicates;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Pulled-up predicates that the physical (Volcano) phase does not look for: none for a set of
 * equivalent operators. Calcite's handler answers with the predicates of the set's best or first
 * operator, inferred anew through every join below it; the physical phase asks for them only to
 * cost each aggregate (an aggregate whose group keys are all constant has one row), which the
 * rewrite phase has already folded, and the inference was ~6 % of TPC-H Q2/Q7/Q8's planning
 * CPU. Other operators keep Calcite's rules.
 */
public class SubsetPredicates extends RelMdPredicates {
    @Override
    public RelOptPredicateList getPredicates(RelSubset subset, RelMetadataQuery mq) {
        return RelOptPredicateList.EMPTY;
    }
}
