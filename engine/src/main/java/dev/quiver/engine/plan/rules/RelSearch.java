package dev.quiver.engine.plan.rules;

import java.util.function.Predicate;
import org.apache.calcite.rel.RelNode;

/** Whether a plan holds an operator of some kind: the cheap test that decides if a rule's pass runs. */
final class RelSearch {
    private RelSearch() {}

    /** Whether {@code rel} or an operator below it (through Hep's vertices) passes {@code test}. */
    static boolean any(RelNode rel, Predicate<RelNode> test) {
        if (test.test(rel)) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (any(input.stripped(), test)) {
                return true;
            }
        }
        return false;
    }
}
