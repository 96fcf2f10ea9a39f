package dev.quiver.engine.function;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * A Python function as the validator and planner see it: its declared signature, its result type,
 * and whether it is deterministic (a VOLATILE one is never folded or merged by Calcite's rules).
 * Each arguments must be of the declared type's family (numbers for numbers, strings for strings,
 * dates and timestamps for either); the planner casts it to the declared type exactly.
 */
public final class PythonUdfSqlFunction extends SqlFunction {
    private final PythonUdf function;

    public PythonUdfSqlFunction(PythonUdf function) {
        super(
                function.name().toUpperCase(Locale.ROOT),
                SqlKind.OTHER_FUNCTION,
                binding -> UdfTypes.toSql(function.returnType(), binding.getTypeFactory()),
                null,
                new ArgumentChecker(function),
                SqlFunctionCategory.USER_DEFINED_FUNCTION);
        this.function = function;
    }

    /** The catalog's function, at the version this query was planned with. */
    public PythonUdf function() {
        return function;
    }

    @Override
    public boolean isDeterministic() {
        return function.deterministic();
    }

    /** Checks the number of arguments and that each can be cast to its declared type without surprise. */
    record ArgumentChecker(PythonUdf function) implements SqlOperandTypeChecker {
        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            int tableParameter = function.tableParameter();
            for (int index = 0; index < binding.getOperandCount(); index++) {
                if (index == tableParameter) {
                    // TableArgumentCalls made every table passed there one with set semantics
                    if (binding.operand(index).getKind() != SqlKind.SET_SEMANTICS_TABLE) {
                        throw new QuiverException(
                                ErrorCode.INVALID_QUERY,
                                "argument " + function.parameterNames().get(index) + " of " + function.name()
                                        + " is a TABLE parameter: pass TABLE(t), TABLE(SELECT ...) or"
                                        + " TABLE(t) PARTITION BY k ORDER BY o");
                    }
                    continue;
                }
                RelDataType actual = binding.getOperandType(index);
                RelDataType declared = UdfTypes.toSql(function.parameterTypes().get(index), binding.getTypeFactory());
                if (!compatible(declared, actual)) {
                    if (throwOnFailure) {
                        throw binding.newValidationSignatureError();
                    }
                    return false;
                }
            }
            return true;
        }

        private static boolean compatible(RelDataType declared, RelDataType actual) {
            if (actual.getSqlTypeName() == SqlTypeName.NULL) {
                return true;
            }
            if (SqlTypeName.INTERVAL_TYPES.contains(declared.getSqlTypeName())) {
                return SqlTypeName.INTERVAL_TYPES.contains(actual.getSqlTypeName());
            }
            // nested parameters take values of the same shape whose parts are compatible (an empty
            // list or map literal has NULL-typed parts); the planner casts them to the declared type
            switch (declared.getSqlTypeName()) {
                case ARRAY -> {
                    return actual.getSqlTypeName() == SqlTypeName.ARRAY
                            && compatible(declared.getComponentType(), actual.getComponentType());
                }
                case MAP -> {
                    return actual.getSqlTypeName() == SqlTypeName.MAP
                            && compatible(declared.getKeyType(), actual.getKeyType())
                            && compatible(declared.getValueType(), actual.getValueType());
                }
                case ROW -> {
                    if (!actual.isStruct() || actual.getFieldCount() != declared.getFieldCount()) {
                        return false;
                    }
                    for (int index = 0; index < declared.getFieldCount(); index++) {
                        if (!compatible(
                                declared.getFieldList().get(index).getType(),
                                actual.getFieldList().get(index).getType())) {
                            return false;
                        }
                    }
                    return true;
                }
                default -> {
                    if (SqlTypeUtil.isCollection(actual) || SqlTypeUtil.isMap(actual) || actual.isStruct()) {
                        return false;
                    }
                }
            }
            for (SqlTypeFamily family : new SqlTypeFamily[] {
                SqlTypeFamily.NUMERIC, SqlTypeFamily.CHARACTER, SqlTypeFamily.BINARY, SqlTypeFamily.BOOLEAN
            }) {
                if (family.contains(declared)) {
                    return family.contains(actual);
                }
            }
            return SqlTypeFamily.DATETIME.contains(actual) || SqlTypeFamily.DATE.contains(actual);
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.of(function.parameterTypes().size());
        }

        @Override
        public String getAllowedSignatures(SqlOperator operator, String operatorName) {
            StringBuilder text = new StringBuilder(operatorName).append('(');
            for (int index = 0; index < function.parameterTypes().size(); index++) {
                text.append(index == 0 ? "<" : ", <")
                        .append(function.parameterSql(index))
                        .append('>');
            }
            return text.append(')').toString();
        }
    }
}
