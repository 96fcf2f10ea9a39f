package dev.quiver.engine.plan.rules;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * The configuration of a Quiver rule: Calcite's {@link RelRule.Config} as a plain record (Calcite's
 * own rules generate theirs with Immutables).
 */
record RuleConfig(
        String description,
        RelRule.OperandTransform operandSupplier,
        RelBuilderFactory relBuilderFactory,
        Function<RuleConfig, RelOptRule> factory)
        implements RelRule.Config {

    static RuleConfig of(
            String description, RelRule.OperandTransform operands, Function<RuleConfig, RelOptRule> factory) {
        return new RuleConfig(description, operands, org.apache.calcite.rel.core.RelFactories.LOGICAL_BUILDER, factory);
    }

    @Override
    public RelOptRule toRule() {
        return factory.apply(this);
    }

    @Override
    public RuleConfig withRelBuilderFactory(RelBuilderFactory value) {
        return new RuleConfig(description, operandSupplier, value, factory);
    }

    @Override
    public RuleConfig withDescription(String value) {
        return new RuleConfig(value, operandSupplier, relBuilderFactory, factory);
    }

    @Override
    public RuleConfig withOperandSupplier(RelRule.OperandTransform value) {
        return new RuleConfig(description, value, relBuilderFactory, factory);
    }
}
