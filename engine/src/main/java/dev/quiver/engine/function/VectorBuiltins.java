package dev.quiver.engine.function;

import static dev.quiver.engine.function.NestedOperands.isList;
import static dev.quiver.engine.function.NestedOperands.isNull;

import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.lists.ArrayCrossProductExpr;
import dev.quiver.engine.exec.expr.lists.ListDistanceExpr;
import dev.quiver.engine.exec.expr.lists.ListDistanceExpr.Measure;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * DuckDB's vector functions of two numeric lists or arrays: distance, dot product and cosine, under
 * their {@code list_} and {@code array_} names (both take LISTs and fixed-size ARRAYs), and
 * {@code array_cross_product} of two 3-element arrays.
 */
final class VectorBuiltins {
    private static final int CROSS_PRODUCT_SIZE = 3;

    private VectorBuiltins() {}

    static List<BuiltinFunction> definitions() {
        List<BuiltinFunction> all = new ArrayList<>();
        all.add(vector(
                Measure.DISTANCE,
                "The Euclidean distance between two lists of numbers of one length.",
                "list_distance([1, 2], [4, 6]) = 5.0",
                "list_distance",
                "array_distance"));
        all.add(vector(
                Measure.DOT_PRODUCT,
                "The sum of the products of the lists' elements (lists of one length).",
                "list_dot_product([1, 2], [3, 4]) = 11.0",
                "list_dot_product",
                "list_inner_product",
                "array_dot_product",
                "array_inner_product"));
        all.add(vector(
                Measure.NEGATIVE_DOT_PRODUCT,
                "The dot product negated.",
                "list_negative_dot_product([1, 2], [3, 4]) = -11.0",
                "list_negative_dot_product",
                "list_negative_inner_product",
                "array_negative_dot_product",
                "array_negative_inner_product"));
        all.add(vector(
                Measure.COSINE_SIMILARITY,
                "The cosine of the angle between two lists of numbers, in [-1, 1] (NULL for empty lists, NaN for zero vectors).",
                "list_cosine_similarity([3, 4], [4, 3]) = 0.96",
                "list_cosine_similarity",
                "array_cosine_similarity"));
        all.add(vector(
                Measure.COSINE_DISTANCE,
                "1 - the cosine similarity.",
                "list_cosine_distance([3, 4], [4, 3]) = 0.04",
                "list_cosine_distance",
                "array_cosine_distance"));
        all.add(BuiltinFunction.scalar("array_cross_product")
                .signature("array_cross_product(a DOUBLE[3], b DOUBLE[3]) -> DOUBLE[3] (FLOAT[3] for FLOAT arrays)")
                .describe(
                        "The cross product of two 3-element arrays; a NULL element is an error.",
                        "array_cross_product(array_value(1.0, 0, 0), array_value(0, 1.0, 0)) = [0.0, 0.0, 1.0]")
                .arrays()
                .typed(
                        VectorBuiltins::crossProductType,
                        NestedOperands.of(2, 2, "ARRAY, ARRAY", VectorBuiltins::numericLists))
                .kernel(call -> new ArrayCrossProductExpr(
                        call.name(),
                        new CastExpr(call.operand(0), call.result()),
                        new CastExpr(call.operand(1), call.result()),
                        call.result()))
                .build());
        return all;
    }

    /** DOUBLE[3], or FLOAT[3] when both operands hold REAL; NULL when either operand is. */
    private static RelDataType crossProductType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType element = factory.createTypeWithNullability(resultType(binding), true);
        return factory.createTypeWithNullability(factory.createArrayType(element, CROSS_PRODUCT_SIZE), true);
    }

    private static BuiltinFunction vector(
            Measure measure, String description, String example, String name, String... aliases) {
        return BuiltinFunction.scalar(name, aliases)
                .signature(name + "(list, list) -> DOUBLE (REAL for two REAL lists)")
                .describe(description + " A NULL element or lists of different lengths are an error.", example)
                .typed(VectorBuiltins::resultType, NestedOperands.of(2, 2, "LIST, LIST", VectorBuiltins::numericLists))
                .kernel(call ->
                        new ListDistanceExpr(call.name(), measure, call.operand(0), call.operand(1), call.result()))
                .build();
    }

    private static boolean numericLists(List<RelDataType> types) {
        for (RelDataType type : types) {
            if (!isList(type)) {
                return false;
            }
            RelDataType element = type.getComponentType();
            if (element != null && !isNull(element) && !SqlTypeUtil.isNumeric(element)) {
                return false;
            }
        }
        return true;
    }

    /** REAL when both lists hold REAL, as DuckDB's FLOAT[] overloads; else DOUBLE. Always nullable. */
    private static RelDataType resultType(SqlOperatorBinding binding) {
        boolean real = true;
        for (int index = 0; index < binding.getOperandCount(); index++) {
            RelDataType element = binding.getOperandType(index).getComponentType();
            real &= element != null
                    && (element.getSqlTypeName() == SqlTypeName.REAL || element.getSqlTypeName() == SqlTypeName.FLOAT);
        }
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(
                factory.createSqlType(real ? SqlTypeName.REAL : SqlTypeName.DOUBLE), true);
    }
}
