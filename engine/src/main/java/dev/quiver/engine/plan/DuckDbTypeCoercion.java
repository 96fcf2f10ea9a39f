package dev.quiver.engine.plan;

import static java.util.Objects.requireNonNull;

import dev.quiver.engine.function.BuiltinFunctions;
import dev.quiver.engine.function.NestedCast;
import dev.quiver.engine.type.CommonValueTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeMappingRule;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts, less one DuckDB does not make: arithmetic converts a text operand to a
 * number only when it is a string literal ({@code 2 - '1'} is 1), not a typed VARCHAR value
 * ({@code 1::INT + 1::VARCHAR} and {@code i + s} for a VARCHAR column s are type errors, as in DuckDB).
 * Plus DuckDB's date arithmetic that Calcite's operators lack: {@code DATE ± INTEGER} adds days
 * (becomes {@code DATE ± n * INTERVAL 1 DAY}) and {@code DATE - DATE} is the BIGINT number of days
 * between them (becomes {@code date_diff('day', b, a) - 0}); {@code DATE ± INTERVAL} is a TIMESTAMP
 * (the DATE operand becomes {@code CAST(d AS TIMESTAMP)}: {@code DATE '2000-01-01' + INTERVAL 3 HOUR}
 * keeps its hours, and comparisons of a DATE column with the folded constant go back to DATE through
 * {@code DateTimestampComparisons}); {@code TIMESTAMP - TIMESTAMP} is the
 * INTERVAL of whole days and microseconds between them (becomes Calcite's
 * {@code (a - b) DAY TO SECOND - INTERVAL '0' SECOND}). Its casts to a type holding a fixed-size
 * ARRAY keep the array's length ({@link #keepArrayLengths}).
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

    /**
     * As Calcite's, but a NULL beside a list keeps the common list type nullable: Calcite's answer for
     * {@code NULL} and a NOT NULL list is that list, so {@code SELECT NULL UNION ALL SELECT [] UNION
     * ALL SELECT [1]} was typed NOT NULL and failed to convert.
     */
    @Override
    public RelDataType getWiderTypeForTwo(RelDataType type1, RelDataType type2, boolean stringPromotion) {
        RelDataType common = super.getWiderTypeForTwo(type1, type2, stringPromotion);
        if (common != null
                && !common.isNullable()
                && common.getSqlTypeName() == SqlTypeName.ARRAY
                && ((type1 != null && type1.isNullable()) || (type2 != null && type2.isNullable()))) {
            return factory.createTypeWithNullability(common, true);
        }
        return common;
    }

    /**
     * As Calcite's, except that structs with other member names combine by name ({@code {'a': 1}
     * UNION ALL {'b': 2}} is a STRUCT(a, b) column), as DuckDB ({@link CommonValueTypes}).
     */
    @Override
    public RelDataType getWiderTypeFor(List<RelDataType> typeList, boolean stringPromotion) {
        if (typeList.stream().anyMatch(type -> type.isStruct() || type.getSqlTypeName() == SqlTypeName.ARRAY)) {
            RelDataType common = CommonValueTypes.commonValueType(factory, typeList);
            if (common != null) {
                return common;
            }
        }
        return super.getWiderTypeFor(typeList, stringPromotion);
    }

    @Override
    public boolean binaryArithmeticCoercion(SqlCallBinding binding) {
        return dateArithmetic(binding) || super.binaryArithmeticCoercion(binding);
    }

    @Override
    protected boolean coerceOperandType(SqlValidatorScope scope, SqlCall call, int index, RelDataType targetType) {
        if (!super.coerceOperandType(scope, call, index, targetType)) {
            return false;
        }
        call.setOperand(index, keepArrayLengths(scope, call.operand(index), targetType));
        return true;
    }

    /**
     * A struct to be cast to one of other member names always needs the cast: Calcite's check pairs
     * struct members by position and asserts that the counts agree.
     */
    @Override
    protected boolean needToCast(
            SqlValidatorScope scope, SqlNode node, RelDataType toType, SqlTypeMappingRule mappingRule) {
        RelDataType fromType = validator.deriveType(scope, node);
        if (NestedCast.reshapesStructs(fromType, toType)) {
            return true;
        }
        return super.needToCast(scope, node, toType, mappingRule);
    }

    /**
     * INSERT and UPDATE values whose structs take another shape in the column ({@code {v: 35, w: 1}}
     * into {@code STRUCT(v VARCHAR)}: DuckDB keeps the members the column has, by name): Calcite's
     * check pairs struct members by position and refuses other member counts, so those columns pass
     * it as if already of the column's type and are cast here, by name ({@link #keepArrayLengths}).
     */
    @Override
    public boolean querySourceCoercion(
            SqlValidatorScope scope, RelDataType sourceRowType, RelDataType targetRowType, SqlNode query) {
        List<RelDataTypeField> sources = sourceRowType.getFieldList();
        List<RelDataTypeField> targets = targetRowType.getFieldList();
        List<Integer> reshaped = new ArrayList<>();
        RelDataTypeFactory.Builder checked = factory.builder();
        for (int index = 0; index < sources.size(); index++) {
            RelDataType source = sources.get(index).getType();
            boolean reshapes = index < targets.size()
                    && NestedCast.reshapesStructs(source, targets.get(index).getType());
            if (reshapes) {
                reshaped.add(index);
            }
            checked.add(
                    sources.get(index).getName(), reshapes ? targets.get(index).getType() : source);
        }
        if (reshaped.isEmpty()) {
            return super.querySourceCoercion(scope, sourceRowType, targetRowType, query);
        }
        boolean coerced = super.querySourceCoercion(scope, checked.build(), targetRowType, query);
        SqlNode source = switch (query) {
            case SqlInsert insert -> insert.getSource();
            case SqlUpdate update -> requireNonNull(update.getSourceSelect());
            default -> query;
        };
        for (int index : reshaped) {
            coerced = rowTypeCoercion(scope, source, index, targets.get(index).getType()) || coerced;
        }
        return coerced;
    }

    @Override
    protected boolean coerceColumnType(
            SqlValidatorScope scope, SqlNodeList nodeList, int index, RelDataType targetType) {
        if (!super.coerceColumnType(scope, nodeList, index, targetType)) {
            return false;
        }
        if (index < nodeList.size()) {
            nodeList.set(index, keepArrayLengths(scope, nodeList.get(index), targetType));
        }
        return true;
    }

    /**
     * {@code node} (a cast Calcite just inserted, perhaps under an alias) as {@link NestedCast}'s cast
     * when its type holds a fixed-size ARRAY, or when it pairs structs of other member names (Calcite's
     * cast pairs them by position, the runtime's by name): Calcite spells the type of its casts with a spec that
     * makes every ARRAY a LIST ({@code MAP {'k': [1, 2]::INTEGER[2], 'j': NULL}} converted its values
     * to INTEGER[]).
     */
    private SqlNode keepArrayLengths(SqlValidatorScope scope, SqlNode node, RelDataType targetType) {
        if (node instanceof SqlCall alias && alias.getKind() == SqlKind.AS) {
            alias.setOperand(0, keepArrayLengths(scope, alias.operand(0), targetType));
            return node;
        }
        if (!(node instanceof SqlCall cast) || cast.getOperator() != SqlStdOperatorTable.CAST) {
            return node;
        }
        RelDataType known = validator.getValidatedNodeTypeIfKnown(cast);
        RelDataType type = known != null ? known : targetType;
        RelDataType source = validator.deriveType(scope, cast.operand(0));
        boolean reshapes = NestedCast.reshapesStructs(source, type);
        if (!(NestedCast.containsFixedArray(type) || reshapes)) {
            return node;
        }
        if (reshapes) {
            // INSERT/UPDATE of a struct into a column of other member names: refused as a CAST is
            NestedCast.requireMatchingMembers(source, type);
        }
        SqlNode respelled = NestedCast.castTo(cast.operand(0), type, cast.getParserPosition());
        updateInferredType(respelled, type);
        return respelled;
    }

    /** The path arithmetic takes (its operand checker is by type family): the same rule. */
    @Override
    public boolean builtinFunctionCoercion(
            SqlCallBinding binding, List<RelDataType> operandTypes, List<SqlTypeFamily> expectedFamilies) {
        if (dateArithmetic(binding)) {
            return true;
        }
        if (binding.getOperator().getKind().belongsTo(SqlKind.BINARY_ARITHMETIC)) {
            for (int index = 0; index < binding.getOperandCount() && index < operandTypes.size(); index++) {
                if (SqlTypeUtil.isCharacter(operandTypes.get(index)) && !isStringLiteral(binding.operand(index))) {
                    return false;
                }
            }
        }
        return super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies);
    }

    /**
     * Rewrites the operands of {@code DATE ± INTEGER}, {@code INTEGER + DATE} and {@code DATE - DATE}
     * into forms Calcite's + and - type as DuckDB does; false for any other call. Integers up to
     * INTEGER only: DuckDB has no {@code DATE + BIGINT}.
     */
    private boolean dateArithmetic(SqlCallBinding binding) {
        SqlKind kind = binding.getOperator().getKind();
        if ((kind != SqlKind.PLUS && kind != SqlKind.MINUS) || binding.getOperandCount() != 2) {
            return false;
        }
        SqlCall call = binding.getCall();
        RelDataType left = binding.getOperandType(0);
        RelDataType right = binding.getOperandType(1);
        if (isDate(left) && isDayCount(right)) {
            replace(binding, 1, days(call.operand(1)));
            return true;
        }
        if (kind == SqlKind.PLUS && isDayCount(left) && isDate(right)) {
            replace(binding, 0, days(call.operand(0)));
            return true;
        }
        if (isDate(left) && isInterval(right)) {
            replace(binding, 0, asTimestamp(call.operand(0)));
            return true;
        }
        if (kind == SqlKind.PLUS && isInterval(left) && isDate(right)) {
            replace(binding, 1, asTimestamp(call.operand(1)));
            return true;
        }
        if (kind == SqlKind.MINUS && isDate(left) && isDate(right)) {
            SqlParserPos pos = call.getParserPosition();
            SqlNode difference = BuiltinFunctions.operator("date_diff")
                    .createCall(pos, SqlLiteral.createCharString("day", pos), call.operand(1), call.operand(0));
            replace(binding, 0, difference);
            replace(binding, 1, SqlLiteral.createExactNumeric("0", pos));
            return true;
        }
        if (kind == SqlKind.MINUS && isTimestamp(left) && left.getSqlTypeName() == right.getSqlTypeName()) {
            SqlParserPos pos = call.getParserPosition();
            SqlIntervalQualifier dayToSecond = new SqlIntervalQualifier(TimeUnit.DAY, 9, TimeUnit.SECOND, 6, pos);
            replace(
                    binding,
                    0,
                    SqlStdOperatorTable.MINUS_DATE.createCall(pos, call.operand(0), call.operand(1), dayToSecond));
            replace(
                    binding,
                    1,
                    SqlLiteral.createInterval(1, "0", new SqlIntervalQualifier(TimeUnit.SECOND, null, pos), pos));
            return true;
        }
        return false;
    }

    private void replace(SqlCallBinding binding, int index, SqlNode operand) {
        binding.getCall().setOperand(index, operand);
        validator.deriveType(binding.getScope(), operand);
    }

    /** {@code count * INTERVAL '1' DAY}. */
    private static SqlNode days(SqlNode count) {
        SqlParserPos pos = count.getParserPosition();
        SqlNode oneDay = SqlLiteral.createInterval(1, "1", new SqlIntervalQualifier(TimeUnit.DAY, null, pos), pos);
        return SqlStdOperatorTable.MULTIPLY.createCall(pos, count, oneDay);
    }

    /** {@code CAST(date AS TIMESTAMP)}. */
    private static SqlNode asTimestamp(SqlNode date) {
        SqlParserPos pos = date.getParserPosition();
        return SqlStdOperatorTable.CAST.createCall(
                pos, date, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP, pos), pos));
    }

    private static boolean isInterval(RelDataType type) {
        return SqlTypeUtil.isInterval(type);
    }

    private static boolean isDate(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.DATE;
    }

    private static boolean isTimestamp(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.TIMESTAMP
                || type.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    private static boolean isDayCount(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return name == SqlTypeName.TINYINT || name == SqlTypeName.SMALLINT || name == SqlTypeName.INTEGER;
    }

    private static boolean isStringLiteral(SqlNode node) {
        return node instanceof SqlCharStringLiteral;
    }
}
