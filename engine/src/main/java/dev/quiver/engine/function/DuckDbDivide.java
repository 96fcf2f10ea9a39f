package dev.quiver.engine.function;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * {@code /} as DuckDB defines it: dividing numbers gives a DOUBLE — {@code 7 / 2 = 3.5}, not a
 * truncated integer as in standard SQL, and {@code 1.00 / 3.00 = 0.3333333333333333}, not a DECIMAL
 * with Calcite's scale. Other operands (intervals) divide as Calcite types them.
 */
public final class DuckDbDivide extends SqlBinaryOperator {
    public static final DuckDbDivide INSTANCE = new DuckDbDivide();

    private DuckDbDivide() {
        super(
                "/",
                SqlKind.DIVIDE,
                60,
                true,
                DuckDbDivide::returnType,
                InferTypes.FIRST_KNOWN,
                OperandTypes.DIVISION_OPERATOR);
    }

    private static RelDataType returnType(SqlOperatorBinding binding) {
        RelDataType left = binding.getOperandType(0);
        RelDataType right = binding.getOperandType(1);
        if (SqlTypeUtil.isNumeric(left) && SqlTypeUtil.isNumeric(right)) {
            RelDataTypeFactory factory = binding.getTypeFactory();
            return factory.createTypeWithNullability(
                    factory.createSqlType(SqlTypeName.DOUBLE), left.isNullable() || right.isNullable());
        }
        return ReturnTypes.QUOTIENT_NULLABLE.inferReturnType(binding);
    }

    /**
     * Replaces the parser's standard {@code /} with this one throughout a statement, in place, and
     * its standard {@code %} with {@link DuckDbOperators#MODULO} (in the same walk: the grammar's
     * multiplicative operators are Calcite's own production).
     */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlBasicCall basic) {
                    if (basic.getOperator() == SqlStdOperatorTable.DIVIDE) {
                        basic.setOperator(INSTANCE);
                    } else if (basic.getOperator() == SqlStdOperatorTable.PERCENT_REMAINDER) {
                        basic.setOperator(DuckDbOperators.MODULO);
                    }
                }
                return super.visit(call);
            }
        });
    }
}
