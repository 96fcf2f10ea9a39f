package dev.quiver.engine.function;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlSumAggFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code sum(x)} as DuckDB has it: also over BOOLEAN, counting the true values (a BIGINT, NULL over
 * no non-NULL values). The planner turns the BOOLEAN argument into an INTEGER before the sum is
 * computed ({@code dev.quiver.engine.plan.BooleanSums}); numeric sums are the standard ones.
 */
final class BooleanSum extends SqlSumAggFunction {
    /** The one instance, replacing Calcite's SUM in the operator table. */
    static final BooleanSum INSTANCE = new BooleanSum();

    private static final SqlOperandTypeChecker NUMERIC_OR_BOOLEAN = OperandTypes.NUMERIC.or(OperandTypes.BOOLEAN);

    private BooleanSum() {
        super(null);
    }

    @Override
    public SqlOperandTypeChecker getOperandTypeChecker() {
        return NUMERIC_OR_BOOLEAN;
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
        return NUMERIC_OR_BOOLEAN.checkOperandTypes(binding, throwOnFailure);
    }

    @Override
    public RelDataType inferReturnType(SqlOperatorBinding binding) {
        if (binding.getOperandCount() == 1 && binding.getOperandType(0).getSqlTypeName() == SqlTypeName.BOOLEAN) {
            return binding.getTypeFactory()
                    .createTypeWithNullability(binding.getTypeFactory().createSqlType(SqlTypeName.BIGINT), true);
        }
        return super.inferReturnType(binding);
    }
}
