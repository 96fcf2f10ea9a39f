package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * {@code Filter(IS NULL(r)) over LEFT JOIN} → ANTI JOIN, where {@code r} is a right column that
 * cannot be NULL in the right input, so that it is NULL exactly for the left rows without a match.
 * That is the plan Calcite makes of NOT EXISTS (the right side projects a TRUE marker); an anti
 * join needs no marker and no NULL-padded rows. Other filter conjuncts must read left columns only;
 * they stay as a filter above. The right columns become NULL constants, which the projection above
 * usually drops.
 */
public final class LeftJoinIsNullToAntiJoinRule extends RelRule<RuleConfig> {
    LeftJoinIsNullToAntiJoinRule(RuleConfig config) {
        super(config);
    }

    static LeftJoinIsNullToAntiJoinRule create() {
        return (LeftJoinIsNullToAntiJoinRule) RuleConfig.of(
                        "LeftJoinIsNullToAntiJoinRule",
                        filter -> filter.operand(Filter.class)
                                .oneInput(join -> join.operand(Join.class)
                                        .predicate(candidate -> candidate.getJoinType() == JoinRelType.LEFT)
                                        .anyInputs()),
                        LeftJoinIsNullToAntiJoinRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        Join join = call.rel(1);
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        List<RelDataTypeField> rightFields = join.getRight().getRowType().getFieldList();
        RexNode marker = null;
        List<RexNode> rest = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            if (marker == null
                    && conjunct.isA(SqlKind.IS_NULL)
                    && ((RexCall) conjunct).getOperands().getFirst() instanceof RexInputRef ref
                    && ref.getIndex() >= leftWidth
                    && !rightFields.get(ref.getIndex() - leftWidth).getType().isNullable()) {
                marker = conjunct;
            } else if (ImmutableBitSet.range(leftWidth).contains(RelOptUtil.InputFinder.bits(conjunct))) {
                rest.add(conjunct);
            } else {
                return;
            }
        }
        if (marker == null) {
            return;
        }
        RelBuilder builder = call.builder();
        builder.push(join.getLeft())
                .push(join.getRight())
                .antiJoin(join.getCondition())
                .filter(rest);
        List<RexNode> columns = new ArrayList<>(builder.fields());
        for (RelDataTypeField field : rightFields) {
            columns.add(builder.getRexBuilder()
                    .makeNullLiteral(builder.getTypeFactory().createTypeWithNullability(field.getType(), true)));
        }
        builder.project(columns, filter.getRowType().getFieldNames(), true);
        call.transformTo(builder.build());
    }
}
