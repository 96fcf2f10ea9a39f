package dev.quiver.engine.plan;

import dev.quiver.engine.function.PythonAggregateSqlFunction;
import dev.quiver.engine.function.UdfTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;

/**
 * Casts the arguments of Python aggregate functions called with {@code OVER (…)} to the declared
 * types, as {@code rules.PythonAggregateArgumentCastRule} does for GROUP BY: Python receives exactly
 * the declared types (the validator only checked each argument's type family). Runs on the
 * projections before they become windows, so the casts land in the projection below the window.
 */
final class PythonWindowArguments {
    private PythonWindowArguments() {}

    static RelNode rewrite(RelNode root) {
        return root.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof LogicalProject project && RexOver.containsOver(project.getProjects(), null)) {
                    return project.accept(new Casts(project.getCluster().getRexBuilder()));
                }
                return visited;
            }
        });
    }

    /** Rewrites the Python aggregates' window calls with cast arguments. */
    private static final class Casts extends RexShuttle {
        private final RexBuilder rex;

        Casts(RexBuilder rex) {
            this.rex = rex;
        }

        @Override
        public RexNode visitOver(RexOver over) {
            RexOver visited = (RexOver) super.visitOver(over);
            if (!(visited.getAggOperator() instanceof PythonAggregateSqlFunction python)) {
                return visited;
            }
            RelDataTypeFactory types = rex.getTypeFactory();
            List<RexNode> operands = new ArrayList<>();
            boolean changed = false;
            for (int index = 0; index < visited.getOperands().size(); index++) {
                RexNode operand = visited.getOperands().get(index);
                RelDataType declared = types.createTypeWithNullability(
                        UdfTypes.toSql(python.function().parameterTypes().get(index), types),
                        operand.getType().isNullable());
                if (declared.equals(operand.getType())) {
                    operands.add(operand);
                } else {
                    operands.add(rex.makeCast(declared, operand, true, false));
                    changed = true;
                }
            }
            if (!changed) {
                return visited;
            }
            RexWindow window = visited.getWindow();
            return rex.makeOver(
                    visited.getType(),
                    python,
                    operands,
                    window.partitionKeys,
                    window.orderKeys,
                    window.getLowerBound(),
                    window.getUpperBound(),
                    window.getExclude(),
                    window.isRows(),
                    true,
                    false,
                    visited.isDistinct(),
                    visited.ignoreNulls());
        }
    }
}
