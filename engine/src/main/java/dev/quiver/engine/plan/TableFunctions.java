package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.operator.scan.RangeOperator;
import dev.quiver.engine.exec.operator.scan.SuppliedRowsOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.vector.Interval;
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
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/** Builds the runtime source of a table function call in FROM. */
final class TableFunctions {
    private TableFunctions() {}

    static PhysicalOperator operator(VecTableFunctionScan scan) {
        RexCall call = (RexCall) scan.getCall();
        if (call.getOperator() instanceof RangeFunction range
                && call.getOperands().size() == 3
                && SqlTypeUtil.isInterval(call.getOperands().get(2).getType())) {
            return timestampRange(range, call);
        }
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

    /** {@code range(start, stop, step)} over DATEs or TIMESTAMPs; a NULL argument gives no rows, as in DuckDB. */
    private static PhysicalOperator timestampRange(RangeFunction range, RexCall call) {
        List<Object> values = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            SqlTypeName type = operand.getType().getSqlTypeName();
            if (type != SqlTypeName.DATE
                    && type != SqlTypeName.TIMESTAMP
                    && type != SqlTypeName.NULL
                    && !SqlTypeUtil.isInterval(operand.getType())) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        range.getName() + "() steps by an INTERVAL over DATE or TIMESTAMP bounds, not "
                                + operand.getType().getFullTypeString());
            }
            values.add(constant(call, operand));
        }
        if (values.contains(null)) {
            return RangeOperator.ofTimestamps(range.getName(), 0, 0, new Interval(0, 1, 0), false);
        }
        return RangeOperator.ofTimestamps(
                range.getName(),
                micros(call.getOperands().get(0), values.get(0)),
                micros(call.getOperands().get(1), values.get(1)),
                (Interval) values.get(2),
                range.inclusive());
    }

    /** A DATE (days) or TIMESTAMP (microseconds) value as microseconds. */
    private static long micros(RexNode operand, Object value) {
        long number = ((Number) value).longValue();
        return operand.getType().getSqlTypeName() == SqlTypeName.DATE
                ? Math.multiplyExact(number, DateTimes.MICROS_PER_DAY)
                : number;
    }

    /** The runtime value of a constant argument (null for NULL), folded with the runtime's kernels. */
    private static Object constant(RexCall call, RexNode operand) {
        LiteralExpr folded = folded(operand);
        if (folded == null) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    call.getOperator().getName() + "() takes constant arguments, got " + operand);
        }
        return folded.value();
    }

    /** {@code operand} evaluated with the runtime's own kernels ({@code range(2 * 3)}); null when not constant. */
    private static LiteralExpr folded(RexNode operand) {
        Expr folded = RexUtil.isConstant(operand) ? RexToExpr.translate(operand, List.of()) : null;
        return folded instanceof LiteralExpr constant ? constant : null;
    }

    private static List<Long> longArguments(RexCall call) {
        List<Long> values = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            if (operand instanceof RexLiteral literal && !literal.isNull()) {
                values.add(literal.getValueAs(Long.class));
                continue;
            }
            LiteralExpr constant = folded(operand);
            if (constant == null || constant.value() == null) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        call.getOperator().getName() + "() takes constant, non-NULL arguments, got " + operand);
            }
            values.add(((Number) constant.value()).longValue());
        }
        return values;
    }
}
