package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.PythonTableSqlFunction;
import dev.quiver.engine.plan.rel.LogicalPythonTableFunction;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.Util;

/**
 * Turns each lateral call of a Python table function — a {@code Correlate} whose right side is the
 * function's scan, arguments naming the left row through the correlation variable — into a
 * {@link LogicalPythonTableFunction} over the left side, arguments as input references. The
 * decorrelator leaves such correlates alone: a table function cannot be joined any other way.
 */
final class PythonTableFunctionCalls {
    private PythonTableFunctionCalls() {}

    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(org.apache.calcite.rel.logical.LogicalCorrelate correlate) {
                RelNode visited = super.visit(correlate);
                return visited instanceof LogicalCorrelate rewritten ? lateral(rewritten) : visited;
            }
        });
    }

    private static RelNode lateral(LogicalCorrelate correlate) {
        RelNode right = Util.first(correlate.getRight().stripped(), correlate.getRight());
        if (!(pythonCall(right) instanceof RexCall call)) {
            if (containsPythonCall(right)) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "a lateral Python table function call must stand alone on the right side of the join "
                                + "(FROM t, LATERAL f(t.x) or LEFT JOIN LATERAL f(t.x) ON TRUE); filter its rows in "
                                + "WHERE instead of in ON");
            }
            return correlate;
        }
        boolean keepUnmatched = correlate.getJoinType() == JoinRelType.LEFT;
        if (!keepUnmatched && correlate.getJoinType() != JoinRelType.INNER) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "a lateral Python table function call is an inner (CROSS JOIN LATERAL, comma) or a LEFT JOIN "
                            + "LATERAL ... ON TRUE, not a " + correlate.getJoinType() + " join");
        }
        CorrelationId id = correlate.getCorrelationId();
        RexCall arguments = (RexCall) call.accept(new RexShuttle() {
            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable variable && variable.id.equals(id)) {
                    return new RexInputRef(access.getField().getIndex(), access.getType());
                }
                return super.visitFieldAccess(access);
            }
        });
        return LogicalPythonTableFunction.create(correlate.getLeft(), arguments, right.getRowType(), keepUnmatched);
    }

    /** The Python table function call of a table function scan, or null. */
    private static RexNode pythonCall(RelNode rel) {
        return rel instanceof TableFunctionScan scan
                        && scan.getInputs().isEmpty()
                        && scan.getCall() instanceof RexCall call
                        && call.getOperator() instanceof PythonTableSqlFunction
                ? call
                : null;
    }

    private static boolean containsPythonCall(RelNode rel) {
        if (pythonCall(rel) != null) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsPythonCall(Util.first(input.stripped(), input))) {
                return true;
            }
        }
        return false;
    }
}
