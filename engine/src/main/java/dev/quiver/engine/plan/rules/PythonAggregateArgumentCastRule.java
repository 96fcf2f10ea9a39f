package dev.quiver.engine.plan.rules;

import dev.quiver.engine.function.PythonAggregateSqlFunction;
import dev.quiver.engine.function.UdfTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;

/**
 * An Aggregate calling a Python aggregate function with arguments whose types differ from the
 * declared ones → the same Aggregate over a Project that appends the arguments cast to the declared
 * types. Python receives exactly the declared types (as scalar calls do); the validator only
 * checked that each argument is of the declared type's family.
 */
public final class PythonAggregateArgumentCastRule extends RelRule<RuleConfig> {
    PythonAggregateArgumentCastRule(RuleConfig config) {
        super(config);
    }

    static PythonAggregateArgumentCastRule create() {
        return (PythonAggregateArgumentCastRule) RuleConfig.of(
                        "PythonAggregateArgumentCastRule",
                        aggregate -> aggregate
                                .operand(Aggregate.class)
                                .predicate(PythonAggregateArgumentCastRule::needsCasts)
                                .anyInputs(),
                        PythonAggregateArgumentCastRule::new)
                .toRule();
    }

    private static boolean needsCasts(Aggregate aggregate) {
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation() instanceof PythonAggregateSqlFunction python) {
                for (int index = 0; index < call.getArgList().size(); index++) {
                    if (!matches(aggregate, python, call.getArgList().get(index), index)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean matches(Aggregate aggregate, PythonAggregateSqlFunction python, int column, int index) {
        RelDataTypeFactory types = aggregate.getCluster().getTypeFactory();
        RelDataType actual =
                aggregate.getInput().getRowType().getFieldList().get(column).getType();
        RelDataType declared = UdfTypes.toSql(python.function().parameterTypes().get(index), types);
        return types.createTypeWithNullability(declared, actual.isNullable()).equals(actual);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        RelBuilder builder = call.builder();
        RexBuilder rex = aggregate.getCluster().getRexBuilder();
        RelDataTypeFactory types = aggregate.getCluster().getTypeFactory();
        builder.push(aggregate.getInput());
        List<RexNode> projects = new ArrayList<>(builder.fields());
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
            if (!(aggregateCall.getAggregation() instanceof PythonAggregateSqlFunction python)) {
                calls.add(aggregateCall);
                continue;
            }
            List<Integer> arguments = new ArrayList<>();
            for (int index = 0; index < aggregateCall.getArgList().size(); index++) {
                int column = aggregateCall.getArgList().get(index);
                if (matches(aggregate, python, column, index)) {
                    arguments.add(column);
                    continue;
                }
                RexNode field = builder.field(column);
                RelDataType declared = types.createTypeWithNullability(
                        UdfTypes.toSql(python.function().parameterTypes().get(index), types),
                        field.getType().isNullable());
                arguments.add(projects.size());
                projects.add(rex.makeCast(declared, field, true, false));
            }
            calls.add(aggregateCall.copy(
                    arguments, aggregateCall.filterArg, aggregateCall.distinctKeys, aggregateCall.collation));
        }
        builder.project(projects);
        call.transformTo(aggregate.copy(
                aggregate.getTraitSet(), builder.build(), aggregate.getGroupSet(), aggregate.getGroupSets(), calls));
    }
}
