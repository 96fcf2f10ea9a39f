package dev.quiver.engine.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * The calls a projection computes more than once, hoisted so the runtime computes each once per
 * batch ({@link dev.quiver.engine.exec.operator.project.ProjectOperator}'s shared expressions).
 *
 * <p>Only calls every row evaluates are counted and replaced: the search descends from each
 * projected expression through arithmetic, casts and comparisons alone, never into CASE,
 * COALESCE, AND or OR, whose operands may run on some rows only — computing {@code a / b} on all
 * rows because {@code CASE WHEN b <> 0 THEN a / b END} contains it would raise an error the query
 * never had. Non-deterministic calls and constants are never shared. Stateless.
 */
final class SharedSubexpressions {
    /** Calls whose operands are evaluated on every row the call is. */
    private static final Set<SqlKind> STRICT = Set.of(
            SqlKind.PLUS,
            SqlKind.MINUS,
            SqlKind.TIMES,
            SqlKind.DIVIDE,
            SqlKind.MINUS_PREFIX,
            SqlKind.CAST,
            SqlKind.EQUALS,
            SqlKind.NOT_EQUALS,
            SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL);

    private SharedSubexpressions() {}

    /**
     * The projection split in two.
     *
     * @param shared calls over the input columns, to be appended to them as columns
     *     {@code inputWidth}, {@code inputWidth + 1}, …
     * @param projects the projected expressions reading those columns instead of the calls
     */
    record Split(List<RexNode> shared, List<RexNode> projects) {}

    /** Splits {@code projects} over {@code inputWidth} input columns; nothing shared if no call repeats. */
    static Split of(List<RexNode> projects, int inputWidth) {
        Map<RexNode, Integer> counts = new HashMap<>();
        for (RexNode project : projects) {
            count(project, counts);
        }
        if (counts.values().stream().noneMatch(count -> count > 1)) {
            return new Split(List.of(), projects);
        }
        Map<RexNode, RexInputRef> hoisted = new LinkedHashMap<>();
        RexShuttle replace = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (counts.getOrDefault(call, 0) > 1) {
                    return hoisted.computeIfAbsent(
                            call, key -> new RexInputRef(inputWidth + hoisted.size(), key.getType()));
                }
                return STRICT.contains(call.getKind()) ? super.visitCall(call) : call;
            }
        };
        List<RexNode> rewritten = new ArrayList<>(projects.size());
        for (RexNode project : projects) {
            rewritten.add(project.accept(replace));
        }
        return new Split(List.copyOf(hoisted.keySet()), rewritten);
    }

    /** Counts the shareable calls of {@code node} reached through strict calls only. */
    private static void count(RexNode node, Map<RexNode, Integer> counts) {
        if (!(node instanceof RexCall call)) {
            return;
        }
        if (RexUtil.isDeterministic(call) && !RexUtil.isConstant(call)) {
            counts.merge(call, 1, Integer::sum);
        }
        if (STRICT.contains(call.getKind())) {
            for (RexNode operand : call.getOperands()) {
                count(operand, counts);
            }
        }
    }
}
