package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCallBinding;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;

/** Result types of built-in functions as DuckDB infers them, where Calcite's differ or are missing. */
final class DuckDbReturnTypes {
    static final SqlReturnTypeInference DOUBLE = ReturnTypes.DOUBLE_NULLABLE;
    static final SqlReturnTypeInference VARCHAR = nullable(SqlTypeName.VARCHAR);
    static final SqlReturnTypeInference BIGINT = ReturnTypes.BIGINT_NULLABLE;
    static final SqlReturnTypeInference BOOLEAN = ReturnTypes.BOOLEAN_NULLABLE;
    static final SqlReturnTypeInference TINYINT = nullable(SqlTypeName.TINYINT);
    static final SqlReturnTypeInference TIMESTAMP = nullable(SqlTypeName.TIMESTAMP);
    static final SqlReturnTypeInference BLOB = nullable(SqlTypeName.VARBINARY);

    /** The digits of DuckDB's HUGEINT as Quiver holds it: DECIMAL(38, 0). */
    static final int HUGEINT_DIGITS = 38;

    /** Whether {@code type} is DuckDB's HUGEINT as Quiver holds it, DECIMAL(38, 0). */
    static boolean isHugeint(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.DECIMAL
                && type.getPrecision() == HUGEINT_DIGITS
                && type.getScale() == 0;
    }

    /** DuckDB's HUGEINT, which Quiver holds as DECIMAL(38, 0) ({@code type/TypeMapping}). */
    static final SqlReturnTypeInference HUGEINT = ReturnTypes.explicit(
                    factory -> factory.createSqlType(SqlTypeName.DECIMAL, HUGEINT_DIGITS, 0))
            .andThen(SqlTypeTransforms.TO_NULLABLE);

    private DuckDbReturnTypes() {}

    /** DuckDB's INTERVAL, nullable when an operand is. */
    static final SqlReturnTypeInference INTERVAL = ((SqlReturnTypeInference)
                    binding -> TypeMapping.interval(binding.getTypeFactory()))
            .andThen(SqlTypeTransforms.TO_NULLABLE);

    private static SqlReturnTypeInference nullable(SqlTypeName type) {
        return ReturnTypes.explicit(type).andThen(SqlTypeTransforms.TO_NULLABLE);
    }

    /** {@code timezone(zone, t)}: TIMESTAMPTZ gives TIMESTAMP, TIMESTAMP gives TIMESTAMPTZ, as in DuckDB. */
    static RelDataType timezone(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(1);
        RelDataTypeFactory factory = binding.getTypeFactory();
        SqlTypeName result = value.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                ? SqlTypeName.TIMESTAMP
                : SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        return factory.createTypeWithNullability(
                factory.createSqlType(result, 6), binding.getOperandType(0).isNullable() || value.isNullable());
    }

    /** {@code round(x[, digits])}: DECIMAL(p, s) gives DECIMAL(p, min(max(digits, 0), s)); others keep their type. */
    static RelDataType round(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        // round(NULL) is a BIGINT NULL, as DuckDB binds it
        RelDataType type =
                value.getSqlTypeName() == SqlTypeName.NULL ? factory.createSqlType(SqlTypeName.BIGINT) : value;
        if (value.getSqlTypeName() == SqlTypeName.DECIMAL) {
            int digits = 0;
            if (binding.getOperandCount() > 1) {
                if (!binding.isOperandLiteral(1, true)) {
                    digits = value.getScale(); // a varying digit count keeps the scale, as DuckDB does
                } else {
                    Integer constant = binding.getOperandLiteralValue(1, Integer.class);
                    digits = constant == null ? 0 : constant;
                }
            }
            type = factory.createSqlType(
                    SqlTypeName.DECIMAL, value.getPrecision(), Math.min(Math.max(digits, 0), value.getScale()));
        }
        boolean nullable = false;
        for (int index = 0; index < binding.getOperandCount(); index++) {
            nullable |= binding.getOperandType(index).isNullable();
        }
        return factory.createTypeWithNullability(type, nullable);
    }

    /** {@code floor(x)}: DECIMAL(p, s) gives DECIMAL(p, 0); integers give DOUBLE, as in DuckDB. */
    static RelDataType floor(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType type = switch (value.getSqlTypeName()) {
            case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, value.getPrecision(), 0);
            case REAL, FLOAT, DOUBLE -> value;
            default -> factory.createSqlType(SqlTypeName.DOUBLE);
        };
        return factory.createTypeWithNullability(type, value.isNullable());
    }

    /** {@code concat_ws}: VARCHAR, NULL only for a NULL separator. */
    static RelDataType concatWs(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(
                factory.createSqlType(SqlTypeName.VARCHAR),
                binding.getOperandType(0).isNullable());
    }

    /** The date_part units whose value is a DOUBLE. */
    private static boolean isFractionalPart(String unit) {
        String name = unit.trim();
        return name.equalsIgnoreCase("epoch") || name.equalsIgnoreCase("julian");
    }

    /** {@code date_part('unit', d)}: BIGINT, DOUBLE for 'epoch' and 'julian'; of a list of units a STRUCT of them. */
    static RelDataType datePart(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        if (binding.getOperandType(0).getSqlTypeName() == SqlTypeName.ARRAY
                && binding instanceof SqlCallBinding call
                && call.operand(0) instanceof SqlCall list) {
            List<String> names = new ArrayList<>();
            List<RelDataType> types = new ArrayList<>();
            for (SqlNode element : list.getOperandList()) {
                if (SqlUtil.isNullLiteral(element, false)) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "date_part: a unit in the list is NULL");
                }
                String unit = element instanceof SqlLiteral literal ? literal.getValueAs(String.class) : null;
                if (unit == null) {
                    throw new QuiverException(ErrorCode.UNSUPPORTED, "date_part takes a list of constant units only");
                }
                if (names.stream().anyMatch(unit::equalsIgnoreCase)) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "Duplicate struct entry name \"" + unit + "\" in \"date_part\"");
                }
                names.add(unit);
                types.add(factory.createTypeWithNullability(
                        factory.createSqlType(isFractionalPart(unit) ? SqlTypeName.DOUBLE : SqlTypeName.BIGINT), true));
            }
            return factory.createTypeWithNullability(
                    factory.createStructType(types, names),
                    binding.getOperandType(1).isNullable());
        }
        boolean constant = binding.isOperandLiteral(0, true);
        String unit = constant ? binding.getOperandLiteralValue(0, String.class) : null;
        // a unit that varies by row: DOUBLE, which holds every unit's value
        SqlTypeName name =
                !constant || unit != null && isFractionalPart(unit) ? SqlTypeName.DOUBLE : SqlTypeName.BIGINT;
        return factory.createTypeWithNullability(
                factory.createSqlType(name), binding.getOperandType(1).isNullable());
    }

    /**
     * {@code regexp_extract}: VARCHAR, or with a constant list of names as its third argument a
     * STRUCT of nullable VARCHARs with those names, as DuckDB types it.
     */
    static RelDataType regexpExtract(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        boolean nullable = binding.getOperandType(0).isNullable()
                || binding.getOperandType(1).isNullable();
        if (binding.getOperandCount() < 3 || binding.getOperandType(2).getSqlTypeName() != SqlTypeName.ARRAY) {
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.VARCHAR), nullable);
        }
        return factory.createTypeWithNullability(groupStruct(binding, "regexp_extract"), nullable);
    }

    /**
     * {@code regexp_extract_all}: a VARCHAR list, or with a constant list of names as its third
     * argument a list of STRUCTs of nullable VARCHARs with those names (one per match), as DuckDB.
     */
    static RelDataType regexpExtractAll(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        boolean nullable = false;
        for (int index = 0; index < binding.getOperandCount(); index++) {
            nullable |= binding.getOperandType(index).isNullable();
        }
        boolean named =
                binding.getOperandCount() > 2 && binding.getOperandType(2).getSqlTypeName() == SqlTypeName.ARRAY;
        RelDataType element = named
                ? groupStruct(binding, "regexp_extract_all")
                : factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.VARCHAR), true);
        return factory.createTypeWithNullability(factory.createArrayType(element, -1), nullable);
    }

    /** The STRUCT of nullable VARCHARs named by operand 2, a constant list of distinct names. */
    private static RelDataType groupStruct(SqlOperatorBinding binding, String function) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        if (binding instanceof SqlCallBinding call
                && call.operand(2) instanceof SqlCall list
                && list.getOperandList().stream().anyMatch(element -> SqlUtil.isNullLiteral(element, false))) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "NULL group name in " + function);
        }
        List<String> names = constantStrings(binding, 2);
        for (int index = 0; names != null && index < names.size(); index++) {
            if (names.subList(0, index).contains(names.get(index))) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, "Duplicate group name '" + names.get(index) + "' in " + function);
            }
        }
        if (names == null || names.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "the names of " + function
                            + " must be a non-empty constant list of strings, e.g. ['year', 'month']");
        }
        RelDataType text = factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.VARCHAR), true);
        return factory.createTypeWithNullability(
                factory.createStructType(names.stream().map(name -> text).toList(), names), false);
    }

    /**
     * {@code greatest}/{@code least}: the common type of the operands as DuckDB finds it — a string
     * literal takes the type of the other operands ({@code greatest(1, '10')} is an INTEGER), a DATE
     * among TIMESTAMPs is a TIMESTAMP; nullable when any operand is.
     */
    static RelDataType comparableCommonType(SqlOperatorBinding binding) {
        RelDataType common = comparableCommonType(
                binding.getTypeFactory(), binding.collectOperandTypes(), binding::isOperandLiteral);
        if (common == null) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "Cannot compare values of types " + binding.collectOperandTypes() + " in "
                            + binding.getOperator().getName());
        }
        return common;
    }

    /** Tells whether operand {@code index} is a literal. */
    interface LiteralTest {
        boolean isLiteral(int index, boolean allowCast);
    }

    /** The common type of {@link #comparableCommonType(SqlOperatorBinding)}, or null when there is none. */
    static RelDataType comparableCommonType(RelDataTypeFactory factory, List<RelDataType> types, LiteralTest literals) {
        if (types.isEmpty()) {
            return null;
        }
        List<RelDataType> typed = new ArrayList<>();
        boolean nullable = false;
        for (int index = 0; index < types.size(); index++) {
            RelDataType type = types.get(index);
            nullable |= type.isNullable();
            boolean stringLiteral = SqlTypeUtil.inCharFamily(type) && literals.isLiteral(index, false);
            if (!stringLiteral && type.getSqlTypeName() != SqlTypeName.NULL) {
                typed.add(type);
            }
        }
        if (typed.isEmpty()) {
            typed = types; // all string literals or NULLs: their own common type
        }
        RelDataType common = factory.leastRestrictive(typed);
        if (common == null && typed.stream().allMatch(SqlTypeUtil::isDatetime)) {
            // DATE casts implicitly to TIMESTAMP, TIMESTAMP to TIMESTAMPTZ: the widest of them
            boolean zoned = typed.stream()
                    .anyMatch(type -> type.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
            boolean time = typed.stream().anyMatch(type -> type.getSqlTypeName() == SqlTypeName.TIME);
            common = time
                    ? null
                    : factory.createSqlType(
                            zoned ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP, 6);
        }
        return common == null ? null : factory.createTypeWithNullability(common, nullable);
    }

    /** The elements of operand {@code index} when it is a list of string constants, else null. */
    private static List<String> constantStrings(SqlOperatorBinding binding, int index) {
        List<String> values = new ArrayList<>();
        if (binding instanceof SqlCallBinding call && call.operand(index) instanceof SqlCall list) {
            for (SqlNode element : list.getOperandList()) {
                if (!(element instanceof SqlLiteral literal) || literal.getValueAs(String.class) == null) {
                    return null;
                }
                values.add(literal.getValueAs(String.class));
            }
            return values;
        }
        if (binding instanceof RexCallBinding call && call.operands().get(index) instanceof RexCall list) {
            for (RexNode element : list.getOperands()) {
                if (!(element instanceof RexLiteral literal) || literal.getValueAs(String.class) == null) {
                    return null;
                }
                values.add(literal.getValueAs(String.class));
            }
            return values;
        }
        return null;
    }
}
