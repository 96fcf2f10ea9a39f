package dev.quiver.engine.function;

import static dev.quiver.engine.function.NestedOperands.isList;
import static dev.quiver.engine.function.NestedOperands.isNull;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.lists.ArrayCrossProductExpr;
import dev.quiver.engine.exec.expr.lists.ListDistanceExpr;
import dev.quiver.engine.exec.expr.lists.ListDistanceExpr.Measure;
import dev.quiver.engine.type.FixedArraySqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * DuckDB's vector functions of two numeric lists or arrays: distance, dot product and cosine, under
 * their {@code list_} names (LISTs and fixed-size ARRAYs of any numeric type) and {@code array_} names
 * (FLOAT or DOUBLE ARRAYs of one length, as DuckDB binds them), and {@code array_cross_product} of two
 * 3-element arrays.
 */
final class VectorBuiltins {
    private static final int CROSS_PRODUCT_SIZE = 3;

    private VectorBuiltins() {}

    static List<BuiltinFunction> definitions() {
        List<BuiltinFunction> all = new ArrayList<>();
        all.addAll(vector(
                Measure.DISTANCE,
                "The Euclidean distance between two lists of numbers of one length.",
                "list_distance([1, 2], [4, 6]) = 5.0",
                "array_distance([1, 2]::DOUBLE[2], [4, 6]::DOUBLE[2]) = 5.0",
                List.of("list_distance"),
                List.of("array_distance")));
        all.addAll(vector(
                Measure.DOT_PRODUCT,
                "The sum of the products of the lists' elements (lists of one length).",
                "list_dot_product([1, 2], [3, 4]) = 11.0",
                "array_dot_product([1, 2]::DOUBLE[2], [3, 4]::DOUBLE[2]) = 11.0",
                List.of("list_dot_product", "list_inner_product"),
                List.of("array_dot_product", "array_inner_product")));
        all.addAll(vector(
                Measure.NEGATIVE_DOT_PRODUCT,
                "The dot product negated.",
                "list_negative_dot_product([1, 2], [3, 4]) = -11.0",
                "array_negative_dot_product([1, 2]::DOUBLE[2], [3, 4]::DOUBLE[2]) = -11.0",
                List.of("list_negative_dot_product", "list_negative_inner_product"),
                List.of("array_negative_dot_product", "array_negative_inner_product")));
        all.addAll(vector(
                Measure.COSINE_SIMILARITY,
                "The cosine of the angle between two lists of numbers, in [-1, 1] (NULL for empty lists, NaN for zero vectors).",
                "list_cosine_similarity([3, 4], [4, 3]) = 0.96",
                "array_cosine_similarity([3, 4]::DOUBLE[2], [4, 3]::DOUBLE[2]) = 0.96",
                List.of("list_cosine_similarity"),
                List.of("array_cosine_similarity")));
        all.addAll(vector(
                Measure.COSINE_DISTANCE,
                "1 - the cosine similarity.",
                "list_cosine_distance([3, 4], [4, 3]) = 0.04",
                "array_cosine_distance([3, 4]::DOUBLE[2], [4, 3]::DOUBLE[2]) = 0.04",
                List.of("list_cosine_distance"),
                List.of("array_cosine_distance")));
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

    /**
     * The {@code list_} function (LISTs or ARRAYs of any numeric type) and its {@code array_} twin,
     * which as in DuckDB takes only fixed-size ARRAYs of one length, at least one of FLOAT or
     * DOUBLE elements (the other is cast); the same kernel.
     */
    private static List<BuiltinFunction> vector(
            Measure measure,
            String description,
            String example,
            String arrayExample,
            List<String> listNames,
            List<String> arrayNames) {
        List<BuiltinFunction> both = new ArrayList<>();
        for (List<String> names : List.of(listNames, arrayNames)) {
            boolean arrays = names == arrayNames;
            String name = names.getFirst();
            both.add(BuiltinFunction.scalar(name, names.subList(1, names.size()).toArray(String[]::new))
                    .signature(
                            arrays
                                    ? name + "(FLOAT[n] | DOUBLE[n], FLOAT[n] | DOUBLE[n]) -> DOUBLE (FLOAT for two"
                                            + " FLOAT arrays)"
                                    : name + "(list, list) -> DOUBLE (REAL for two REAL lists)")
                    .describe(
                            description
                                    + (arrays
                                            ? " ARRAYs only, as DuckDB; a NULL element is an error."
                                            : " A NULL element or lists of different lengths are an error."),
                            arrays ? arrayExample : example)
                    .typed(
                            VectorBuiltins::resultType,
                            arrays
                                    ? NestedOperands.of(2, 2, "FLOAT[n], FLOAT[n]", types -> floatArrays(name, types))
                                    : NestedOperands.of(2, 2, "LIST, LIST", VectorBuiltins::numericLists))
                    .kernel(call ->
                            new ListDistanceExpr(call.name(), measure, call.operand(0), call.operand(1), call.result()))
                    .build());
        }
        return both;
    }

    /**
     * DuckDB's binding of the {@code array_} vector functions: two fixed-size ARRAYs (or NULLs) of
     * one length, with FLOAT or DOUBLE elements on at least one side; the errors as DuckDB words them.
     */
    private static boolean floatArrays(String name, List<RelDataType> types) {
        int size = -1;
        boolean floating = false;
        for (RelDataType type : types) {
            if (isNull(type)) {
                continue;
            }
            if (!(type instanceof FixedArraySqlType array) || !SqlTypeUtil.isNumeric(array.getComponentType())) {
                return false;
            }
            if (size >= 0 && array.size() != size) {
                throw new QuiverException(ErrorCode.TYPE_MISMATCH, name + ": Array arguments must be of the same size");
            }
            size = array.size();
            floating |= SqlTypeUtil.isApproximateNumeric(array.getComponentType());
        }
        if (size >= 0 && !floating) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, name + ": Arguments must be arrays of FLOAT or DOUBLE");
        }
        return true;
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
