package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.NestedConstructorExpr;
import dev.quiver.engine.exec.expr.lists.MapFromEntriesExpr;
import dev.quiver.engine.exec.expr.lists.StructExtractExpr;
import dev.quiver.engine.type.CommonValueTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeName;

/** The constructors of nested values: list_value, array_value and DuckDB's list and struct literals. */
final class NestedConstructors {
    private NestedConstructors() {}

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("list_value", "list_pack")
                        .signature("list_value(a, b, ...) -> LIST")
                        .describe(
                                "A list of the arguments, of their common type; [a, b, ...] is the same.",
                                "list_value(1, 2) = [1, 2]")
                        .arrays()
                        .typed(NestedConstructors::listType, OperandTypes.VARIADIC)
                        .kernel(call -> new NestedConstructorExpr(
                                NestedConstructorExpr.Shape.LIST, call.operands(), call.result()))
                        .build(),
                BuiltinFunction.scalar("array_value")
                        .signature("array_value(a, b, ...) -> T[n]")
                        .describe(
                                "A fixed-size array of the arguments, of their common type.",
                                "array_value(1, 2) = [1, 2]")
                        .arrays()
                        .typed(NestedConstructors::arrayType, OperandTypes.VARIADIC)
                        .kernel(NestedConstructors::array)
                        .build(),
                BuiltinFunction.scalar("{'name': value}")
                        .signature("{'a': x, 'b': y} -> STRUCT(a ..., b ...)")
                        .describe("A struct with the named members.", "{'a': 1}['a'] = 1")
                        .arrays()
                        .standard(NestedSyntax.STRUCT_LITERAL)
                        .kernel(NestedConstructors::struct)
                        .build(),
                BuiltinFunction.scalar("struct_pack")
                        .signature("struct_pack(a := x, b := y, ...) -> STRUCT(a ..., b ...)")
                        .describe(
                                "A struct with the named members; a column argument keeps its name.",
                                "struct_pack(a := 1)")
                        .standard(NestedSyntax.STRUCT_PACK)
                        .kernel(NestedConstructors::rewrittenAway)
                        .build(),
                BuiltinFunction.scalar("struct_insert")
                        .signature("struct_insert(struct, a := x, ...) -> STRUCT(..., a ...)")
                        .describe(
                                "The struct with the named members added after its own (a NULL struct's are NULL).",
                                "struct_insert({'a': 1}, b := 2) = {'a': 1, 'b': 2}")
                        .standard(NestedSyntax.STRUCT_INSERT)
                        .kernel(NestedConstructors::rewrittenAway)
                        .build(),
                BuiltinFunction.scalar("struct_update")
                        .signature("struct_update(struct, a := x, ...) -> STRUCT(...)")
                        .describe(
                                "The struct with each named member replaced where it has one, added after its"
                                        + " own members where it has none.",
                                "struct_update({'a': 1, 'b': 2}, a := 'x') = {'a': x, 'b': 2}")
                        .standard(NestedSyntax.STRUCT_UPDATE)
                        .kernel(NestedConstructors::rewrittenAway)
                        .build(),
                BuiltinFunction.scalar("map")
                        .signature("map(keys LIST, values LIST) -> MAP")
                        .describe(
                                "The map of the keys to the values at the same positions; NULL if either list is"
                                        + " NULL, an error if their lengths differ.",
                                "map([1, 2], ['a', 'b']) = {1=a, 2=b}")
                        .standard(NestedSyntax.MAP_OF_LISTS)
                        .kernel(call -> new MapFromEntriesExpr(call.name(), call.operands(), call.result()))
                        .build(),
                BuiltinFunction.scalar("unnest")
                        .signature("unnest(list [, recursive := b | max_depth := n]) -> T")
                        .describe(
                                "In a SELECT list: one row per element (several unnests zip to the longest list);"
                                        + " recursive := true takes the elements of nested lists.",
                                "unnest([1, 2]) = 1, 2")
                        .standard(NestedSyntax.UNNEST)
                        .kernel(NestedConstructors::rewrittenAway)
                        .build());
    }

    /** The kernel of a function the validator rewrites into other calls: never reached. */
    private static Expr rewrittenAway(KernelCall call) {
        throw QuiverException.internal(call.name() + " is rewritten while validating, not evaluated", null);
    }

    private static Expr struct(KernelCall call) {
        List<Expr> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int spreadCount = 0;
        for (int operand = 1; operand < call.operandCount(); operand += 2) {
            Expr value = call.operand(operand);
            Object name = call.operand(operand - 1) instanceof LiteralExpr literal ? literal.value() : null;
            if (NestedSyntax.SPREAD.equals(name) || NestedSyntax.SPREAD_UPDATED.equals(name)) {
                List<Field> members = value.field().getChildren(); // the struct, member by member
                for (int member = 0; member < members.size(); member++) {
                    values.add(new StructExtractExpr("struct_insert", value, member, members.get(member)));
                    names.add(members.get(member).getName());
                }
                spreadCount = NestedSyntax.SPREAD_UPDATED.equals(name) ? names.size() : 0;
                continue;
            }
            int replaced = NestedSyntax.replacedMember(names, name instanceof String text ? text : null, spreadCount);
            if (replaced >= 0) {
                values.set(replaced, value); // struct_update: in the member's place (the type checked duplicates)
                continue;
            }
            values.add(value);
            names.add(name instanceof String text ? text : null);
        }
        return new NestedConstructorExpr(NestedConstructorExpr.Shape.STRUCT, values, call.result());
    }

    /** The fixed-size array: the list of the arguments, cast to the array (its length always fits). */
    private static Expr array(KernelCall call) {
        Field array = call.result();
        Field list = ArrayOperands.asList(array);
        return new CastExpr(new NestedConstructorExpr(NestedConstructorExpr.Shape.LIST, call.operands(), list), array);
    }

    /** {@code T[n]} of the n arguments' common type; DuckDB refuses an empty one. */
    private static RelDataType arrayType(SqlOperatorBinding binding) {
        if (binding.getOperandCount() == 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "array_value requires at least one argument");
        }
        RelDataType list = listType(binding);
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(
                factory.createArrayType(list.getComponentType(), binding.getOperandCount()), false);
    }

    /** LIST of the arguments' common type (elements nullable); {@code []} is a list of NULL-typed elements. */
    private static RelDataType listType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType element;
        if (binding.getOperandCount() == 0) {
            element = factory.createSqlType(SqlTypeName.NULL);
        } else {
            element = CommonValueTypes.commonValueType(factory, binding.collectOperandTypes());
            if (element == null) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH, "list elements have no common type: " + binding.collectOperandTypes());
            }
        }
        return factory.createTypeWithNullability(
                factory.createArrayType(factory.createTypeWithNullability(element, true), -1), false);
    }
}
