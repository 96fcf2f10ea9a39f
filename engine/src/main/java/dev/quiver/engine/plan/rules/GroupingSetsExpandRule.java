package dev.quiver.engine.plan.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A GROUP BY with grouping sets (ROLLUP, CUBE) whose aggregates roll up (SUM, COUNT, MIN, MAX,
 * GROUPING) → one GROUP BY of all its keys, its rows repeated once per grouping set with the keys
 * outside that set NULLed and the set's number as one more key, then a GROUP BY of those. Calcite's
 * alternative, a UNION ALL of one GROUP BY per set, computes the input once per set: TPC-DS q14a
 * (a ROLLUP over a union of three channels, each with subqueries) and q22 (a ROLLUP over an
 * inventory join) paid that five times.
 *
 * <p>The first GROUP BY's result gets one more row that changes no aggregate (NULL keys and sums,
 * a count of 0) and a marker column (1 on the real rows): the empty grouping set gives its one row
 * even over no input, and the groups of the other sets that only that row made are dropped.
 */
public final class GroupingSetsExpandRule extends RelRule<RuleConfig> {
    private static final Set<SqlKind> ROLLING_UP =
            EnumSet.of(SqlKind.SUM, SqlKind.SUM0, SqlKind.COUNT, SqlKind.MIN, SqlKind.MAX, SqlKind.GROUPING);

    GroupingSetsExpandRule(RuleConfig config) {
        super(config);
    }

    static GroupingSetsExpandRule create() {
        return (GroupingSetsExpandRule) RuleConfig.of(
                        "GroupingSetsExpandRule",
                        aggregate -> aggregate
                                .operand(Aggregate.class)
                                .predicate(GroupingSetsExpandRule::applies)
                                .anyInputs(),
                        GroupingSetsExpandRule::new)
                .toRule();
    }

    /** Whether {@code aggregate} has several grouping sets and only aggregates that roll up. */
    public static boolean applies(Aggregate aggregate) {
        if (aggregate.getGroupType() == Aggregate.Group.SIMPLE
                || aggregate.getGroupSets().size() < 2) {
            return false;
        }
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (!ROLLING_UP.contains(call.getAggregation().getKind())
                    || call.isDistinct()
                    || call.hasFilter()
                    || call.isApproximate()
                    || !call.collation.getFieldCollations().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        RelBuilder builder = call.builder();
        RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
        List<Integer> keys = aggregate.getGroupSet().asList();
        int keyCount = keys.size();
        List<ImmutableBitSet> sets = aggregate.getGroupSets();

        // 1. every key, the data aggregates (GROUPING comes from the set number at the end)
        List<AggregateCall> dataCalls = new ArrayList<>();
        for (AggregateCall aggCall : aggregate.getAggCallList()) {
            if (aggCall.getAggregation().getKind() != SqlKind.GROUPING) {
                dataCalls.add(aggCall);
            }
        }
        builder.push(aggregate.getInput());
        builder.aggregate(
                builder.groupKey(aggregate.getGroupSet()),
                dataCalls.stream()
                        .map(aggCall -> builder.aggregateCall(aggCall))
                        .toList());
        RelNode full = builder.build();
        RelDataType fullType = full.getRowType();
        int dataCount = dataCalls.size();

        // 2. the real rows marked 1, one neutral row marked 0
        builder.push(full);
        List<RexNode> marked = new ArrayList<>(builder.fields());
        marked.add(builder.literal(1));
        builder.project(marked);
        List<RexNode> neutral = new ArrayList<>();
        for (int column = 0; column < keyCount; column++) {
            neutral.add(rexBuilder.makeNullLiteral(builder.getTypeFactory()
                    .createTypeWithNullability(
                            fullType.getFieldList().get(column).getType(), true)));
        }
        for (int index = 0; index < dataCount; index++) {
            RelDataType type = fullType.getFieldList().get(keyCount + index).getType();
            neutral.add(
                    dataCalls.get(index).getAggregation().getKind() == SqlKind.COUNT
                            ? rexBuilder.makeExactLiteral(BigDecimal.ZERO, type)
                            : rexBuilder.makeNullLiteral(
                                    builder.getTypeFactory().createTypeWithNullability(type, true)));
        }
        neutral.add(builder.literal(0));
        builder.values(new String[] {"neutral"}, 0);
        builder.project(neutral);
        builder.union(true);

        // 3. repeated once per set: keys outside the set NULLed, the set's number last
        Object[] setNumbers = new Object[sets.size()];
        for (int set = 0; set < sets.size(); set++) {
            setNumbers[set] = set;
        }
        RelNode withNeutral = builder.build();
        builder.values(new String[] {"grouping_set"}, setNumbers);
        builder.push(withNeutral);
        builder.join(JoinRelType.INNER, builder.literal(true));
        // fields: set number, then the keys, the data aggregates, the marker; projected to the
        // keys, the set number, the data aggregates, the marker
        RexNode setNumber = builder.field(0);
        List<RexNode> expanded = new ArrayList<>();
        for (int column = 0; column < keyCount; column++) {
            RexNode key = builder.field(1 + column);
            List<RexNode> setsWithout = new ArrayList<>();
            for (int set = 0; set < sets.size(); set++) {
                if (!sets.get(set).get(keys.get(column))) {
                    setsWithout.add(builder.equals(setNumber, builder.literal(set)));
                }
            }
            expanded.add(
                    setsWithout.isEmpty()
                            ? key
                            : builder.call(
                                    SqlStdOperatorTable.CASE,
                                    builder.or(setsWithout),
                                    rexBuilder.makeNullLiteral(key.getType()),
                                    key));
        }
        expanded.add(setNumber);
        for (int index = 0; index <= dataCount; index++) {
            expanded.add(builder.field(1 + keyCount + index));
        }
        builder.project(expanded);

        // 4. the sets' groups; the rolled-up aggregates and the count of real rows
        List<RelBuilder.AggCall> rolled = new ArrayList<>();
        for (int index = 0; index < dataCount; index++) {
            AggregateCall aggCall = dataCalls.get(index);
            RexNode column = builder.field(keyCount + 1 + index);
            rolled.add(
                    switch (aggCall.getAggregation().getKind()) {
                        case COUNT, SUM0 -> builder.aggregateCall(SqlStdOperatorTable.SUM0, column);
                        case SUM -> builder.sum(column);
                        case MIN -> builder.min(column);
                        default -> builder.max(column);
                    });
        }
        rolled.add(builder.aggregateCall(SqlStdOperatorTable.SUM0, builder.field(keyCount + 1 + dataCount)));
        builder.aggregate(builder.groupKey(ImmutableBitSet.range(keyCount + 1)), rolled);
        // groups only the neutral row made (keys NULL, no real row), except the empty set's
        List<RexNode> keep = new ArrayList<>();
        keep.add(builder.greaterThan(builder.field(keyCount + 1 + dataCount), builder.literal(0)));
        for (int set = 0; set < sets.size(); set++) {
            if (sets.get(set).isEmpty()) {
                keep.add(builder.equals(builder.field(keyCount), builder.literal(set)));
            }
        }
        builder.filter(builder.or(keep));

        // 5. the aggregate's columns, GROUPING from the set number
        List<RexNode> output = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        aggregate.getRowType().getFieldList().forEach(field -> types.add(field.getType()));
        for (int column = 0; column < keyCount; column++) {
            output.add(rexBuilder.ensureType(types.get(column), builder.field(column), true));
        }
        int dataIndex = 0;
        for (AggregateCall aggCall : aggregate.getAggCallList()) {
            RelDataType type = types.get(output.size());
            if (aggCall.getAggregation().getKind() == SqlKind.GROUPING) {
                output.add(rexBuilder.ensureType(type, grouping(aggCall, keys, sets, builder), true));
            } else {
                output.add(rexBuilder.ensureType(type, builder.field(keyCount + 1 + dataIndex++), true));
            }
        }
        builder.project(output, aggregate.getRowType().getFieldNames(), true);
        call.transformTo(builder.build());
    }

    /** GROUPING(a, b, …) per set number: bit i set (from the left) when argument i is not in the set. */
    private static RexNode grouping(
            AggregateCall aggCall, List<Integer> keys, List<ImmutableBitSet> sets, RelBuilder builder) {
        int keyCount = keys.size();
        RexNode setNumber = builder.field(keyCount);
        List<RexNode> caseOperands = new ArrayList<>();
        for (int set = 0; set < sets.size(); set++) {
            long value = 0;
            for (int argument : aggCall.getArgList()) {
                value = (value << 1) | (sets.get(set).get(argument) ? 0 : 1);
            }
            caseOperands.add(builder.equals(setNumber, builder.literal(set)));
            caseOperands.add(builder.literal(value));
        }
        caseOperands.add(builder.literal(0L));
        return builder.call(SqlStdOperatorTable.CASE, caseOperands);
    }
}
