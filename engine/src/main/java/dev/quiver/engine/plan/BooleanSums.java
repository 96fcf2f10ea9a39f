package dev.quiver.engine.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * DuckDB's {@code sum(BOOLEAN)} (the number of true values): the BOOLEAN argument of a SUM, in an
 * aggregate or a window, becomes {@code CAST(b AS INTEGER)} (NULL stays NULL), so the sums the
 * runtime has compute it.
 */
final class BooleanSums {
    private BooleanSums() {}

    /** {@code rel} with every SUM of a BOOLEAN summing the argument as an INTEGER. */
    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof LogicalAggregate aggregate) {
                    return aggregate(aggregate);
                }
                if (visited instanceof LogicalProject project) {
                    return project(project);
                }
                return visited;
            }
        });
    }

    private static boolean isBooleanSum(SqlKind kind, List<RelDataType> argumentTypes) {
        return (kind == SqlKind.SUM || kind == SqlKind.SUM0)
                && argumentTypes.size() == 1
                && argumentTypes.getFirst().getSqlTypeName() == SqlTypeName.BOOLEAN;
    }

    private static RelNode aggregate(LogicalAggregate aggregate) {
        RelNode input = aggregate.getInput();
        List<RelDataType> fieldTypes = new ArrayList<>();
        input.getRowType().getFieldList().forEach(field -> fieldTypes.add(field.getType()));
        RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
        List<RexNode> projects = new ArrayList<>();
        for (int index = 0; index < fieldTypes.size(); index++) {
            projects.add(RexInputRef.of(index, input.getRowType()));
        }
        List<AggregateCall> calls = new ArrayList<>();
        boolean changed = false;
        for (AggregateCall call : aggregate.getAggCallList()) {
            List<RelDataType> argumentTypes = new ArrayList<>();
            call.getArgList().forEach(argument -> argumentTypes.add(fieldTypes.get(argument)));
            if (isBooleanSum(call.getAggregation().getKind(), argumentTypes)) {
                projects.add(
                        asInteger(rexBuilder, RexInputRef.of(call.getArgList().getFirst(), input.getRowType())));
                calls.add(call.withArgList(List.of(projects.size() - 1)));
                changed = true;
            } else {
                calls.add(call);
            }
        }
        if (!changed) {
            return aggregate;
        }
        RelNode widened = LogicalProject.create(input, List.of(), projects, (List<String>) null, java.util.Set.of());
        return aggregate.copy(
                aggregate.getTraitSet(), widened, aggregate.getGroupSet(), aggregate.getGroupSets(), calls);
    }

    private static RelNode project(LogicalProject project) {
        RexBuilder rexBuilder = project.getCluster().getRexBuilder();
        boolean[] changed = {false};
        RexShuttle shuttle = new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver over) {
                RexNode visited = super.visitOver(over);
                if (visited instanceof RexOver rewritten
                        && isBooleanSum(
                                rewritten.getOperator().getKind(),
                                rewritten.getOperands().stream()
                                        .map(RexNode::getType)
                                        .toList())) {
                    changed[0] = true;
                    RexWindow window = rewritten.getWindow();
                    return rexBuilder.makeOver(
                            rewritten.getType(),
                            rewritten.getAggOperator(),
                            List.of(asInteger(
                                    rexBuilder, rewritten.getOperands().getFirst())),
                            window.partitionKeys,
                            window.orderKeys,
                            window.getLowerBound(),
                            window.getUpperBound(),
                            window.getExclude(),
                            window.isRows(),
                            true, // the same frame, as the call had it
                            false, // the count test, if any, is around the call already
                            rewritten.isDistinct(),
                            rewritten.ignoreNulls());
                }
                return visited;
            }
        };
        List<RexNode> projects = new ArrayList<>();
        for (RexNode expression : project.getProjects()) {
            projects.add(expression.accept(shuttle));
        }
        return changed[0]
                ? project.copy(project.getTraitSet(), project.getInput(), projects, project.getRowType())
                : project;
    }

    private static RexNode asInteger(RexBuilder rexBuilder, RexNode bool) {
        RelDataType integer = rexBuilder
                .getTypeFactory()
                .createTypeWithNullability(
                        rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER),
                        bool.getType().isNullable());
        return rexBuilder.makeCast(integer, bool);
    }
}
