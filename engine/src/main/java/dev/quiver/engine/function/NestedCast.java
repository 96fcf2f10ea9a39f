package dev.quiver.engine.function;

import static java.util.Objects.requireNonNull;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.parser.FixedArrayTypeNameSpec;
import dev.quiver.engine.type.FixedArraySqlType;
import dev.quiver.engine.type.TypeMapping;
import dev.quiver.engine.type.TypeNames;
import dev.quiver.engine.type.UnnamedStructs;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMapTypeNameSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlRowTypeNameSpec;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.fun.SqlCastFunction;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * CAST as DuckDB's {@code expr::type} builds it: Calcite's CAST, plus the casts between a nested
 * value (LIST, STRUCT, MAP) and VARCHAR that Calcite refuses or mistypes (its CAST of an ARRAY looks
 * for a component type in the target). Any other cast turns into Calcite's own CAST while it is
 * validated; the runtime kernel decides whether the two types fit.
 */
public final class NestedCast extends SqlCastFunction {
    public static final NestedCast INSTANCE = new NestedCast("CAST", SqlKind.CAST, SqlStdOperatorTable.CAST);

    /** {@code TRY_CAST}, the same way (the validator puts it in place of Calcite's TRY_CAST). */
    public static final NestedCast TRY = new NestedCast("TRY_CAST", SqlKind.SAFE_CAST, SqlLibraryOperators.TRY_CAST);

    /**
     * Calcite's convertlets, plus the conversion of these casts into a RexNode CAST, {@link IntervalExtract}
     * back into Calcite's EXTRACT, {@code SQRT} kept
     * a SQRT (not Calcite's POWER(x, 0.5)), and {@code IS [NOT] DISTINCT FROM} kept whole: Calcite expands it member by member for STRUCTs, wrongly (an
     * AND where an OR belongs) and blind to a NULL struct; the runtime compares nested values whole.
     */
    public static final SqlRexConvertletTable CONVERTLETS = call -> {
        if (call.getOperator() == INSTANCE || call.getOperator() == TRY) {
            return NestedCast::convert;
        }
        if (call.getOperator() == IntervalExtract.INSTANCE) {
            return IntervalExtract::convert;
        }
        if (call.getOperator() == SqlStdOperatorTable.CONCAT) {
            return NestedCast::convertConcat;
        }
        if (call.getKind() == SqlKind.IS_DISTINCT_FROM || call.getKind() == SqlKind.IS_NOT_DISTINCT_FROM) {
            return NestedCast::convertDistinctness;
        }
        if (call.getOperator() == SqlStdOperatorTable.SQRT) {
            // Calcite makes it POWER(x, 0.5): 0.0 for -0.0 where DuckDB's sqrt gives -0.0, and no
            // sqrt-specific error for a negative x with ieee_floating_point_ops off
            return StandardConvertletTable.INSTANCE::convertCall;
        }
        return StandardConvertletTable.INSTANCE.get(call);
    };

    /** Calcite's own operator of this cast, which types every cast whose target holds no fixed-size ARRAY. */
    private final SqlFunction calcite;

    private NestedCast(String name, SqlKind kind, SqlFunction calcite) {
        super(name, kind);
        this.calcite = calcite;
    }

    /**
     * The type spec of a CAST to {@code type}: Calcite's, but a fixed-size ARRAY keeps its length at
     * any depth (Calcite's own spec of any ARRAY is a LIST).
     */
    public static SqlDataTypeSpec typeSpec(RelDataType type) {
        if (!containsFixedArray(type)) {
            return SqlTypeUtil.convertTypeToSpec(type);
        }
        SqlTypeNameSpec name;
        if (type instanceof FixedArraySqlType fixed) {
            name = new FixedArrayTypeNameSpec(
                    typeSpec(fixed.getComponentType()).getTypeNameSpec(), fixed.size(), SqlParserPos.ZERO);
        } else if (type.isStruct()) {
            List<SqlIdentifier> names = new ArrayList<>();
            List<SqlDataTypeSpec> members = new ArrayList<>();
            for (RelDataTypeField member : type.getFieldList()) {
                names.add(new SqlIdentifier(member.getName(), SqlParserPos.ZERO));
                members.add(typeSpec(member.getType()));
            }
            name = new SqlRowTypeNameSpec(SqlParserPos.ZERO, names, members);
        } else if (type.getSqlTypeName() == SqlTypeName.MAP) {
            name = new SqlMapTypeNameSpec(
                    typeSpec(requireNonNull(type.getKeyType())),
                    typeSpec(requireNonNull(type.getValueType())),
                    SqlParserPos.ZERO);
        } else {
            RelDataType element = requireNonNull(type.getComponentType());
            name = new SqlCollectionTypeNameSpec(
                    typeSpec(element).getTypeNameSpec(),
                    element.isNullable(),
                    type.getSqlTypeName(),
                    SqlParserPos.ZERO);
        }
        return new SqlDataTypeSpec(name, SqlParserPos.ZERO).withNullable(type.isNullable());
    }

    /** {@code CAST(value AS type)} at {@code pos}, a fixed-size ARRAY in {@code type} keeping its length. */
    public static SqlNode castTo(SqlNode value, RelDataType type, SqlParserPos pos) {
        return INSTANCE.createCall(pos, value, typeSpec(type));
    }

    /** Whether a fixed-size ARRAY is {@code type} or any part of it. */
    public static boolean containsFixedArray(RelDataType type) {
        if (type instanceof FixedArraySqlType) {
            return true;
        }
        if (type.isStruct()) {
            return type.getFieldList().stream().anyMatch(member -> containsFixedArray(member.getType()));
        }
        if (type.getSqlTypeName() == SqlTypeName.MAP) {
            return containsFixedArray(requireNonNull(type.getKeyType()))
                    || containsFixedArray(requireNonNull(type.getValueType()));
        }
        return type.getComponentType() != null && containsFixedArray(type.getComponentType());
    }

    /**
     * {@code derived} (Calcite's type of a cast to {@code target}) with the lengths of {@code
     * target}'s fixed-size ARRAYs, at any depth: Calcite rebuilds every ARRAY of a cast as a LIST.
     */
    private static RelDataType withLengths(RelDataType derived, RelDataType target, RelDataTypeFactory factory) {
        RelDataType type;
        if (derived.getSqlTypeName() == SqlTypeName.ARRAY
                && target.getSqlTypeName() == SqlTypeName.ARRAY
                && derived.getComponentType() != null
                && target.getComponentType() != null) {
            RelDataType element = withLengths(derived.getComponentType(), target.getComponentType(), factory);
            type = factory.createArrayType(element, FixedArraySqlType.sizeOf(target));
        } else if (derived.isStruct() && target.isStruct() && derived.getFieldCount() == target.getFieldCount()) {
            List<RelDataType> members = new ArrayList<>();
            for (int index = 0; index < derived.getFieldCount(); index++) {
                members.add(withLengths(
                        derived.getFieldList().get(index).getType(),
                        target.getFieldList().get(index).getType(),
                        factory));
            }
            type = factory.createStructType(derived.getStructKind(), members, derived.getFieldNames());
        } else if (derived.getSqlTypeName() == SqlTypeName.MAP && target.getSqlTypeName() == SqlTypeName.MAP) {
            type = factory.createMapType(
                    withLengths(requireNonNull(derived.getKeyType()), requireNonNull(target.getKeyType()), factory),
                    withLengths(
                            requireNonNull(derived.getValueType()), requireNonNull(target.getValueType()), factory));
        } else {
            return derived;
        }
        return factory.createTypeWithNullability(type, derived.isNullable());
    }

    @Override
    public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
        RelDataType source = validator.deriveType(scope, call.operand(0));
        RelDataType target = validator.deriveType(scope, call.operand(1));
        if ((isNested(source) && SqlTypeUtil.isCharacter(target))
                || (SqlTypeUtil.isCharacter(source) && isNested(target))) {
            RelDataType type = validator.getTypeFactory().createTypeWithNullability(target, source.isNullable());
            validator.setValidatedNodeType(call, type);
            return type;
        }
        if (reshapesStructs(source, target)) {
            requireMatchingMembers(source, target);
            // Calcite casts structs member by position and refuses other member counts; the runtime
            // matches them by name, as DuckDB (a member the value lacks is NULL)
            RelDataType type = validator.getTypeFactory().createTypeWithNullability(target, source.isNullable());
            validator.setValidatedNodeType(call, type);
            return type;
        }
        ((SqlBasicCall) call).setOperator(calcite);
        RelDataType type = calcite.deriveType(validator, scope, call);
        if (containsFixedArray(target)) {
            // Calcite rebuilds a cast's ARRAY types as LISTs (and its conversion of a NULL's): keep the
            // lengths, and this operator, whose conversion takes the validated type
            type = withLengths(type, target, validator.getTypeFactory());
            ((SqlBasicCall) call).setOperator(this);
            validator.setValidatedNodeType(call, type);
        }
        return type;
    }

    /**
     * Whether a cast from {@code source} to {@code target} pairs, at some depth, two structs whose
     * members differ in names or number ({@code {'a': 1}::STRUCT(a INT, c INT)}).
     */
    public static boolean reshapesStructs(RelDataType source, RelDataType target) {
        if (source.isStruct() && target.isStruct()) {
            if (source.getFieldCount() != target.getFieldCount()) {
                return true;
            }
            for (RelDataTypeField wanted : target.getFieldList()) {
                RelDataTypeField member = source.getField(wanted.getName(), false, false);
                if (member == null || reshapesStructs(member.getType(), wanted.getType())) {
                    return true;
                }
            }
            return false;
        }
        if (source.getSqlTypeName() == SqlTypeName.MAP && target.getSqlTypeName() == SqlTypeName.MAP) {
            return reshapesStructs(requireNonNull(source.getKeyType()), requireNonNull(target.getKeyType()))
                    || reshapesStructs(requireNonNull(source.getValueType()), requireNonNull(target.getValueType()));
        }
        return source.getComponentType() != null
                && target.getComponentType() != null
                && reshapesStructs(source.getComponentType(), target.getComponentType());
    }

    /**
     * Refuses, as DuckDB's binder does, a cast between two named structs (at any depth) that share no
     * member name: pairing their members by position would silently mislabel the values. Also for the
     * casts INSERT and UPDATE add to a table's column types, which never pass through the validator.
     */
    public static void requireMatchingMembers(RelDataType source, RelDataType target) {
        if (source.isStruct() && target.isStruct()) {
            boolean byPosition = UnnamedStructs.isUnnamed(source) || UnnamedStructs.isUnnamed(target);
            boolean matched = false;
            for (RelDataTypeField wanted : target.getFieldList()) {
                RelDataTypeField member = source.getField(wanted.getName(), false, false);
                if (member != null) {
                    matched = true;
                    requireMatchingMembers(member.getType(), wanted.getType());
                }
            }
            if (!matched && !byPosition && source.getFieldCount() > 0) {
                throw new QuiverException(
                        ErrorCode.INVALID_CAST,
                        "STRUCT to STRUCT cast must have at least one matching member, inputs are (" + typeName(source)
                                + ") and (" + typeName(target) + ")");
            }
        } else if (source.getSqlTypeName() == SqlTypeName.MAP && target.getSqlTypeName() == SqlTypeName.MAP) {
            requireMatchingMembers(requireNonNull(source.getKeyType()), requireNonNull(target.getKeyType()));
            requireMatchingMembers(requireNonNull(source.getValueType()), requireNonNull(target.getValueType()));
        } else if (source.getComponentType() != null && target.getComponentType() != null) {
            requireMatchingMembers(source.getComponentType(), target.getComponentType());
        }
    }

    private static String typeName(RelDataType type) {
        return TypeNames.sql(TypeMapping.toField("value", type));
    }

    private static RexNode convert(SqlRexContext context, SqlCall call) {
        RelDataType type = context.getValidator().getValidatedNodeType(call);
        boolean safe = call.getKind() == SqlKind.SAFE_CAST;
        return context.getRexBuilder().makeAbstractCast(type, context.convertExpression(call.operand(0)), safe);
    }

    /** {@code ||}: as Calcite converts it, but fixed-size ARRAY operands cast to the LIST the validator typed it. */
    private static RexNode convertConcat(SqlRexContext context, SqlCall call) {
        RelDataType type = context.getValidator().getValidatedNodeType(call);
        if (type.getSqlTypeName() == SqlTypeName.NULL) { // a list || NULL: NULL, as in DuckDB
            return context.getRexBuilder().makeNullLiteral(type);
        }
        if (type.getSqlTypeName() != SqlTypeName.ARRAY || type instanceof FixedArraySqlType) {
            return StandardConvertletTable.INSTANCE.convertCall(context, call);
        }
        RexBuilder builder = context.getRexBuilder();
        List<RexNode> operands = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            RexNode converted = context.convertExpression(operand);
            if (converted.getType() instanceof FixedArraySqlType fixed) {
                RelDataType list = builder.getTypeFactory()
                        .createTypeWithNullability(
                                builder.getTypeFactory().createArrayType(fixed.getComponentType(), -1),
                                fixed.isNullable());
                converted = builder.makeAbstractCast(list, converted, false);
            }
            operands.add(converted);
        }
        return builder.makeCall(type, SqlStdOperatorTable.CONCAT, operands);
    }

    private static RexNode convertDistinctness(SqlRexContext context, SqlCall call) {
        SqlValidator validator = context.getValidator();
        if (validator.getValidatedNodeType(call.operand(0)).isStruct()
                || validator.getValidatedNodeType(call.operand(1)).isStruct()) {
            return context.getRexBuilder()
                    .makeCall(
                            call.getOperator(),
                            context.convertExpression(call.operand(0)),
                            context.convertExpression(call.operand(1)));
        }
        return StandardConvertletTable.INSTANCE.convertCall(context, call);
    }

    private static boolean isNested(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return name == SqlTypeName.ARRAY || name == SqlTypeName.ROW || name == SqlTypeName.MAP;
    }
}
