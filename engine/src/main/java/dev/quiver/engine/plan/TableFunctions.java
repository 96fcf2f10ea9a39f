package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.operator.scan.RangeOperator;
import dev.quiver.engine.exec.operator.scan.SuppliedRowsOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.function.FileTableFunction;
import dev.quiver.engine.function.PythonInfoFunction;
import dev.quiver.engine.function.RangeFunction;
import dev.quiver.engine.plan.rel.VecTableFunctionScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/** Builds the runtime source of a table function call in FROM. */
final class TableFunctions {
    private TableFunctions() {}

    static PhysicalOperator operator(VecTableFunctionScan scan) {
        RexCall call = (RexCall) scan.getCall();
        if (call.getOperator() instanceof RangeFunction range) {
            List<Long> arguments = longArguments(call);
            long start = arguments.size() == 1 ? 0 : arguments.get(0);
            long stop = arguments.size() == 1 ? arguments.get(0) : arguments.get(1);
            long step = arguments.size() == 3 ? arguments.get(2) : 1;
            return new RangeOperator(range.getName(), start, stop, step, range.inclusive());
        }
        if (call.getOperator() instanceof PythonInfoFunction info) {
            return new SuppliedRowsOperator(
                    PythonInfoFunction.NAME, PhysicalPlanBuilder.fields(scan.getRowType()), info.rows());
        }
        if (call.getOperator() instanceof FileTableFunction file) {
            // SourceScanRule turns every call with a constant path into a VecFileScan.
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, file.getName() + "() takes a constant file path");
        }
        throw new QuiverException(
                ErrorCode.UNSUPPORTED, "table function " + call.getOperator().getName() + " is not supported yet");
    }

    private static List<Long> longArguments(RexCall call) {
        List<Long> values = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            if (operand instanceof RexLiteral literal && !literal.isNull()) {
                values.add(literal.getValueAs(Long.class));
                continue;
            }
            // a constant expression (range(2 * 3)) is evaluated with the runtime's own kernels
            Expr folded = RexUtil.isConstant(operand) ? RexToExpr.translate(operand, List.of()) : null;
            if (!(folded instanceof LiteralExpr constant) || constant.value() == null) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        call.getOperator().getName() + "() takes constant, non-NULL arguments, got " + operand);
            }
            values.add(((Number) constant.value()).longValue());
        }
        return values;
    }
}
