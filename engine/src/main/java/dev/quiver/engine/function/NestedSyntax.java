package dev.quiver.engine.function;

import static java.util.Objects.requireNonNull;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.BuiltinCalls;
import dev.quiver.engine.type.TypeMapping;
import dev.quiver.engine.type.TypeNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlMapValueConstructor;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.util.Util;

/**
 * What the parser builds for DuckDB's nested literals: {@code [a, b]} is a call of {@code list_value},
 * {@code {'x': a, 'y': b}} a call of {@link #STRUCT_LITERAL} (member names as string operands before
 * their values), {@code MAP {k: v}} Calcite's {@code MAP[k, v]}.
 */
public final class NestedSyntax {
    /** {@code {'x': a, 'y': b}}: operands alternate a member name (a string literal) and its value. */
    public static final SqlSpecialOperator STRUCT_LITERAL = new StructLiteral();

    /** {@code MAP {k: v}}: Calcite's {@code MAP[k, v]}, keys and values alternating. */
    public static final SqlMapValueConstructor MAP_LITERAL = new MapLiteral();

    /**
     * DuckDB's {@code unnest(list [, recursive := b | max_depth := n])} in an expression: one row
     * per element (planned as an operator, see UnnestCalls); the optional second operand is the
     * depth, -1 for every list level.
     */
    public static final SqlFunction UNNEST = new UnnestFunction();

    /** DuckDB's {@code struct_pack(a := x, b := y)}: rewritten into a struct literal while validating. */
    public static final SqlFunction STRUCT_PACK = new Rewritten("STRUCT_PACK", NestedSyntax::structPack);

    /**
     * DuckDB's {@code struct_insert(s, a := x, ...)}: rewritten while validating into a struct literal
     * whose first member, named {@link #SPREAD}, is {@code s}, spread into its members when typed.
     */
    public static final SqlFunction STRUCT_INSERT = new Rewritten("STRUCT_INSERT", NestedSyntax::structInsert);

    /**
     * DuckDB's {@code struct_update(s, a := x, ...)}: as {@link #STRUCT_INSERT}, but a member s has is
     * replaced where it stands ({@link #SPREAD_UPDATED}) rather than refused as a duplicate.
     */
    public static final SqlFunction STRUCT_UPDATE = new Rewritten("STRUCT_UPDATE", NestedSyntax::structUpdate);

    /** The member name in a struct literal that stands for every member of its value, a struct. */
    static final String SPREAD = "\u0000members of";

    /** As {@link #SPREAD}, but the literal's later members of the same names replace the struct's. */
    static final String SPREAD_UPDATED = "\u0000members of, updated";

    /**
     * DuckDB's {@code map(keys, values)}: the map of the two lists' elements position by position.
     * The parser reads {@code map(...)} as Spark's MAP constructor; DuckDbSyntax turns those calls
     * into calls of this operator before validation.
     */
    public static final SqlFunction MAP_OF_LISTS = new MapOfLists();

    private NestedSyntax() {}

    /** {@code struct_pack(a := x, b)}: the struct literal {'a': x, 'b': b}; an unnamed column keeps its name. */
    private static SqlNode structPack(SqlCall call) {
        List<SqlNode> operands = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            SqlParserPos position = operand.getParserPosition();
            if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                SqlCall assignment = (SqlCall) operand;
                operands.add(
                        SqlLiteral.createCharString(((SqlIdentifier) assignment.operand(1)).getSimple(), position));
                operands.add(assignment.operand(0));
            } else if (operand instanceof SqlIdentifier column) {
                operands.add(SqlLiteral.createCharString(Util.last(column.names), position));
                operands.add(operand);
            } else {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "struct_pack takes name := value arguments (or columns), not " + operand,
                        position.getLineNum(),
                        position.getColumnNum(),
                        null);
            }
        }
        if (operands.isEmpty()) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "struct_pack needs at least one member");
        }
        return STRUCT_LITERAL.createCall(call.getParserPosition(), operands);
    }

    /** {@code struct_insert(s, a := x)}: the struct literal of s's members (spread) and {'a': x}. */
    private static SqlNode structInsert(SqlCall call) {
        return spreadWith(call, SPREAD, "insert", "struct_insert");
    }

    /** {@code struct_update(s, a := x)}: s's members, a replaced by x where s has it, else added. */
    private static SqlNode structUpdate(SqlCall call) {
        return spreadWith(call, SPREAD_UPDATED, "update", "struct_update");
    }

    private static SqlNode spreadWith(SqlCall call, String marker, String verb, String function) {
        SqlParserPos position = call.getParserPosition();
        if (call.operandCount() < 2) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Can't " + verb + " nothing into a STRUCT: " + function
                            + " takes a struct and name := value arguments",
                    position.getLineNum(),
                    position.getColumnNum(),
                    null);
        }
        SqlCall added = (SqlCall) structPack(
                STRUCT_PACK.createCall(position, call.getOperandList().subList(1, call.operandCount())));
        List<SqlNode> operands = new ArrayList<>();
        operands.add(SqlLiteral.createCharString(marker, position));
        operands.add(call.operand(0));
        operands.addAll(added.getOperandList());
        return STRUCT_LITERAL.createCall(position, operands);
    }

    /** Whether {@code node} is DuckDB's {@code map(keys, values)} call (not Calcite's MAP[...] constructor). */
    static boolean isMapOfLists(SqlNode node) {
        // the grammar parses map(...) as Spark's MAP(k1, v1, ...) function
        return node instanceof SqlBasicCall call
                && (call.getOperator() == SqlLibraryOperators.MAP
                        || (call.getOperator() instanceof SqlUnresolvedFunction function
                                && function.getName().equalsIgnoreCase("map")));
    }

    /** {@code map(keys, values)}: the map of the two lists' elements, position by position. */
    static SqlNode mapOfLists(SqlCall call) {
        SqlParserPos position = call.getParserPosition();
        if (call.operandCount() == 0) { // map(): the empty map
            return MAP_OF_LISTS.createCall(position, listValue(position, List.of()), listValue(position, List.of()));
        }
        if (call.operandCount() != 2) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "map takes a list of keys and a list of values, not " + call.operandCount() + " arguments",
                    position.getLineNum(),
                    position.getColumnNum(),
                    null);
        }
        return MAP_OF_LISTS.createCall(position, call.getOperandList());
    }

    /** MAP(key element, value element), NULL when either list is: keys are never NULL, values may be. */
    private static RelDataType mapOfListsType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType keys = binding.getOperandType(0);
        RelDataType values = binding.getOperandType(1);
        RelDataType map = factory.createMapType(
                factory.createTypeWithNullability(NestedOperands.element(keys, factory), false),
                factory.createTypeWithNullability(NestedOperands.element(values, factory), true));
        return factory.createTypeWithNullability(map, keys.isNullable() || values.isNullable());
    }

    /**
     * {@code unnest(operands)}: the list, then name/value pairs of DuckDB's named options
     * ({@code recursive := true}, {@code max_depth := 2}), which become a depth operand.
     */
    public static SqlNode unnest(SqlParserPos position, List<SqlNode> operands) {
        List<SqlNode> call = new ArrayList<>();
        call.add(operands.getFirst());
        for (int index = 1; index + 1 < operands.size(); index += 2) {
            String name = ((SqlLiteral) operands.get(index)).getValueAs(String.class);
            SqlNode value = operands.get(index + 1);
            SqlParserPos at = value.getParserPosition();
            int depth;
            if (name.equalsIgnoreCase("recursive")
                    && value instanceof SqlLiteral literal
                    && literal.getTypeName() == SqlTypeName.BOOLEAN) {
                depth = Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? -1 : 1;
            } else if (name.equalsIgnoreCase("max_depth")
                    && value instanceof SqlNumericLiteral literal
                    && literal.isInteger()
                    && literal.intValue(true) > 0) {
                depth = literal.intValue(true);
            } else {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "unnest takes recursive := true|false or max_depth := a positive integer, not " + name + " := "
                                + value,
                        at.getLineNum(),
                        at.getColumnNum(),
                        null);
            }
            call.add(SqlLiteral.createExactNumeric(Integer.toString(depth), at));
        }
        if (call.size() > 2) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "unnest takes one of recursive := and max_depth :=, not both",
                    position.getLineNum(),
                    position.getColumnNum(),
                    null);
        }
        return UNNEST.createCall(position, call);
    }

    /**
     * The depth an {@code unnest} call takes its elements from: its depth operand (-1 for all),
     * at most as deep as the type has list levels, at least 1.
     */
    public static int unnestDepth(RelDataType listType, int requested) {
        int levels = 0;
        for (RelDataType type = listType;
                type != null && type.getSqlTypeName() == SqlTypeName.ARRAY;
                type = type.getComponentType()) {
            levels++;
        }
        return Math.max(1, requested < 0 ? levels : Math.min(requested, levels));
    }

    /** {@code [elements]}: list_value(elements). */
    public static SqlNode listValue(SqlParserPos position, List<SqlNode> elements) {
        return call("LIST_VALUE", position, elements);
    }

    /**
     * DuckDB's list comprehension {@code [result FOR x[, i] IN list [IF condition]]}: {@code
     * list_transform} of the list, after {@code list_filter} when there is a condition. With an
     * index parameter the index must stay the element's place in the original list, so both are
     * computed first, as the members of one struct per element, and the filter reads the struct.
     */
    public static SqlNode listComprehension(
            SqlParserPos position, SqlNode result, List<SqlIdentifier> parameters, SqlNode list, SqlNode condition) {
        if (condition == null) {
            return call("LIST_TRANSFORM", position, List.of(list, lambda(position, parameters, result)));
        }
        if (parameters.size() == 1) {
            SqlNode filtered = call("LIST_FILTER", position, List.of(list, lambda(position, parameters, condition)));
            SqlNode copy = parameters.getFirst().clone(position);
            return call(
                    "LIST_TRANSFORM",
                    position,
                    List.of(filtered, lambda(position, List.of((SqlIdentifier) copy), result)));
        }
        SqlNode pairs = structValue(
                position,
                List.of(
                        SqlLiteral.createCharString("filter", position),
                        condition,
                        SqlLiteral.createCharString("result", position),
                        result));
        SqlNode marked = call("LIST_TRANSFORM", position, List.of(list, lambda(position, parameters, pairs)));
        SqlNode kept = call("LIST_FILTER", position, List.of(marked, member(position, "filter")));
        return call("LIST_TRANSFORM", position, List.of(kept, member(position, "result")));
    }

    /** {@code element -> struct_extract(element, 'name')}. */
    private static SqlNode member(SqlParserPos position, String name) {
        SqlIdentifier element = new SqlIdentifier("element", position);
        SqlNode extract = call(
                "STRUCT_EXTRACT",
                position,
                List.of(element.clone(position), SqlLiteral.createCharString(name, position)));
        return lambda(position, List.of(element), extract);
    }

    private static SqlNode lambda(SqlParserPos position, List<SqlIdentifier> parameters, SqlNode body) {
        return new SqlLambda(position, new SqlNodeList(parameters, position), body);
    }

    private static SqlNode call(String name, SqlParserPos position, List<SqlNode> operands) {
        return BuiltinCalls.call(name, position, operands);
    }

    /** {@code {'x': a}}: names and values alternate in {@code operands}. */
    public static SqlNode structValue(SqlParserPos position, List<SqlNode> operands) {
        return STRUCT_LITERAL.createCall(position, operands);
    }

    /** {@code MAP {k: v}}: keys and values alternate in {@code operands}. */
    public static SqlNode mapValue(SqlParserPos position, List<SqlNode> operands) {
        return MAP_LITERAL.createCall(position, operands);
    }

    /**
     * The type of {@code call} by {@code operator}'s own typing: its operands' types, then its
     * operand checks and return type, with no lookup by name that could put another operator in its place.
     */
    private static RelDataType typedItself(
            SqlOperator operator, SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
        for (SqlNode operand : call.getOperandList()) {
            validator.deriveType(scope, operand);
        }
        return operator.validateOperands(validator, scope, call);
    }

    /** The STRUCT type of a struct literal: members named by the literal, every one nullable as in DuckDB. */
    private static RelDataType structType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        int spreadCount = 0; // members spread from struct_update's struct, which named ones may replace
        Set<Integer> updated = new HashSet<>();
        for (int operand = 0; operand + 1 < binding.getOperandCount(); operand += 2) {
            String name = binding.getOperandLiteralValue(operand, String.class);
            RelDataType value = binding.getOperandType(operand + 1);
            if (SPREAD.equals(name) || SPREAD_UPDATED.equals(name)) { // the struct's members come first
                if (!value.isStruct()) {
                    throw new QuiverException(
                            ErrorCode.TYPE_MISMATCH,
                            (SPREAD.equals(name)
                                            ? "struct_insert takes a STRUCT to insert into"
                                            : "The first argument to struct_update must be a STRUCT")
                                    + ", not " + value);
                }
                for (RelDataTypeField member : value.getFieldList()) {
                    names.add(member.getName());
                    types.add(factory.createTypeWithNullability(member.getType(), true));
                }
                spreadCount = SPREAD_UPDATED.equals(name) ? names.size() : 0;
                continue;
            }
            int replaced = replacedMember(names, name, spreadCount);
            if (replaced >= 0 && updated.add(replaced)) { // a second update of it is a duplicate, below
                types.set(replaced, factory.createTypeWithNullability(value, true));
                continue;
            }
            if (name != null && names.stream().anyMatch(name::equalsIgnoreCase)) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY, "Duplicate named argument \"" + name + "\" in a struct");
            }
            names.add(name);
            types.add(factory.createTypeWithNullability(value, true));
        }
        return factory.createStructType(types, names);
    }

    /**
     * The position among the first {@code spreadCount} members (struct_update's struct) of the one
     * named {@code name}, or -1: struct_update replaces it there.
     */
    static int replacedMember(List<String> names, String name, int spreadCount) {
        for (int member = 0; name != null && member < spreadCount; member++) {
            if (names.get(member).equalsIgnoreCase(name)) {
                return member;
            }
        }
        return -1;
    }

    /** The type of an {@code unnest} call's rows: its list's elements, depth levels down. */
    private static RelDataType unnestType(SqlOperatorBinding binding) {
        RelDataType operand = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        switch (operand.getSqlTypeName()) {
            case ARRAY -> {
                int requested = binding.getOperandCount() > 1 ? binding.getOperandLiteralValue(1, Integer.class) : 1;
                RelDataType element = operand;
                for (int level = unnestDepth(operand, requested); level > 0; level--) {
                    element = element.getComponentType();
                }
                return factory.createTypeWithNullability(element, true);
            }
            case ROW, NULL -> {
                return operand;
            }
            default ->
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "UNNEST() can only be applied to lists, structs and NULL, not "
                                + TypeNames.sql(TypeMapping.toField("unnest", operand)));
        }
    }

    /** The operator of {@code unnest} calls in expressions; types the call itself (no overloads). */
    private static final class UnnestFunction extends SqlFunction {
        UnnestFunction() {
            super(
                    "UNNEST",
                    SqlKind.OTHER_FUNCTION,
                    NestedSyntax::unnestType,
                    null,
                    OperandTypes.VARIADIC,
                    SqlFunctionCategory.SYSTEM);
        }

        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            return typedItself(this, validator, scope, call);
        }

        /** Never folded into a constant: one call stands for many rows. */
        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    /** A function that the validator replaces, before typing it, with other calls. */
    private static final class Rewritten extends SqlFunction {
        private final java.util.function.Function<SqlCall, SqlNode> rewrite;

        Rewritten(String name, java.util.function.Function<SqlCall, SqlNode> rewrite) {
            super(
                    name,
                    SqlKind.OTHER_FUNCTION,
                    binding -> {
                        throw new IllegalStateException(name + " is rewritten before it is typed");
                    },
                    null,
                    OperandTypes.VARIADIC,
                    SqlFunctionCategory.SYSTEM);
            this.rewrite = rewrite;
        }

        @Override
        public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
            return rewrite.apply(call);
        }
    }

    /** The operator of DuckDB's {@code map(keys, values)}. */
    private static final class MapOfLists extends SqlFunction {
        MapOfLists() {
            super(
                    "map",
                    SqlKind.OTHER_FUNCTION,
                    NestedSyntax::mapOfListsType,
                    null,
                    NestedOperands.of(
                            2,
                            2,
                            "LIST, LIST",
                            types -> NestedOperands.isList(types.get(0)) && NestedOperands.isList(types.get(1))),
                    SqlFunctionCategory.SYSTEM);
        }

        /** Types the call itself: DuckDbSyntax made it from Spark's MAP, not a name to look up. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            return typedItself(this, validator, scope, call);
        }
    }

    /** The operator of struct literals; unparses as the literal. */
    private static final class StructLiteral extends SqlSpecialOperator {
        StructLiteral() {
            super("$STRUCT", SqlKind.OTHER_FUNCTION, 0, false, NestedSyntax::structType, null, OperandTypes.VARIADIC);
        }

        /** Types the call itself: the member names are not an overload to look up by name. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            return typedItself(this, validator, scope, call);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            SqlWriter.Frame frame = writer.startList("{", "}");
            for (int operand = 0; operand + 1 < call.operandCount(); operand += 2) {
                writer.sep(",");
                call.operand(operand).unparse(writer, 0, 0);
                writer.print(": ");
                call.operand(operand + 1).unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
    }

    /**
     * Calcite's MAP constructor, whose casts of keys and values to their common type keep the
     * lengths of fixed-size ARRAYs: Calcite spells them with a type spec that makes every ARRAY a
     * LIST, so {@code MAP {'k': [1, 2]::INTEGER[2], 'j': NULL}} converted to a map of INTEGER[].
     */
    private static final class MapLiteral extends SqlMapValueConstructor {
        /** Types the call itself: Calcite's lookup by name would put its own constructor back. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            return typedItself(this, validator, scope, call);
        }

        @Override
        public RelDataType inferReturnType(SqlOperatorBinding binding) {
            if (!(binding instanceof SqlCallBinding callBinding)) {
                return super.inferReturnType(binding);
            }
            SqlCall call = callBinding.getCall();
            List<SqlNode> before = List.copyOf(call.getOperandList());
            RelDataType type = super.inferReturnType(binding);
            for (int index = 0; index < before.size(); index++) {
                RelDataType part = requireNonNull(index % 2 == 0 ? type.getKeyType() : type.getValueType());
                if (call.operand(index) != before.get(index) && NestedCast.containsFixedArray(part)) {
                    SqlNode cast = NestedCast.castTo(
                            before.get(index), part, before.get(index).getParserPosition());
                    callBinding.getValidator().setValidatedNodeType(cast, part);
                    call.setOperand(index, cast);
                }
            }
            return type;
        }
    }
}
