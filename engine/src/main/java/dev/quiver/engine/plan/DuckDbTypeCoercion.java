package dev.quiver.engine.plan;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts, less one DuckDB does not make: arithmetic converts a text operand to a
 * number only when it is a string literal ({@code 2 - '1'} is 1), not a typed VARCHAR value
 * ({@code 1::INT + 1::VARCHAR} and {@code i + s} for a VARCHAR column s are type errors, as in DuckDB).
 */
final class DuckDbTypeCoercion extends TypeCoercionImpl {
    DuckDbTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    @Override
    protected boolean binaryArithmeticWithStrings(SqlCallBinding binding, RelDataType left, RelDataType right) {
        if ((SqlTypeUtil.isCharacter(left) && !isStringLiteral(binding.operand(0)))
                || (SqlTypeUtil.isCharacter(right) && !isStringLiteral(binding.operand(1)))) {
            return false;
        }
        return super.binaryArithmeticWithStrings(binding, left, right);
    }

    /** The path arithmetic takes (its operand checker is by type family): the same rule. */
    @Override
    public boolean builtinFunctionCoercion(
            SqlCallBinding binding, List<RelDataType> operandTypes, List<SqlTypeFamily> expectedFamilies) {
        if (binding.getOperator().getKind().belongsTo(SqlKind.BINARY_ARITHMETIC)) {
            for (int index = 0; index < binding.getOperandCount() && index < operandTypes.size(); index++) {
                if (SqlTypeUtil.isCharacter(operandTypes.get(index)) && !isStringLiteral(binding.operand(index))) {
                    return false;
                }
            }
        }
        return super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies);
    }

    private static boolean isStringLiteral(SqlNode node) {
        return node instanceof SqlCharStringLiteral;
    }
}
