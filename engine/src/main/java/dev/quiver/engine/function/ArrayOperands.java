package dev.quiver.engine.function;

import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.type.FixedArraySqlType;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * How a function written for LISTs meets DuckDB's fixed-size ARRAYs: as DuckDB casts an ARRAY
 * argument to a LIST for every list function, the operand is cast (at run time, once per batch:
 * the elements are shared) and a result typed like an ARRAY operand is a LIST.
 */
public final class ArrayOperands {
    private ArrayOperands() {}

    /**
     * The operand translation of a call of a function that takes LISTs: a fixed-size ARRAY operand
     * as a LIST, unless it is an element of another operand (the ARRAY in {@code list_append(l,
     * array_value(1, 2))} of a list {@code l} of ARRAYs stays one).
     */
    public static Function<RexNode, Expr> listOperands(RexCall call, Function<RexNode, Expr> translator) {
        Set<String> elementTypes = new HashSet<>();
        for (RexNode operand : call.getOperands()) {
            RelDataType element = operand.getType().getComponentType();
            if (element != null) {
                elementTypes.add(element.getFullTypeString().replace(" NOT NULL", ""));
            }
        }
        return node -> {
            Expr operand = translator.apply(node);
            boolean element = node.getType() instanceof FixedArraySqlType
                    && elementTypes.contains(node.getType().getFullTypeString().replace(" NOT NULL", ""));
            return element ? operand : asList(operand);
        };
    }

    /** {@code operand} as a LIST if it is a fixed-size ARRAY, else itself. */
    public static Expr asList(Expr operand) {
        Field field = operand.field();
        return field.getType() instanceof ArrowType.FixedSizeList ? new CastExpr(operand, asList(field)) : operand;
    }

    /** {@code field} as a LIST field if it is a fixed-size ARRAY, else itself. */
    public static Field asList(Field field) {
        if (!(field.getType() instanceof ArrowType.FixedSizeList)) {
            return field;
        }
        return new Field(
                field.getName(), new FieldType(field.isNullable(), ArrowType.List.INSTANCE, null), field.getChildren());
    }

    /** {@code inference}, but a fixed-size ARRAY result that is the type of an operand becomes a LIST of its elements. */
    static SqlReturnTypeInference listResult(SqlReturnTypeInference inference) {
        return binding -> {
            RelDataType type = inference.inferReturnType(binding);
            if (!(type instanceof FixedArraySqlType array) || !isOperandType(binding, array)) {
                return type;
            }
            RelDataTypeFactory factory = binding.getTypeFactory();
            return factory.createTypeWithNullability(
                    factory.createArrayType(array.getComponentType(), -1), array.isNullable());
        };
    }

    private static boolean isOperandType(SqlOperatorBinding binding, FixedArraySqlType array) {
        for (int index = 0; index < binding.getOperandCount(); index++) {
            RelDataType operand = binding.getOperandType(index);
            if (operand instanceof FixedArraySqlType other
                    && other.size() == array.size()
                    && other.getComponentType().getSqlTypeName()
                            == array.getComponentType().getSqlTypeName()) {
                return true;
            }
        }
        return false;
    }
}
