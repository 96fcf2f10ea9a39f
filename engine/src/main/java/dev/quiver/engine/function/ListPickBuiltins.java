package dev.quiver.engine.function;

import static dev.quiver.engine.function.NestedOperands.comparable;
import static dev.quiver.engine.function.NestedOperands.isElementOf;
import static dev.quiver.engine.function.NestedOperands.isInteger;
import static dev.quiver.engine.function.NestedOperands.isList;
import static dev.quiver.engine.function.NestedOperands.isNull;
import static dev.quiver.engine.function.NestedOperands.nullableIfAny;

import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.lists.ListPickExpr;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlTypeName;

/** DuckDB's functions that pick elements of a list: list_select, list_where, list_resize, list_intersect. */
final class ListPickBuiltins {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    private ListPickBuiltins() {}

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("list_select", "array_select")
                        .signature("list_select(list, index_list) -> LIST")
                        .describe(
                                "The elements at the 1-based indexes, in their order; NULL for an index outside"
                                        + " the list.",
                                "list_select([10, 20, 30], [3, 1]) = [30, 10]")
                        .typed(
                                ListPickBuiltins::listType,
                                NestedOperands.of(
                                        2,
                                        2,
                                        "LIST, BIGINT[]",
                                        types -> isList(types.get(0)) && isListOf(types.get(1), SqlTypeName.BIGINT)))
                        .kernel(call -> pick(call, ListPickExpr.Kind.SELECT))
                        .build(),
                BuiltinFunction.scalar("list_where", "array_where")
                        .signature("list_where(list, mask_list) -> LIST")
                        .describe(
                                "The elements whose mask is true; a true past the list's end adds NULL.",
                                "list_where([10, 20, 30], [true, false, true]) = [10, 30]")
                        .typed(
                                ListPickBuiltins::listType,
                                NestedOperands.of(
                                        2,
                                        2,
                                        "LIST, BOOLEAN[]",
                                        types -> isList(types.get(0)) && isListOf(types.get(1), SqlTypeName.BOOLEAN)))
                        .kernel(call -> pick(call, ListPickExpr.Kind.WHERE))
                        .build(),
                BuiltinFunction.scalar("list_resize", "array_resize")
                        .signature("list_resize(list, size[, value]) -> LIST")
                        .describe(
                                "The list cut to size elements, or padded with value (NULL by default).",
                                "list_resize([1, 2], 4, 0) = [1, 2, 0, 0]")
                        .typed(
                                ListPickBuiltins::listType,
                                NestedOperands.of(
                                        2,
                                        3,
                                        "LIST, BIGINT[, element]",
                                        types -> isList(types.get(0))
                                                && isInteger(types.get(1))
                                                && (types.size() < 3 || isElementOf(types.get(2), types.get(0)))))
                        .kernel(call -> pick(call, ListPickExpr.Kind.RESIZE))
                        .build(),
                BuiltinFunction.scalar("list_intersect", "array_intersect")
                        .signature("list_intersect(list, list) -> LIST")
                        .describe(
                                "The distinct non-NULL elements of the first list that the second has"
                                        + " (in no particular order; here ascending).",
                                "list_intersect([1, 2, 2, 3], [3, 2, 4]) = [2, 3]")
                        .typed(ListPickBuiltins::commonListType, NestedOperands.of(2, 2, "LIST, LIST", types -> {
                            RelDataType left = types.get(0);
                            RelDataType right = types.get(1);
                            return isList(left)
                                    && isList(right)
                                    && (left.getComponentType() == null
                                            || right.getComponentType() == null
                                            || comparable(left.getComponentType(), right.getComponentType()));
                        }))
                        .kernel(call -> pick(call, ListPickExpr.Kind.INTERSECT))
                        .build());
    }

    /** A list whose elements are of {@code name}'s family (integers for BIGINT), or an untyped NULL. */
    private static boolean isListOf(RelDataType type, SqlTypeName name) {
        if (!isList(type)) {
            return false;
        }
        RelDataType element = type.getComponentType();
        if (element == null || isNull(element)) {
            return true;
        }
        return name == SqlTypeName.BIGINT ? isInteger(element) : element.getSqlTypeName() == name;
    }

    /** The first operand's list type, nullable when an operand is. */
    private static RelDataType listType(SqlOperatorBinding binding) {
        return nullableIfAny(binding, binding.getOperandType(0));
    }

    /**
     * The list of both lists' common element type ({@code list_intersect([1], [2.0])} is a
     * DECIMAL list, as DuckDB); an untyped side takes the other's.
     */
    private static RelDataType commonListType(SqlOperatorBinding binding) {
        RelDataType left = binding.getOperandType(0);
        RelDataType right = binding.getOperandType(1);
        RelDataType common = null;
        if (!isUntyped(left) && !isUntyped(right)) {
            common = binding.getTypeFactory().leastRestrictive(List.of(left, right));
        }
        if (common == null) {
            common = isUntyped(left) ? right : left;
        }
        return nullableIfAny(binding, common);
    }

    private static boolean isUntyped(RelDataType list) {
        return isNull(list) || list.getComponentType() == null || isNull(list.getComponentType());
    }

    private static Expr pick(KernelCall call, ListPickExpr.Kind kind) {
        Expr list = call.operand(0);
        List<Expr> operands = new ArrayList<>();
        operands.add(list);
        List<Field> children = list.field().getChildren();
        if (kind == ListPickExpr.Kind.INTERSECT) {
            // both lists' elements go into one pool, so they must have the result's element type
            List<Field> elements = call.result().getChildren();
            boolean typed = !elements.isEmpty() && !(elements.getFirst().getType() instanceof ArrowType.Null);
            ArrowType element = typed ? elements.getFirst().getType() : null;
            operands.set(0, typed ? NestedBuiltins.castList(list, element) : list);
            operands.add(typed ? NestedBuiltins.castList(call.operand(1), element) : call.operand(1));
        } else {
            // list_select's indexes are read as longs whatever their integer type
            operands.add(kind == ListPickExpr.Kind.RESIZE ? call.operandAs(1, BIGINT) : call.operand(1));
        }
        if (kind == ListPickExpr.Kind.RESIZE && call.operandCount() > 2) {
            operands.add(
                    children.isEmpty()
                            ? call.operand(2)
                            : call.operandAs(2, children.getFirst().getType()));
        }
        return new ListPickExpr(call.name(), kind, operands, call.result());
    }
}
