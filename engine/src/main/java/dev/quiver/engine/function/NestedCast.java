package dev.quiver.engine.function;

import dev.quiver.engine.sql.parser.FixedArrayTypeNameSpec;
import dev.quiver.engine.type.FixedArraySqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlCastFunction;
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
    public static final NestedCast INSTANCE = new NestedCast();

    /**
     * Calcite's convertlets, plus the conversion of these casts into a RexNode CAST, and {@code IS
     * [NOT] DISTINCT FROM} kept whole: Calcite expands it member by member for STRUCTs, wrongly (an
     * AND where an OR belongs) and blind to a NULL struct; the runtime compares nested values whole.
     */
    public static final SqlRexConvertletTable CONVERTLETS = call -> {
        if (call.getOperator() == INSTANCE) {
            return NestedCast::convert;
        }
        if (call.getOperator() == SqlStdOperatorTable.CONCAT) {
            return NestedCast::convertConcat;
        }
        if (call.getKind() == SqlKind.IS_DISTINCT_FROM || call.getKind() == SqlKind.IS_NOT_DISTINCT_FROM) {
            return NestedCast::convertDistinctness;
        }
        return StandardConvertletTable.INSTANCE.get(call);
    };

    private NestedCast() {}

    /**
     * The type spec of a CAST to {@code type}: Calcite's, but a fixed-size ARRAY keeps its length
     * (Calcite's own spec of any ARRAY is a LIST).
     */
    public static SqlDataTypeSpec typeSpec(RelDataType type) {
        if (type instanceof FixedArraySqlType fixed) {
            SqlDataTypeSpec element = typeSpec(fixed.getComponentType());
            return new SqlDataTypeSpec(
                            new FixedArrayTypeNameSpec(element.getTypeNameSpec(), fixed.size(), SqlParserPos.ZERO),
                            SqlParserPos.ZERO)
                    .withNullable(type.isNullable());
        }
        return SqlTypeUtil.convertTypeToSpec(type);
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
        ((SqlBasicCall) call).setOperator(SqlStdOperatorTable.CAST);
        RelDataType type = SqlStdOperatorTable.CAST.deriveType(validator, scope, call);
        if (target instanceof FixedArraySqlType fixed) {
            // Calcite rebuilds a cast's ARRAY type as a LIST (and its conversion of a NULL's): keep the
            // length, and this operator, whose conversion takes the validated type
            RelDataTypeFactory factory = validator.getTypeFactory();
            type = factory.createTypeWithNullability(
                    factory.createArrayType(type.getComponentType(), fixed.size()), type.isNullable());
            ((SqlBasicCall) call).setOperator(INSTANCE);
            validator.setValidatedNodeType(call, type);
        }
        return type;
    }

    private static RexNode convert(SqlRexContext context, SqlCall call) {
        RelDataType type = context.getValidator().getValidatedNodeType(call);
        return context.getRexBuilder().makeAbstractCast(type, context.convertExpression(call.operand(0)), false);
    }

    /** {@code ||}: as Calcite converts it, but fixed-size ARRAY operands cast to the LIST the validator typed it. */
    private static RexNode convertConcat(SqlRexContext context, SqlCall call) {
        RelDataType type = context.getValidator().getValidatedNodeType(call);
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
