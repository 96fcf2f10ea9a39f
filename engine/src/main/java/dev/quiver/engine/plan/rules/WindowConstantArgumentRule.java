package dev.quiver.engine.plan.rules;

import dev.quiver.engine.function.PythonAggregateSqlFunction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;

/**
 * A window aggregate over a constant ({@code sum(5) OVER ()}, {@code count(1) OVER (…)}) → the same
 * window over its input with that constant appended as a column, the column dropped above. The
 * window operator aggregates columns only; a constant reaches it as a reference past the input
 * (to the window's constants), which only the offsets and counts of lag, lead, ntile and
 * nth_value may be.
 */
public final class WindowConstantArgumentRule extends RelRule<RuleConfig> {
    /** The aggregates whose every argument the window operator reads as a column. */
    private static final Set<SqlKind> COLUMN_AGGREGATES = EnumSet.of(
            SqlKind.COUNT,
            SqlKind.SUM,
            SqlKind.SUM0,
            SqlKind.AVG,
            SqlKind.MIN,
            SqlKind.MAX,
            SqlKind.VAR_POP,
            SqlKind.VAR_SAMP,
            SqlKind.STDDEV_POP,
            SqlKind.STDDEV_SAMP);

    WindowConstantArgumentRule(RuleConfig config) {
        super(config);
    }

    static WindowConstantArgumentRule create() {
        return (WindowConstantArgumentRule) RuleConfig.of(
                        "WindowConstantArgumentRule",
                        window -> window.operand(LogicalWindow.class)
                                .predicate(WindowConstantArgumentRule::hasConstantArgument)
                                .anyInputs(),
                        WindowConstantArgumentRule::new)
                .toRule();
    }

    private static boolean hasConstantArgument(Window window) {
        int inputCount = window.getInput().getRowType().getFieldCount();
        for (Window.Group group : window.groups) {
            for (Window.RexWinAggCall call : group.aggCalls) {
                if (readsColumns(call)) {
                    for (RexNode operand : call.getOperands()) {
                        if (operand instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean readsColumns(Window.RexWinAggCall call) {
        return call.getOperator() instanceof PythonAggregateSqlFunction
                || COLUMN_AGGREGATES.contains(call.getOperator().getKind());
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalWindow window = call.rel(0);
        int inputCount = window.getInput().getRowType().getFieldCount();
        // constant index → the column it becomes, after the input's
        Map<Integer, Integer> columns = new LinkedHashMap<>();
        for (Window.Group group : window.groups) {
            for (Window.RexWinAggCall aggCall : group.aggCalls) {
                if (readsColumns(aggCall)) {
                    for (RexNode operand : aggCall.getOperands()) {
                        if (operand instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
                            columns.putIfAbsent(ref.getIndex() - inputCount, inputCount + columns.size());
                        }
                    }
                }
            }
        }
        int added = columns.size();
        RelBuilder builder = call.builder();
        builder.push(window.getInput());
        List<RexNode> projects = new ArrayList<>(builder.fields());
        columns.keySet().forEach(constant -> projects.add(window.constants.get(constant)));
        RelNode input = builder.project(projects).build();

        // every other reference to a constant moves by the columns added before the constants
        RexShuttle shift = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return ref.getIndex() >= inputCount ? new RexInputRef(ref.getIndex() + added, ref.getType()) : ref;
            }
        };
        List<Window.Group> groups = new ArrayList<>();
        for (Window.Group group : window.groups) {
            List<Window.RexWinAggCall> aggCalls = new ArrayList<>();
            for (Window.RexWinAggCall aggCall : group.aggCalls) {
                List<RexNode> operands = new ArrayList<>();
                for (RexNode operand : aggCall.getOperands()) {
                    if (readsColumns(aggCall) && operand instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
                        operands.add(new RexInputRef(columns.get(ref.getIndex() - inputCount), ref.getType()));
                    } else {
                        operands.add(operand.accept(shift));
                    }
                }
                aggCalls.add(new Window.RexWinAggCall(
                        aggCall.getParserPosition(),
                        (SqlAggFunction) aggCall.getOperator(),
                        aggCall.getType(),
                        operands,
                        aggCall.ordinal,
                        aggCall.distinct,
                        aggCall.ignoreNulls));
            }
            groups.add(new Window.Group(
                    group.keys,
                    group.isRows,
                    group.lowerBound.accept(shift),
                    group.upperBound.accept(shift),
                    group.exclude,
                    group.orderKeys,
                    aggCalls));
        }
        RelDataTypeFactory.Builder rowType =
                window.getCluster().getTypeFactory().builder();
        rowType.addAll(input.getRowType().getFieldList());
        RelDataType original = window.getRowType();
        rowType.addAll(original.getFieldList().subList(inputCount, original.getFieldCount()));
        LogicalWindow withColumns = LogicalWindow.create(
                window.getTraitSet(), window.getHints(), input, window.constants, rowType.build(), groups);

        builder.push(withColumns);
        List<RexNode> kept = new ArrayList<>();
        for (int column = 0; column < original.getFieldCount(); column++) {
            kept.add(builder.field(column < inputCount ? column : column + added));
        }
        call.transformTo(builder.project(kept, original.getFieldNames(), true).build());
    }
}
