package dev.quiver.engine.function;

import static dev.quiver.engine.function.NestedOperands.comparable;
import static dev.quiver.engine.function.NestedOperands.element;
import static dev.quiver.engine.function.NestedOperands.isElementOf;
import static dev.quiver.engine.function.NestedOperands.isInteger;
import static dev.quiver.engine.function.NestedOperands.isList;
import static dev.quiver.engine.function.NestedOperands.isMap;
import static dev.quiver.engine.function.NestedOperands.isNull;
import static dev.quiver.engine.function.NestedOperands.isStruct;
import static dev.quiver.engine.function.NestedOperands.isText;
import static dev.quiver.engine.function.NestedOperands.lambdaResult;
import static dev.quiver.engine.function.NestedOperands.listOf;
import static dev.quiver.engine.function.NestedOperands.nullableIfAny;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.StringSliceExpr;
import dev.quiver.engine.exec.expr.lists.FlattenExpr;
import dev.quiver.engine.exec.expr.lists.ListAggregateExpr;
import dev.quiver.engine.exec.expr.lists.ListConcatExpr;
import dev.quiver.engine.exec.expr.lists.ListCountExpr;
import dev.quiver.engine.exec.expr.lists.ListExtractExpr;
import dev.quiver.engine.exec.expr.lists.ListLambdaExpr;
import dev.quiver.engine.exec.expr.lists.ListOverlapExpr;
import dev.quiver.engine.exec.expr.lists.ListReduceExpr;
import dev.quiver.engine.exec.expr.lists.ListReorderExpr;
import dev.quiver.engine.exec.expr.lists.ListSearchExpr;
import dev.quiver.engine.exec.expr.lists.ListSliceExpr;
import dev.quiver.engine.exec.expr.lists.ListToStringExpr;
import dev.quiver.engine.exec.expr.lists.ListZipExpr;
import dev.quiver.engine.exec.expr.lists.MapConcatExpr;
import dev.quiver.engine.exec.expr.lists.MapFromEntriesExpr;
import dev.quiver.engine.exec.expr.lists.MapLookupExpr;
import dev.quiver.engine.exec.expr.lists.MapPartsExpr;
import dev.quiver.engine.exec.expr.lists.PathPartsExpr;
import dev.quiver.engine.exec.expr.lists.RangeListExpr;
import dev.quiver.engine.exec.expr.lists.RegexpExtractAllExpr;
import dev.quiver.engine.exec.expr.lists.StringListExpr;
import dev.quiver.engine.exec.expr.lists.StructExtractExpr;
import dev.quiver.engine.type.TypeMapping;
import dev.quiver.engine.type.TypeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The built-ins over nested values — LIST, MAP, STRUCT — with DuckDB's names, aliases, result types
 * and NULL rules ({@code sql/functions/list}, {@code map}, {@code struct} in DuckDB's docs). Their
 * kernels are in {@code exec/expr/lists}.
 */
final class NestedBuiltins {
    private NestedBuiltins() {}

    static List<BuiltinFunction> definitions() {
        List<BuiltinFunction> all = new ArrayList<>();
        all.addAll(listFunctions());
        all.addAll(lambdaFunctions());
        all.addAll(aggregateFunctions());
        all.addAll(mapAndStructFunctions());
        return all;
    }

    // ------------------------------------------------------------------ lists

    private static List<BuiltinFunction> listFunctions() {
        return List.of(
                BuiltinFunction.scalar("array_length")
                        .signature("array_length(list) -> BIGINT")
                        .describe("Number of elements of the list (NULLs included).", "array_length([1, NULL]) = 2")
                        .typed(bigint(), NestedOperands.of(1, 1, "LIST", types -> isList(types.get(0))))
                        .kernel(call -> count(call, ListCountExpr.Counted.ELEMENTS))
                        .build(),
                BuiltinFunction.scalar("list_unique", "array_unique")
                        .signature("list_unique(list) -> BIGINT")
                        .describe("Number of distinct non-NULL elements.", "list_unique([1, 1, NULL, 2]) = 2")
                        .typed(bigint(), NestedOperands.of(1, 1, "LIST", types -> isList(types.get(0))))
                        .kernel(call -> count(call, ListCountExpr.Counted.DISTINCT))
                        .build(),
                BuiltinFunction.scalar("list_contains", "list_has", "array_contains", "array_has")
                        .signature("list_contains(list, value) -> BOOLEAN")
                        .describe(
                                "Whether the list holds the value; NULL for a NULL value.",
                                "list_contains([1, 2], 2) = true")
                        .typed(type(SqlTypeName.BOOLEAN), listAndElement("LIST, ANY"))
                        .kernel(call -> search(call, ListSearchExpr.Answer.CONTAINS))
                        .build(),
                BuiltinFunction.scalar("list_position", "list_indexof", "array_position", "array_indexof")
                        .signature("list_position(list, value) -> INTEGER")
                        .describe(
                                "1-based position of the first element equal to the value (NULL finds NULL), NULL"
                                        + " if none.",
                                "list_position([7, 8], 8) = 2")
                        .typed(type(SqlTypeName.INTEGER), listAndElement("LIST, ANY"))
                        .kernel(call -> search(call, ListSearchExpr.Answer.POSITION))
                        .build(),
                BuiltinFunction.scalar("list_concat", "list_cat", "array_concat", "array_cat")
                        .signature("list_concat(list, ...) -> LIST")
                        .describe(
                                "The lists joined end to end; NULL lists are skipped.",
                                "list_concat([1], [2, 3]) = [1, 2, 3]")
                        .typed(
                                NestedBuiltins::concatType,
                                NestedOperands.of(1, Integer.MAX_VALUE, "LIST, ...", NestedBuiltins::sameElementLists))
                        .kernel(call -> concat(call, new boolean[call.operandCount()], false))
                        .build(),
                BuiltinFunction.scalar("list_append", "array_append", "array_push_back")
                        .signature("list_append(list, element) -> LIST")
                        .describe("The list with the element added at its end.", "list_append([1], 2) = [1, 2]")
                        .typed(NestedBuiltins::appendType, listAndElement("LIST, ANY"))
                        .kernel(call -> concat(call, new boolean[] {false, true}, false))
                        .build(),
                BuiltinFunction.scalar("list_prepend", "array_prepend")
                        .signature("list_prepend(element, list) -> LIST")
                        .describe("The list with the element added at its start.", "list_prepend(0, [1]) = [0, 1]")
                        .typed(
                                NestedBuiltins::prependType,
                                NestedOperands.of(
                                        2,
                                        2,
                                        "ANY, LIST",
                                        types -> isList(types.get(1)) && isElementOf(types.get(0), types.get(1))))
                        .kernel(call -> concat(call, new boolean[] {true, false}, false))
                        .build(),
                BuiltinFunction.scalar("list_distinct", "array_distinct")
                        .signature("list_distinct(list) -> LIST")
                        .describe(
                                "The distinct non-NULL elements (in no particular order).",
                                "list_distinct([1, 1, NULL]) = [1]")
                        .typed(NestedBuiltins::firstOperandType, oneList())
                        .kernel(call -> reorder(call, ListReorderExpr.Kind.DISTINCT, false, false))
                        .build(),
                BuiltinFunction.scalar("list_sort", "array_sort")
                        .signature("list_sort(list[, 'ASC' | 'DESC'[, 'NULLS FIRST' | 'NULLS LAST']]) -> LIST")
                        .describe(
                                "The elements sorted (ascending, NULLs last by default).",
                                "list_sort([3, NULL, 1]) = [1, 3, NULL]")
                        .typed(
                                NestedBuiltins::firstOperandType,
                                NestedOperands.of(
                                        1,
                                        3,
                                        "LIST[, VARCHAR[, VARCHAR]]",
                                        types -> isList(types.get(0))
                                                && types.stream().skip(1).allMatch(NestedOperands::isText)))
                        .kernel(call -> sort(call, false, ListReorderExpr.Kind.SORT))
                        .build(),
                BuiltinFunction.scalar("list_reverse_sort", "array_reverse_sort")
                        .signature("list_reverse_sort(list[, 'NULLS FIRST' | 'NULLS LAST']) -> LIST")
                        .describe(
                                "The elements sorted descending (NULLs last by default).",
                                "list_reverse_sort([1, 3]) = [3, 1]")
                        .typed(
                                NestedBuiltins::firstOperandType,
                                NestedOperands.of(
                                        1,
                                        2,
                                        "LIST[, VARCHAR]",
                                        types -> isList(types.get(0))
                                                && types.stream().skip(1).allMatch(NestedOperands::isText)))
                        .kernel(call -> sort(call, true, ListReorderExpr.Kind.SORT))
                        .build(),
                BuiltinFunction.scalar("list_grade_up", "array_grade_up", "grade_up")
                        .signature("list_grade_up(list[, 'ASC' | 'DESC'[, 'NULLS FIRST' | 'NULLS LAST']]) -> BIGINT[]")
                        .describe(
                                "The 1-based positions of the elements in sorted order (ascending, NULLs last by"
                                        + " default): the order list_sort would give.",
                                "list_grade_up([30, 10, 20]) = [2, 3, 1]")
                        .typed(
                                NestedBuiltins::gradeUpType,
                                NestedOperands.of(
                                        1,
                                        3,
                                        "LIST[, VARCHAR[, VARCHAR]]",
                                        types -> isList(types.get(0))
                                                && types.stream().skip(1).allMatch(NestedOperands::isText)))
                        .kernel(call -> sort(call, false, ListReorderExpr.Kind.GRADE_UP))
                        .build(),
                BuiltinFunction.scalar("list_reverse", "array_reverse")
                        .signature("list_reverse(list) -> LIST")
                        .describe("The elements in reverse order.", "list_reverse([1, 2]) = [2, 1]")
                        .typed(NestedBuiltins::firstOperandType, oneList())
                        .kernel(call -> reorder(call, ListReorderExpr.Kind.REVERSE, false, false))
                        .build(),
                BuiltinFunction.scalar("array_pop_back")
                        .signature("array_pop_back(list) -> LIST")
                        .describe("The list without its last element.", "array_pop_back([1, 2, 3]) = [1, 2]")
                        .typed(NestedBuiltins::firstOperandType, oneList())
                        .kernel(call -> slice(call, 1, -2))
                        .build(),
                BuiltinFunction.scalar("array_pop_front")
                        .signature("array_pop_front(list) -> LIST")
                        .describe("The list without its first element.", "array_pop_front([1, 2, 3]) = [2, 3]")
                        .typed(NestedBuiltins::firstOperandType, oneList())
                        .kernel(call -> slice(call, 2, -1))
                        .build(),
                BuiltinFunction.scalar("list_slice", "array_slice")
                        .signature("list_slice(list_or_string, begin, end[, step]) -> LIST or VARCHAR")
                        .describe(
                                "Elements (or characters) begin to end (1-based, inclusive, negative from the end),"
                                        + " every step-th; also written l[begin:end].",
                                "list_slice([1, 2, 3, 4], 2, 3) = [2, 3]")
                        .typed(
                                NestedBuiltins::sliceType,
                                NestedOperands.of(
                                        3,
                                        4,
                                        "LIST|VARCHAR, BIGINT, BIGINT[, BIGINT]",
                                        types -> (isList(types.get(0)) || isText(types.get(0)))
                                                && types.stream().skip(1).allMatch(NestedOperands::isInteger)))
                        .kernel(NestedBuiltins::slice)
                        .build(),
                BuiltinFunction.scalar("flatten")
                        .signature("flatten(list_of_lists) -> LIST")
                        .describe("The inner lists joined, one level deep.", "flatten([[1], [2, 3]]) = [1, 2, 3]")
                        .typed(NestedBuiltins::flattenType, NestedOperands.of(1, 1, "LIST(LIST)", types -> {
                            RelDataType list = types.get(0);
                            return isNull(list) || (isList(list) && isList(list.getComponentType()));
                        }))
                        .kernel(call -> new FlattenExpr(call.name(), call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("list_extract", "list_element", "array_extract")
                        .signature("list_extract(list, index) -> element")
                        .describe(
                                "The element at 1-based index (negative from the end), NULL outside the list.",
                                "list_extract([4, 5], -1) = 5")
                        .typed(
                                NestedBuiltins::elementType,
                                NestedOperands.of(
                                        2, 2, "LIST, BIGINT", types -> isList(types.get(0)) && isInteger(types.get(1))))
                        .kernel(call -> new ListExtractExpr(
                                call.name(), call.operand(0), call.operandAs(1, BIGINT), call.result()))
                        .build(),
                BuiltinFunction.scalar("range")
                        .signature("range([start, ]stop[, step]) -> BIGINT[]")
                        .describe(
                                "The BIGINTs from start (0) by step (1) below stop; in FROM, the table function.",
                                "range(1, 7, 2) = [1, 3, 5]")
                        .typed(NestedBuiltins::gradeUpType, integers(1, 3))
                        .kernel(call ->
                                new RangeListExpr(call.name(), false, call.operandsAs(0, BIGINT), call.result()))
                        .build(),
                BuiltinFunction.scalar("generate_series")
                        .signature("generate_series([start, ]stop[, step]) -> BIGINT[]")
                        .describe(
                                "range with stop included; in FROM, the table function.",
                                "generate_series(1, 7, 2) = [1, 3, 5, 7]")
                        .typed(NestedBuiltins::gradeUpType, integers(1, 3))
                        .kernel(call -> new RangeListExpr(call.name(), true, call.operandsAs(0, BIGINT), call.result()))
                        .build(),
                BuiltinFunction.scalar("list_has_any", "array_has_any")
                        .signature("list_has_any(list, list) -> BOOLEAN")
                        .describe("Whether the lists share a non-NULL element.", "list_has_any([1, 2], [2, 3]) = true")
                        .typed(type(SqlTypeName.BOOLEAN), twoLists())
                        .kernel(call -> overlap(call, false))
                        .build(),
                BuiltinFunction.scalar("list_has_all", "array_has_all")
                        .signature("list_has_all(list, sublist) -> BOOLEAN")
                        .describe(
                                "Whether every non-NULL element of sublist is in list.",
                                "list_has_all([1, 2, 3], [3, 1]) = true")
                        .typed(type(SqlTypeName.BOOLEAN), twoLists())
                        .kernel(call -> overlap(call, true))
                        .build(),
                BuiltinFunction.scalar("parse_path")
                        .signature("parse_path(path[, separator]) -> VARCHAR[]")
                        .describe(
                                "The path's non-empty components, a leading separator as the first; separator as"
                                        + " for parse_dirname.",
                                "parse_path('/a/b.txt') = [/, a, b.txt]")
                        .typed(varcharList(), OperandTypes.CHARACTER.or(OperandTypes.STRING_STRING))
                        .kernel(call -> new PathPartsExpr(
                                call.name(),
                                List.of(call.operand(0), StringBuiltins.pathSeparator(call, 1)),
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("string_split", "str_split", "string_to_array", "split")
                        .signature("string_split(string, separator) -> VARCHAR[]")
                        .describe(
                                "The string cut at each separator; an empty separator gives the characters.",
                                "string_split('a,b', ',') = [a, b]")
                        .typed(
                                varcharList(),
                                NestedOperands.of(
                                        2,
                                        2,
                                        "VARCHAR, VARCHAR",
                                        types -> isText(types.get(0)) && isText(types.get(1))))
                        .kernel(call -> new StringListExpr(
                                call.name(),
                                false,
                                call.operandAs(0, KernelCall.VARCHAR),
                                call.operandAs(1, KernelCall.VARCHAR),
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("regexp_split_to_array", "string_split_regex", "str_split_regex")
                        .signature("regexp_split_to_array(string, pattern) -> VARCHAR[]")
                        .describe(
                                "The string cut at each match of the (Java) regular expression.",
                                "regexp_split_to_array('a1b22c', '[0-9]+') = [a, b, c]")
                        .typed(
                                varcharList(),
                                NestedOperands.of(
                                        2,
                                        2,
                                        "VARCHAR, VARCHAR",
                                        types -> isText(types.get(0)) && isText(types.get(1))))
                        .kernel(call -> new StringListExpr(
                                call.name(),
                                true,
                                call.operandAs(0, KernelCall.VARCHAR),
                                call.operandAs(1, KernelCall.VARCHAR),
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("regexp_extract_all")
                        .signature("regexp_extract_all(string, pattern[, group | names[, options]])"
                                + " -> VARCHAR[] | STRUCT[]")
                        .describe(
                                "Group (0 to 9, default 0: the whole match) of every non-overlapping match; with"
                                        + " a list of names, a STRUCT of groups 1, 2, ... per match.",
                                "regexp_extract_all('a1b22', '[0-9]+') = [1, 22]")
                        .typed(
                                DuckDbReturnTypes::regexpExtractAll,
                                NestedOperands.of(
                                        2,
                                        4,
                                        "VARCHAR, VARCHAR[, INTEGER | VARCHAR[][, VARCHAR]]",
                                        types -> isText(types.get(0))
                                                && isText(types.get(1))
                                                && (types.size() < 3
                                                        || isInteger(types.get(2))
                                                        || isList(types.get(2))
                                                                && isText(types.get(2)
                                                                        .getComponentType()))
                                                && (types.size() < 4 || isText(types.get(3)))))
                        .kernel(call -> {
                            List<Expr> operands = new ArrayList<>(
                                    call.operandsAs(0, KernelCall.VARCHAR).subList(0, 2));
                            boolean named = call.operandCount() > 2
                                    && call.operand(2).field().getType() instanceof ArrowType.List;
                            // as DuckDB, which binds the pattern once: a NULL one is not a constant pattern
                            if (named && !(operands.get(1) instanceof LiteralExpr pattern && !pattern.isNull())) {
                                throw new QuiverException(
                                        ErrorCode.INVALID_ARGUMENT,
                                        "\"regexp_extract_all\" with LIST requires a constant pattern");
                            }
                            if (call.operandCount() > 2) {
                                operands.add(named ? call.operand(2) : call.operandAs(2, BIGINT));
                            }
                            if (call.operandCount() > 3) {
                                operands.add(call.operandAs(3, KernelCall.VARCHAR));
                            }
                            return new RegexpExtractAllExpr(call.name(), operands, call.result());
                        })
                        .build(),
                BuiltinFunction.scalar("array_to_string")
                        .signature("array_to_string(list, separator) -> VARCHAR")
                        .describe(
                                "The elements as text joined by separator; NULL elements are skipped.",
                                "array_to_string([1, 2], '-') = '1-2'")
                        .typed(
                                type(SqlTypeName.VARCHAR),
                                NestedOperands.of(
                                        2, 2, "LIST, VARCHAR", types -> isList(types.get(0)) && isText(types.get(1))))
                        .kernel(call -> new ListToStringExpr(
                                call.name(), call.operand(0), call.operandAs(1, KernelCall.VARCHAR), call.result()))
                        .build(),
                BuiltinFunction.scalar("list_zip", "array_zip")
                        .signature("list_zip(list, ...[, truncate BOOLEAN]) -> TUPLE[]")
                        .describe(
                                "Unnamed structs (TUPLEs) of the lists' elements position by position (shorter lists give NULLs).",
                                "list_zip([1, 2], ['a', 'b'])")
                        .typed(
                                NestedBuiltins::zipType,
                                NestedOperands.of(
                                        1, Integer.MAX_VALUE, "LIST, ...[, BOOLEAN]", NestedBuiltins::zipOperands))
                        .kernel(NestedBuiltins::zip)
                        .build());
    }

    // ------------------------------------------------------------------ lambdas

    private static List<BuiltinFunction> lambdaFunctions() {
        return List.of(
                BuiltinFunction.scalar("list_transform", "list_apply", "array_transform", "array_apply", "apply")
                        .signature("list_transform(list, (x[, i]) -> value) -> LIST")
                        .describe(
                                "Each element replaced by the lambda's value (i: its 1-based index).",
                                "list_transform([1, 2], x -> x * 10) = [10, 20]")
                        .typed(
                                NestedBuiltins::transformType,
                                NestedOperands.withLambda(
                                        2,
                                        2,
                                        "LIST, LAMBDA",
                                        1,
                                        NestedBuiltins::elementAndIndex,
                                        types -> isList(types.get(0))))
                        .kernel(call -> new ListLambdaExpr(
                                call.name(),
                                ListLambdaExpr.Kind.TRANSFORM,
                                call.operand(0),
                                call.lambda(1),
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("list_filter", "array_filter", "filter")
                        .signature("list_filter(list, (x[, i]) -> condition) -> LIST")
                        .describe(
                                "The elements for which the lambda is true.",
                                "list_filter([1, 2, 3], x -> x > 1) = [2, 3]")
                        .typed(
                                NestedBuiltins::firstOperandType,
                                NestedOperands.withLambda(
                                        2,
                                        2,
                                        "LIST, LAMBDA",
                                        1,
                                        NestedBuiltins::elementAndIndex,
                                        types -> isList(types.get(0)) && isBooleanOrNull(lambdaResult(types.get(1)))))
                        .kernel(call -> new ListLambdaExpr(
                                call.name(),
                                ListLambdaExpr.Kind.FILTER,
                                call.operand(0),
                                call.lambda(1),
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("list_reduce", "array_reduce", "reduce")
                        .signature("list_reduce(list, (acc, x[, i]) -> value[, initial]) -> value")
                        .describe(
                                "The lambda folded over the elements from the left, from initial or the first one.",
                                "list_reduce([1, 2, 3], (a, b) -> a + b) = 6")
                        .typed(
                                NestedBuiltins::reduceType,
                                NestedOperands.withLambda(
                                        2,
                                        3,
                                        "LIST, LAMBDA[, ANY]",
                                        1,
                                        NestedBuiltins::accumulatorElementAndIndex,
                                        types -> isList(types.get(0))))
                        .kernel(call -> new ListReduceExpr(
                                call.name(),
                                call.operand(0),
                                call.lambda(1),
                                call.operandCount() > 2 ? call.operand(2) : null,
                                call.result()))
                        .build());
    }

    private static boolean isBooleanOrNull(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.BOOLEAN || isNull(type);
    }

    /** {@code x} or {@code (x, i)}: the element, then its 1-based BIGINT index. */
    private static List<RelDataType> elementAndIndex(List<RelDataType> types, int arity, RelDataTypeFactory factory) {
        if (!isList(types.get(0)) || arity < 1 || arity > 2) {
            return null;
        }
        List<RelDataType> parameters = new ArrayList<>(List.of(nullable(factory, element(types.get(0), factory))));
        if (arity == 2) {
            parameters.add(factory.createSqlType(SqlTypeName.BIGINT));
        }
        return parameters;
    }

    /**
     * {@code (acc, x)} or {@code (acc, x, i)}: the accumulator (the element type, or its common type
     * with the initial value's: an INTEGER initial must not truncate DECIMAL sums), x, i.
     */
    private static List<RelDataType> accumulatorElementAndIndex(
            List<RelDataType> types, int arity, RelDataTypeFactory factory) {
        if (!isList(types.get(0)) || arity < 2 || arity > 3) {
            return null;
        }
        RelDataType element = nullable(factory, element(types.get(0), factory));
        RelDataType accumulator = element;
        if (types.size() > 2) { // the initial value's and the elements' common type, as DuckDB
            RelDataType common = factory.leastRestrictive(List.of(element, types.get(2)));
            accumulator = nullable(factory, common != null ? common : types.get(2));
        }
        List<RelDataType> parameters = new ArrayList<>(List.of(accumulator, element));
        if (arity == 3) {
            parameters.add(factory.createSqlType(SqlTypeName.BIGINT));
        }
        return parameters;
    }

    private static RelDataType transformType(SqlOperatorBinding binding) {
        RelDataType value = nullable(binding.getTypeFactory(), lambdaResult(binding.getOperandType(1)));
        return listOf(binding.getTypeFactory(), value, binding.getOperandType(0).isNullable());
    }

    private static RelDataType reduceType(SqlOperatorBinding binding) {
        return nullable(binding.getTypeFactory(), lambdaResult(binding.getOperandType(1)));
    }

    // ------------------------------------------------------------------ list_aggregate

    private static List<BuiltinFunction> aggregateFunctions() {
        List<BuiltinFunction> all = new ArrayList<>();
        all.add(BuiltinFunction.scalar("list_aggregate", "list_aggr", "array_aggregate", "array_aggr", "aggregate")
                .signature("list_aggregate(list, 'name'[, separator]) -> value")
                .describe(
                        "The aggregate min, max, sum, avg, count, first, last or string_agg over the elements.",
                        "list_aggregate([1, 2], 'sum') = 3")
                .typed(
                        NestedBuiltins::aggregateType,
                        NestedOperands.of(
                                2,
                                3,
                                "LIST, VARCHAR[, VARCHAR]",
                                types -> isList(types.get(0))
                                        && types.stream().skip(1).allMatch(NestedOperands::isText)))
                .kernel(call -> aggregate(call, aggregateNamed(call, constantText(call, 1)), 2))
                .build());
        for (ListAggregateExpr.Aggregate aggregate : ListAggregateExpr.Aggregate.values()) {
            String name = "list_" + aggregate.sqlName();
            boolean separator = aggregate == ListAggregateExpr.Aggregate.STRING_AGG;
            all.add(BuiltinFunction.scalar(name)
                    .signature(name + "(list" + (separator ? "[, separator]" : "") + ")")
                    .describe("list_aggregate(list, '" + aggregate.sqlName() + "').", "")
                    .typed(
                            binding -> aggregateType(binding, aggregate),
                            NestedOperands.of(
                                    1,
                                    separator ? 2 : 1,
                                    "LIST" + (separator ? "[, VARCHAR]" : ""),
                                    types -> isList(types.get(0))
                                            && types.stream().skip(1).allMatch(NestedOperands::isText)))
                    .kernel(call -> aggregate(call, aggregate, 1))
                    .build());
        }
        return all;
    }

    private static RelDataType aggregateType(SqlOperatorBinding binding) {
        String name = binding.isOperandLiteral(1, false) ? binding.getOperandLiteralValue(1, String.class) : null;
        ListAggregateExpr.Aggregate aggregate = name == null ? null : ListAggregateExpr.Aggregate.named(name);
        if (aggregate == null) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "list_aggregate supports the aggregates min, max, sum, avg, count, first, last and string_agg,"
                            + " named by a constant, not " + (name == null ? "an expression" : "'" + name + "'"));
        }
        return aggregateType(binding, aggregate);
    }

    private static RelDataType aggregateType(SqlOperatorBinding binding, ListAggregateExpr.Aggregate aggregate) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType element = element(binding.getOperandType(0), factory);
        RelDataType type = switch (aggregate) {
            case MIN, MAX, FIRST, LAST -> element;
            case COUNT -> factory.createSqlType(SqlTypeName.BIGINT);
            case AVG -> factory.createSqlType(SqlTypeName.DOUBLE);
            case STRING_AGG -> factory.createSqlType(SqlTypeName.VARCHAR);
            case SUM -> factory.getTypeSystem().deriveSumType(factory, element);
        };
        if (aggregate == ListAggregateExpr.Aggregate.COUNT) {
            return factory.createTypeWithNullability(
                    type, binding.getOperandType(0).isNullable());
        }
        return nullable(factory, type);
    }

    private static ListAggregateExpr.Aggregate aggregateNamed(KernelCall call, String name) {
        ListAggregateExpr.Aggregate aggregate = ListAggregateExpr.Aggregate.named(name);
        if (aggregate == null) {
            throw new QuiverException(ErrorCode.UNSUPPORTED, call.name() + " does not support the aggregate " + name);
        }
        return aggregate;
    }

    private static Expr aggregate(KernelCall call, ListAggregateExpr.Aggregate aggregate, int separatorIndex) {
        Expr separator = aggregate == ListAggregateExpr.Aggregate.STRING_AGG && call.operandCount() > separatorIndex
                ? call.operandAs(separatorIndex, KernelCall.VARCHAR)
                : null;
        Expr list = call.operand(0);
        if (aggregate == ListAggregateExpr.Aggregate.STRING_AGG) {
            list = castList(list, KernelCall.VARCHAR);
        }
        return new ListAggregateExpr(call.name(), aggregate, list, separator, call.result());
    }

    // ------------------------------------------------------------------ maps and structs

    private static List<BuiltinFunction> mapAndStructFunctions() {
        return List.of(
                BuiltinFunction.scalar("cardinality")
                        .signature("cardinality(map) -> BIGINT")
                        .describe(
                                "Number of entries of the map (or elements of a list).",
                                "cardinality(MAP {'a': 1}) = 1")
                        .typed(
                                bigint(),
                                NestedOperands.of(1, 1, "MAP", types -> isMap(types.get(0)) || isList(types.get(0))))
                        .replaces(SqlStdOperatorTable.CARDINALITY)
                        .kernel(call -> count(call, ListCountExpr.Counted.ELEMENTS))
                        .build(),
                BuiltinFunction.scalar("map_keys")
                        .signature("map_keys(map) -> LIST")
                        .describe("The map's keys, in order.", "map_keys(MAP {'a': 1}) = [a]")
                        .typed(binding -> mapPartType(binding, 0), oneMap())
                        .kernel(call ->
                                new MapPartsExpr(call.name(), MapPartsExpr.Part.KEYS, call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("map_concat")
                        .signature("map_concat(map, map, ...) -> MAP")
                        .describe(
                                "The maps merged: a repeated key takes the later map's value; NULL maps are skipped.",
                                "map_concat(MAP {'a': 1}, MAP {'a': 2, 'b': 3}) = {a=2, b=3}")
                        .typed(
                                NestedBuiltins::mapConcatType,
                                NestedOperands.of(2, Integer.MAX_VALUE, "MAP, MAP, ...", NestedBuiltins::sameMaps))
                        .kernel(call -> {
                            List<Expr> maps = new ArrayList<>();
                            for (Expr map : call.operands()) {
                                maps.add(new CastExpr(map, call.result()));
                            }
                            return new MapConcatExpr(call.name(), maps, call.result());
                        })
                        .build(),
                BuiltinFunction.scalar("map_values")
                        .signature("map_values(map) -> LIST")
                        .describe("The map's values, in order.", "map_values(MAP {'a': 1}) = [1]")
                        .typed(binding -> mapPartType(binding, 1), oneMap())
                        .kernel(call ->
                                new MapPartsExpr(call.name(), MapPartsExpr.Part.VALUES, call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("map_entries")
                        .signature("map_entries(map) -> STRUCT(key, value)[]")
                        .describe(
                                "The map's entries as key/value structs.",
                                "map_entries(MAP {'a': 1}) = [{'key': a, 'value': 1}]")
                        .typed(NestedBuiltins::mapEntriesType, oneMap())
                        .kernel(call -> new MapPartsExpr(
                                call.name(), MapPartsExpr.Part.ENTRIES, call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("map_extract", "element_at")
                        .signature("map_extract(map, key) -> LIST")
                        .describe(
                                "A list of the key's value, empty if the key is absent.",
                                "map_extract(MAP {'a': 1}, 'a') = [1]")
                        .typed(binding -> mapPartType(binding, 1), mapAndKey())
                        .kernel(call -> lookup(call, MapLookupExpr.Answer.LIST))
                        .build(),
                BuiltinFunction.scalar("map_extract_value")
                        .signature("map_extract_value(map, key) -> value")
                        .describe(
                                "The key's value, NULL if the key is absent.",
                                "map_extract_value(MAP {'a': 1}, 'a') = 1")
                        .typed(NestedBuiltins::mapValueType, mapAndKey())
                        .kernel(call -> lookup(call, MapLookupExpr.Answer.VALUE))
                        .build(),
                BuiltinFunction.scalar("map_contains")
                        .signature("map_contains(map, key) -> BOOLEAN")
                        .describe("Whether the map has the key.", "map_contains(MAP {'a': 1}, 'a') = true")
                        .typed(type(SqlTypeName.BOOLEAN), mapAndKey())
                        .kernel(call -> lookup(call, MapLookupExpr.Answer.CONTAINS))
                        .build(),
                BuiltinFunction.scalar("map_from_entries")
                        .signature("map_from_entries(STRUCT(k, v)[]) -> MAP")
                        .describe(
                                "The map of the structs' (key, value) pairs; keys must be unique and not NULL.",
                                "map_from_entries([('a', 1)]) = {a=1}")
                        .typed(
                                NestedBuiltins::mapFromEntriesType,
                                NestedOperands.of(
                                        1,
                                        1,
                                        "STRUCT(k, v)[]",
                                        types -> isNull(types.get(0))
                                                || (isList(types.get(0))
                                                        && types.get(0)
                                                                .getComponentType()
                                                                .isStruct()
                                                        && types.get(0)
                                                                        .getComponentType()
                                                                        .getFieldCount()
                                                                == 2)))
                        .kernel(call -> new MapFromEntriesExpr(call.name(), List.of(call.operand(0)), call.result()))
                        .build(),
                BuiltinFunction.scalar("struct_extract")
                        .signature("struct_extract(struct, 'name' | index) -> value")
                        .describe(
                                "The struct's field of that name (or 1-based position).",
                                "struct_extract({'a': 1}, 'a') = 1")
                        .typed(
                                NestedBuiltins::structFieldType,
                                NestedOperands.of(
                                        2,
                                        2,
                                        "STRUCT, VARCHAR",
                                        types -> isStruct(types.get(0))
                                                && (isText(types.get(1)) || isInteger(types.get(1)))))
                        .kernel(call ->
                                new StructExtractExpr(call.name(), call.operand(0), structMember(call), call.result()))
                        .build());
    }

    private static RelDataType mapPartType(SqlOperatorBinding binding, int part) {
        RelDataType map = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType type = isNull(map)
                ? factory.createSqlType(SqlTypeName.NULL)
                : part == 0 ? map.getKeyType() : map.getValueType();
        return listOf(factory, nullable(factory, type), map.isNullable());
    }

    private static RelDataType mapValueType(SqlOperatorBinding binding) {
        RelDataType map = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        return nullable(factory, isNull(map) ? factory.createSqlType(SqlTypeName.NULL) : map.getValueType());
    }

    private static RelDataType mapEntriesType(SqlOperatorBinding binding) {
        RelDataType map = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType unknown = factory.createSqlType(SqlTypeName.NULL); // map_entries(NULL)
        RelDataType struct = factory.builder()
                .add("key", isNull(map) ? unknown : map.getKeyType())
                .add("value", nullable(factory, isNull(map) ? unknown : map.getValueType()))
                .build();
        return listOf(factory, nullable(factory, struct), map.isNullable());
    }

    private static RelDataType mapFromEntriesType(SqlOperatorBinding binding) {
        RelDataType list = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        if (isNull(list)) {
            // map_from_entries(NULL) is NULL; DuckDB types it MAP("NULL", "NULL"), which Quiver stores as
            // INTEGER (and a map vector of NULL-typed keys leaks Arrow memory)
            RelDataType unknown = factory.createSqlType(SqlTypeName.INTEGER);
            return factory.createTypeWithNullability(factory.createMapType(unknown, unknown), true);
        }
        List<RelDataTypeField> fields = list.getComponentType().getFieldList();
        RelDataType map = factory.createMapType(
                factory.createTypeWithNullability(fields.get(0).getType(), false),
                nullable(factory, fields.get(1).getType()));
        return factory.createTypeWithNullability(map, list.isNullable());
    }

    private static RelDataType structFieldType(SqlOperatorBinding binding) {
        RelDataType struct = binding.getOperandType(0);
        if (struct.getSqlTypeName() == SqlTypeName.ANY) {
            return struct; // a lambda parameter before the list it runs over is typed
        }
        RelDataTypeField field = structField(binding, struct);
        return binding.getTypeFactory().createTypeWithNullability(field.getType(), true);
    }

    private static RelDataTypeField structField(SqlOperatorBinding binding, RelDataType struct) {
        if (!binding.isOperandLiteral(1, false)) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, "struct_extract needs a constant field name or index");
        }
        List<RelDataTypeField> fields = struct.getFieldList();
        if (SqlTypeName.INT_TYPES.contains(binding.getOperandType(1).getSqlTypeName())) {
            Integer index = binding.getOperandLiteralValue(1, Integer.class);
            if (index == null || index < 1 || index > fields.size()) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "struct_extract: index " + index + " out of range for a struct of " + fields.size()
                                + " fields");
            }
            return fields.get(index - 1);
        }
        String name = binding.getOperandLiteralValue(1, String.class);
        for (RelDataTypeField field : fields) {
            if (field.getName().equalsIgnoreCase(name)) {
                return field;
            }
        }
        List<String> names = new ArrayList<>();
        fields.forEach(field -> names.add(field.getName()));
        throw new QuiverException(
                ErrorCode.INVALID_ARGUMENT,
                "Could not find key \"" + name + "\" in struct; its fields are " + String.join(", ", names));
    }

    private static int structMember(KernelCall call) {
        Field struct = call.operand(0).field();
        Expr key = call.operand(1);
        Object value = key instanceof LiteralExpr literal ? literal.value() : null;
        List<Field> children = struct.getChildren();
        if (value instanceof Number index) {
            return index.intValue() - 1;
        }
        for (int member = 0; member < children.size(); member++) {
            if (children.get(member).getName().equalsIgnoreCase(String.valueOf(value))) {
                return member;
            }
        }
        throw QuiverException.internal("struct_extract of " + value + " from " + struct, null);
    }

    // ------------------------------------------------------------------ operand checks and types

    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    private static NestedOperands.Rule listRule() {
        return types -> isList(types.get(0));
    }

    private static org.apache.calcite.sql.type.SqlOperandTypeChecker oneList() {
        return NestedOperands.of(1, 1, "LIST", listRule());
    }

    /** Maps (or NULLs) of one key type and one value type, as DuckDB requires of map_concat's. */
    private static boolean sameMaps(List<RelDataType> types) {
        RelDataType first = null;
        for (RelDataType type : types) {
            if (isNull(type)) {
                continue;
            }
            if (type.getSqlTypeName() != SqlTypeName.MAP) {
                return false;
            }
            if (first != null
                    && (!sameType(first.getKeyType(), type.getKeyType())
                            || !sameType(first.getValueType(), type.getValueType()))) {
                return false;
            }
            first = first == null ? type : first;
        }
        return true;
    }

    /** One type but for nullability, or two text types ({@code 'k'} is a CHAR(1) to Calcite, VARCHAR to DuckDB). */
    private static boolean sameType(RelDataType left, RelDataType right) {
        return SqlTypeUtil.equalSansNullability(left, right) || (isText(left) && isText(right));
    }

    /** The maps' common type, nullable only when every map is; NULL when every operand is NULL. */
    private static RelDataType mapConcatType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        List<RelDataType> maps = new ArrayList<>();
        boolean nullable = true;
        for (RelDataType type : binding.collectOperandTypes()) {
            if (type.getSqlTypeName() == SqlTypeName.MAP) {
                maps.add(type);
                nullable &= type.isNullable();
            }
        }
        if (maps.isEmpty()) {
            return factory.createSqlType(SqlTypeName.NULL);
        }
        RelDataType key = factory.leastRestrictive(
                maps.stream().map(RelDataType::getKeyType).toList());
        RelDataType value = factory.leastRestrictive(
                maps.stream().map(RelDataType::getValueType).toList());
        return factory.createTypeWithNullability(factory.createMapType(key, value), nullable);
    }

    private static org.apache.calcite.sql.type.SqlOperandTypeChecker oneMap() {
        return NestedOperands.of(1, 1, "MAP", types -> isMap(types.get(0)));
    }

    private static org.apache.calcite.sql.type.SqlOperandTypeChecker mapAndKey() {
        return NestedOperands.of(
                2,
                2,
                "MAP, key",
                types -> isMap(types.get(0))
                        && (isNull(types.get(0))
                                || comparable(types.get(0).getKeyType(), types.get(1))
                                // a text key reads as the map's key type, as a DuckDB string literal does
                                || SqlTypeUtil.isCharacter(types.get(1))));
    }

    private static org.apache.calcite.sql.type.SqlOperandTypeChecker listAndElement(String signature) {
        return NestedOperands.of(
                2, 2, signature, types -> isList(types.get(0)) && isElementOf(types.get(1), types.get(0)));
    }

    private static org.apache.calcite.sql.type.SqlOperandTypeChecker twoLists() {
        return NestedOperands.of(2, 2, "LIST, LIST", NestedBuiltins::sameElementLists);
    }

    private static boolean sameElementLists(List<RelDataType> types) {
        RelDataType element = null;
        for (RelDataType type : types) {
            if (!isList(type)) {
                return false;
            }
            if (type.getComponentType() != null) {
                if (element != null && !comparable(element, type.getComponentType())) {
                    return false;
                }
                element = type.getComponentType();
            }
        }
        return true;
    }

    private static boolean zipOperands(List<RelDataType> types) {
        for (int index = 0; index < types.size(); index++) {
            boolean last = index == types.size() - 1 && index > 0;
            RelDataType type = types.get(index);
            if (!isList(type) && !(last && type.getSqlTypeName() == SqlTypeName.BOOLEAN)) {
                return false;
            }
        }
        return true;
    }

    /** From {@code min} to {@code max} integer operands (or NULLs). */
    private static SqlOperandTypeChecker integers(int min, int max) {
        return NestedOperands.of(
                min,
                max,
                "BIGINT[, BIGINT[, BIGINT]]",
                types -> types.stream().allMatch(type -> isInteger(type) || isNull(type)));
    }

    private static SqlReturnTypeInference bigint() {
        return type(SqlTypeName.BIGINT);
    }

    /** {@code name}, nullable when an operand is. */
    private static SqlReturnTypeInference type(SqlTypeName name) {
        return binding -> nullableIfAny(binding, binding.getTypeFactory().createSqlType(name));
    }

    private static SqlReturnTypeInference varcharList() {
        return binding -> {
            RelDataTypeFactory factory = binding.getTypeFactory();
            return nullableIfAny(
                    binding,
                    factory.createArrayType(nullable(factory, factory.createSqlType(SqlTypeName.VARCHAR)), -1));
        };
    }

    private static RelDataType nullable(RelDataTypeFactory factory, RelDataType type) {
        return factory.createTypeWithNullability(type, true);
    }

    /** list_slice on a list, or on a string (DuckDB's array_slice('hello', 2, 3) = 'el'). */
    private static Expr slice(KernelCall call) {
        Expr step = call.operandCount() > 3 ? call.operandAs(3, BIGINT) : null;
        if (call.result().getType() instanceof ArrowType.Utf8) {
            return new StringSliceExpr(
                    call.name(),
                    call.operand(0),
                    call.operandAs(1, BIGINT),
                    call.operandAs(2, BIGINT),
                    step,
                    call.result());
        }
        return new ListSliceExpr(
                call.name(),
                call.operand(0),
                call.operandAs(1, BIGINT),
                call.operandAs(2, BIGINT),
                step,
                call.result());
    }

    /** Elements {@code begin} to {@code end} of the one operand, a list (1-based, negative from the end). */
    private static Expr slice(KernelCall call, long begin, long end) {
        Field bigint = Field.notNullable("bound", BIGINT);
        return new ListSliceExpr(
                call.name(),
                call.operand(0),
                new LiteralExpr(bigint, begin),
                new LiteralExpr(bigint, end),
                null,
                call.result());
    }

    /** The list's type, or VARCHAR for a string (a CHAR(n) literal's slice is not padded). */
    private static RelDataType sliceType(SqlOperatorBinding binding) {
        RelDataType first = binding.getOperandType(0);
        return isText(first)
                ? nullableIfAny(binding, binding.getTypeFactory().createSqlType(SqlTypeName.VARCHAR))
                : firstOperandType(binding);
    }

    private static RelDataType gradeUpType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        return nullableIfAny(
                binding, listOf(factory, nullable(factory, factory.createSqlType(SqlTypeName.BIGINT)), false));
    }

    private static RelDataType firstOperandType(SqlOperatorBinding binding) {
        return nullableIfAny(binding, binding.getOperandType(0));
    }

    private static RelDataType elementType(SqlOperatorBinding binding) {
        return nullable(binding.getTypeFactory(), element(binding.getOperandType(0), binding.getTypeFactory()));
    }

    private static RelDataType flattenType(SqlOperatorBinding binding) {
        RelDataType outer = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType inner = outer.getComponentType();
        if (inner == null || inner.getComponentType() == null) {
            return listOf(factory, factory.createSqlType(SqlTypeName.NULL), true);
        }
        return listOf(factory, nullable(factory, inner.getComponentType()), outer.isNullable());
    }

    /** The list of the operands' common element type; never NULL for list_concat. */
    private static RelDataType concatType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        List<RelDataType> elements = new ArrayList<>();
        for (int index = 0; index < binding.getOperandCount(); index++) {
            RelDataType element = binding.getOperandType(index).getComponentType();
            if (element != null) {
                elements.add(element);
            }
        }
        if (elements.isEmpty()) { // list_concat(NULL, NULL): NULL, of the NULL type as in DuckDB
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.NULL), true);
        }
        return listOf(factory, common(factory, elements), false);
    }

    /**
     * The type of {@code concat(...)} when an operand is a list: the lists joined (untyped NULLs
     * allowed beside them); null when none is, so concat joins text. Mixing a list with other values,
     * or lists whose elements have no common type, is DuckDB's binder error.
     */
    static RelDataType concatOfListsType(SqlOperatorBinding binding) {
        List<RelDataType> types = binding.collectOperandTypes();
        if (types.stream().noneMatch(type -> type.getComponentType() != null)) {
            return null;
        }
        RelDataType previous = null; // the last operand that is not an untyped NULL
        for (RelDataType type : types) {
            if (isNull(type)) {
                continue;
            }
            if (previous != null) {
                boolean lists = previous.getComponentType() != null && type.getComponentType() != null;
                if (!lists || !comparable(previous.getComponentType(), type.getComponentType())) {
                    throw new QuiverException(
                            ErrorCode.TYPE_MISMATCH,
                            "Cannot concatenate " + (lists ? "lists of types " : "types ") + sqlName(previous) + " and "
                                    + sqlName(type) + " - an explicit cast is required");
                }
            }
            previous = type;
        }
        return concatType(binding);
    }

    /** DuckDB's name of a SQL type ({@code INTEGER[]}). */
    private static String sqlName(RelDataType type) {
        return TypeNames.sql(TypeMapping.toField("value", type));
    }

    /** {@code concat(...)} of lists: the lists joined, NULL lists skipped (never NULL). */
    static Expr concatOfLists(KernelCall call) {
        return concat(call, new boolean[call.operandCount()], false);
    }

    private static RelDataType appendType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType list = binding.getOperandType(0);
        List<RelDataType> elements = new ArrayList<>();
        if (list.getComponentType() != null) {
            elements.add(list.getComponentType());
        }
        elements.add(binding.getOperandType(1));
        return listOf(factory, common(factory, elements), false);
    }

    private static RelDataType prependType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType list = binding.getOperandType(1);
        List<RelDataType> elements = new ArrayList<>();
        if (list.getComponentType() != null) {
            elements.add(list.getComponentType());
        }
        elements.add(binding.getOperandType(0));
        return listOf(factory, common(factory, elements), false);
    }

    private static RelDataType common(RelDataTypeFactory factory, List<RelDataType> types) {
        List<RelDataType> known = types.stream().filter(type -> !isNull(type)).toList();
        if (known.isEmpty()) {
            return factory.createSqlType(SqlTypeName.NULL);
        }
        RelDataType common = factory.leastRestrictive(known);
        if (common == null) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, "list elements of types " + known + " do not mix");
        }
        return nullable(factory, common);
    }

    private static RelDataType zipType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataTypeFactory.Builder struct = factory.builder();
        for (int index = 0; index < binding.getOperandCount(); index++) {
            RelDataType type = binding.getOperandType(index);
            if (index > 0 && index == binding.getOperandCount() - 1 && type.getSqlTypeName() == SqlTypeName.BOOLEAN) {
                break;
            }
            struct.add(SqlUtil.deriveAliasFromOrdinal(index), nullable(factory, element(type, factory)));
        }
        return listOf(factory, nullable(factory, struct.build()), false);
    }

    // ------------------------------------------------------------------ kernels

    private static Expr count(KernelCall call, ListCountExpr.Counted counted) {
        return new ListCountExpr(call.name(), counted, call.operand(0), call.result());
    }

    private static Expr search(KernelCall call, ListSearchExpr.Answer answer) {
        Expr list = call.operand(0);
        return new ListSearchExpr(call.name(), answer, list, elementOperand(call, list, 1), call.result());
    }

    private static Expr lookup(KernelCall call, MapLookupExpr.Answer answer) {
        Expr map = call.operand(0);
        Expr key = call.operand(1);
        List<Field> entries = map.field().getChildren();
        if (!entries.isEmpty()) {
            key = KernelCall.cast(
                    key, entries.getFirst().getChildren().getFirst().getType());
        }
        return new MapLookupExpr(call.name(), answer, map, key, call.result());
    }

    /** Operand {@code index} in the element type of {@code list} (untyped NULLs stay as they are). */
    private static Expr elementOperand(KernelCall call, Expr list, int index) {
        Expr value = call.operand(index);
        List<Field> children = list.field().getChildren();
        return children.isEmpty()
                ? value
                : KernelCall.cast(value, children.getFirst().getType());
    }

    private static Expr concat(KernelCall call, boolean[] single, boolean nullIfAnyNull) {
        Field result = call.result();
        if (result.getType() instanceof ArrowType.Null) { // list_concat(NULL, NULL): every row NULL
            return new ListConcatExpr(call.name(), call.operands(), single, nullIfAnyNull, result);
        }
        ArrowType element = result.getChildren().getFirst().getType();
        List<Expr> operands = new ArrayList<>();
        for (int index = 0; index < call.operandCount(); index++) {
            Expr operand = call.operand(index);
            operands.add(single[index] ? KernelCall.cast(operand, element) : castList(operand, element));
        }
        return new ListConcatExpr(call.name(), operands, single, nullIfAnyNull, result);
    }

    /** A list operand with elements of type {@code element} (a cast when they differ). */
    /** {@code list} computed as a list of {@code element} (itself when it is one, or untyped). */
    static Expr castList(Expr list, ArrowType element) {
        Field field = list.field();
        if (field.getChildren().isEmpty()
                || field.getChildren().getFirst().getType().equals(element)) {
            return list;
        }
        Field child = field.getChildren().getFirst();
        Field target = new Field(
                field.getName(),
                field.getFieldType(),
                List.of(new Field(
                        child.getName(), new org.apache.arrow.vector.types.pojo.FieldType(true, element, null), null)));
        return new CastExpr(list, target);
    }

    private static Expr reorder(KernelCall call, ListReorderExpr.Kind kind, boolean descending, boolean nullsFirst) {
        return new ListReorderExpr(call.name(), kind, descending, nullsFirst, call.operand(0), call.result());
    }

    /** list_sort(list[, order[, nulls]]) and list_reverse_sort(list[, nulls]). */
    private static Expr sort(KernelCall call, boolean reverse, ListReorderExpr.Kind kind) {
        boolean descending = reverse;
        boolean nullsFirst = false;
        for (int index = 1; index < call.operandCount(); index++) {
            String option =
                    constantText(call, index).trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            switch (option) {
                case "ASC" -> descending = false;
                case "DESC" -> descending = true;
                case "NULLS FIRST" -> nullsFirst = true;
                case "NULLS LAST" -> nullsFirst = false;
                default ->
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            call.name() + ": sort order must be 'ASC' or 'DESC' and NULL order 'NULLS FIRST' or"
                                    + " 'NULLS LAST', not '" + option + "'");
            }
            boolean isOrder = option.equals("ASC") || option.equals("DESC");
            if (isOrder && (reverse || index != 1)) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, call.name() + ": '" + option + "' is not a NULL order");
            }
        }
        return new ListReorderExpr(call.name(), kind, descending, nullsFirst, call.operand(0), call.result());
    }

    private static String constantText(KernelCall call, int index) {
        if (call.operand(index) instanceof LiteralExpr literal && literal.value() instanceof String text) {
            return text;
        }
        throw new QuiverException(
                ErrorCode.UNSUPPORTED, call.name() + " needs a constant string as argument " + (index + 1));
    }

    private static Expr overlap(KernelCall call, boolean all) {
        Expr left = call.operand(0);
        Expr right = call.operand(1);
        List<Field> children = left.field().getChildren();
        if (!children.isEmpty()) {
            right = castList(right, children.getFirst().getType());
        }
        return new ListOverlapExpr(call.name(), all, left, right, call.result());
    }

    private static Expr zip(KernelCall call) {
        List<Expr> lists = new ArrayList<>(call.operands());
        boolean truncate = false;
        Expr last = lists.getLast();
        if (lists.size() > 1 && last.field().getType() instanceof ArrowType.Bool) {
            lists.removeLast();
            if (!(last instanceof LiteralExpr literal)) {
                throw new QuiverException(ErrorCode.UNSUPPORTED, call.name() + " needs a constant truncate flag");
            }
            truncate = Boolean.TRUE.equals(literal.value());
        }
        return new ListZipExpr(call.name(), lists, truncate, call.result());
    }
}
