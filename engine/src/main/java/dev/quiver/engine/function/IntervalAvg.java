package dev.quiver.engine.function;

import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlAvgAggFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * {@code avg(x)} as DuckDB has it: also over INTERVAL, giving an INTERVAL (the runtime's kernel
 * {@code IntervalAggregates.avg}); numeric averages are the standard ones, which the planner reduces
 * to SUM / COUNT.
 */
public final class IntervalAvg extends SqlAvgAggFunction {
    /** The one instance, replacing Calcite's AVG in the operator table. */
    static final IntervalAvg INSTANCE = new IntervalAvg();

    private static final SqlOperandTypeChecker NUMERIC_OR_INTERVAL = OperandTypes.NUMERIC.or(OperandTypes.INTERVAL);

    private IntervalAvg() {
        super(SqlKind.AVG);
    }

    /** Whether {@code call} is an average of intervals, which must not be reduced to SUM / COUNT. */
    public static boolean averagesIntervals(AggregateCall call) {
        return call.getAggregation().getKind() == SqlKind.AVG && SqlTypeUtil.isInterval(call.getType());
    }

    @Override
    public SqlOperandTypeChecker getOperandTypeChecker() {
        return NUMERIC_OR_INTERVAL;
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
        return NUMERIC_OR_INTERVAL.checkOperandTypes(binding, throwOnFailure);
    }

    @Override
    public RelDataType inferReturnType(SqlOperatorBinding binding) {
        if (binding.getOperandCount() == 1 && SqlTypeUtil.isInterval(binding.getOperandType(0))) {
            return binding.getTypeFactory().createTypeWithNullability(binding.getOperandType(0), true);
        }
        return super.inferReturnType(binding);
    }
}
