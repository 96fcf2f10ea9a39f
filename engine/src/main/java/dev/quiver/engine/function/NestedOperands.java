package dev.quiver.engine.function;

import dev.quiver.engine.sql.LambdaCaptures;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.FunctionSqlType;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlLambdaScope;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Operand checks and type helpers of the nested built-ins ({@link NestedBuiltins}): which operand
 * types a call accepts (a LIST, a MAP, a STRUCT, an element of the list's type, an untyped NULL in
 * their place), and the typing of lambda parameters from the list they run over.
 */
final class NestedOperands {
    private NestedOperands() {}

    /** Whether a call's operand types are acceptable. */
    @FunctionalInterface
    interface Rule {
        boolean accepts(List<RelDataType> types);
    }

    /** Parameter types of a lambda operand, from the call's other operand types. */
    @FunctionalInterface
    interface LambdaParameters {
        /** The types of a lambda with {@code arity} parameters, or null when that arity is not allowed. */
        List<RelDataType> types(List<RelDataType> operandTypes, int arity, RelDataTypeFactory factory);
    }

    /** A checker of {@code min..max} operands satisfying {@code rule}, described as {@code signature}. */
    static SqlOperandTypeChecker of(int min, int max, String signature, Rule rule) {
        return new Checker(min, max, signature, rule, -1, null);
    }

    /**
     * A checker whose operand {@code lambdaIndex} is a lambda; its parameters are typed by
     * {@code parameters} before the rest is checked by {@code rule}.
     */
    static SqlOperandTypeChecker withLambda(
            int min, int max, String signature, int lambdaIndex, LambdaParameters parameters, Rule rule) {
        return new Checker(min, max, signature, rule, lambdaIndex, parameters);
    }

    /** A LIST (ARRAY) or an untyped NULL. */
    static boolean isList(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.ARRAY || isNull(type);
    }

    static boolean isMap(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.MAP || isNull(type);
    }

    static boolean isStruct(RelDataType type) {
        return type.isStruct() || isNull(type);
    }

    /**
     * An untyped NULL, or a lambda parameter not typed yet (ANY: Calcite validates a lambda's body
     * once with untyped parameters before the enclosing call types them).
     */
    static boolean isNull(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.NULL || type.getSqlTypeName() == SqlTypeName.ANY;
    }

    static boolean isText(RelDataType type) {
        return SqlTypeUtil.inCharFamily(type) || isNull(type);
    }

    static boolean isInteger(RelDataType type) {
        return SqlTypeName.INT_TYPES.contains(type.getSqlTypeName()) || isNull(type);
    }

    /** Whether {@code value} can be compared with the elements of list type {@code list}. */
    static boolean isElementOf(RelDataType value, RelDataType list) {
        RelDataType element = list.getComponentType();
        return element == null || isNull(value) || comparable(element, value);
    }

    static boolean comparable(RelDataType left, RelDataType right) {
        return isNull(left)
                || isNull(right)
                || SqlTypeUtil.canAssignFrom(left, right)
                || SqlTypeUtil.canAssignFrom(right, left)
                || (SqlTypeUtil.isNumeric(left) && SqlTypeUtil.isNumeric(right));
    }

    /** The element type of a list operand; NULL for an untyped NULL. */
    static RelDataType element(RelDataType list, RelDataTypeFactory factory) {
        RelDataType element = list.getComponentType();
        if (element != null) {
            return element;
        }
        return factory.createSqlType(list.getSqlTypeName() == SqlTypeName.ANY ? SqlTypeName.ANY : SqlTypeName.NULL);
    }

    /** The value type of a lambda operand (a function type while validating, the body's type after). */
    static RelDataType lambdaResult(RelDataType type) {
        return type instanceof FunctionSqlType function ? function.getReturnType() : type;
    }

    /** {@code type} made nullable when any operand of the call is. */
    static RelDataType nullableIfAny(SqlOperatorBinding binding, RelDataType type) {
        boolean nullable = false;
        for (int index = 0; index < binding.getOperandCount(); index++) {
            if (!(binding.getOperandType(index) instanceof FunctionSqlType)) {
                nullable |= binding.getOperandType(index).isNullable();
            }
        }
        return binding.getTypeFactory().createTypeWithNullability(type, nullable || type.isNullable());
    }

    /** A LIST of {@code element}, nullable as asked. */
    static RelDataType listOf(RelDataTypeFactory factory, RelDataType element, boolean nullable) {
        return factory.createTypeWithNullability(factory.createArrayType(element, -1), nullable);
    }

    /** Checks operand counts and types with one rule, typing a lambda operand first if there is one. */
    private record Checker(int min, int max, String signature, Rule rule, int lambdaIndex, LambdaParameters parameters)
            implements SqlOperandTypeChecker {

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            // values a lambda reads from outside come last (LambdaCaptures): not the function's own
            int own = binding.getOperandCount() - captured(binding);
            List<RelDataType> types = new ArrayList<>();
            boolean ok = own >= min && own <= max;
            for (int index = 0; ok && index < own; index++) {
                if (index == lambdaIndex) {
                    types.add(null); // typed below, once the other operands' types are known
                    continue;
                }
                types.add(binding.getOperandType(index));
            }
            if (ok && lambdaIndex >= 0) {
                ok = lambdaIndex < own && typeLambda(binding, types, own);
                if (ok) {
                    types.set(lambdaIndex, binding.getOperandType(lambdaIndex));
                }
            }
            ok = ok && rule.accepts(types);
            if (!ok && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return ok;
        }

        /** Number of trailing operands that are values the lambda reads from outside. */
        private int captured(SqlCallBinding binding) {
            if (lambdaIndex < 0
                    || lambdaIndex >= binding.getOperandCount()
                    || !(binding.operand(lambdaIndex) instanceof SqlLambda lambda)) {
                return 0;
            }
            return LambdaCaptures.capturedCount(lambda);
        }

        private boolean typeLambda(SqlCallBinding binding, List<RelDataType> types, int own) {
            if (!(binding.operand(lambdaIndex) instanceof SqlLambda lambda)) {
                return false;
            }
            List<SqlNode> names = lambda.getParameters().getList();
            int capturedCount = binding.getOperandCount() - own;
            List<RelDataType> parameterTypes =
                    parameters.types(types, names.size() - capturedCount, binding.getTypeFactory());
            if (parameterTypes == null) {
                return false;
            }
            parameterTypes = new ArrayList<>(parameterTypes);
            for (int index = own; index < binding.getOperandCount(); index++) {
                parameterTypes.add(binding.getOperandType(index));
            }
            SqlValidator validator = binding.getValidator();
            SqlLambdaScope scope = (SqlLambdaScope) validator.getLambdaScope(lambda);
            for (int index = 0; index < names.size(); index++) {
                scope.getParameterTypes().put(names.get(index).toString(), parameterTypes.get(index));
            }
            // the body was first validated with parameters of type ANY: forget those types, validate again
            lambda.accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlIdentifier id) {
                    validator.removeValidatedNodeType(id);
                    return null;
                }

                @Override
                public Void visit(SqlCall call) {
                    validator.removeValidatedNodeType(call);
                    return super.visit(call);
                }
            });
            validator.validateLambda(lambda);
            return true;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            // a lambda's captured values add operands: their count is checked with the types
            return lambdaIndex >= 0 ? SqlOperandCountRanges.from(min) : SqlOperandCountRanges.between(min, max);
        }

        @Override
        public String getAllowedSignatures(SqlOperator operator, String name) {
            return name + "(" + signature + ")";
        }

        @Override
        public boolean isOptional(int index) {
            return index >= min;
        }
    }
}
