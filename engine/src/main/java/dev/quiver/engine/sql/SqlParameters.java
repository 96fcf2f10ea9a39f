package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Statement parameters ({@code ?}): binding replaces each {@link SqlDynamicParam} of a freshly parsed
 * statement by a typed literal before validation, so a value is never pasted into SQL text (a string
 * with quotes stays one string) and the planner sees ordinary constants.
 *
 * <p>Values: null, {@link TypedNull}, Boolean, Byte, Short, Integer, Long, BigInteger, Float, Double,
 * BigDecimal, String, byte[], LocalDate, LocalDateTime, LocalTime, OffsetDateTime, ZonedDateTime,
 * Instant, UUID; nested: a {@code List} (a LIST, {@code list_value}), a {@code Map} (a MAP), a
 * {@link StructValue} (a STRUCT, {@code struct_pack}), to any depth, and {@link Typed} for a value
 * cast to a named type. Integers keep their width ({@code CAST(5 AS BIGINT)} for a Long); a plain
 * null is an untyped NULL.
 */
public final class SqlParameters {
    private SqlParameters() {}

    /** A NULL of a known SQL type, as JDBC's {@code setNull(index, sqlType)} gives. */
    public record TypedNull(SqlTypeName type) {}

    /**
     * A value cast to a type named in SQL ({@code INTEGER[]}, {@code STRUCT(a INTEGER, b VARCHAR)}),
     * as JDBC's {@code createArrayOf} and {@code createStruct} name their types. Only the type's text
     * is parsed, never the value's.
     */
    public record Typed(Object value, String type) {}

    /**
     * A STRUCT value: its members' names and values, in order (values as {@link #bind} takes them).
     */
    public record StructValue(List<String> names, List<?> values) {
        public StructValue {
            names = List.copyOf(names);
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values)); // may hold NULLs
            if (names.size() != values.size()) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "a STRUCT of " + names.size() + " members given " + values.size() + " values");
            }
        }
    }

    /** How many {@code ?} parameters {@code sql} (one statement) has; syntax errors as {@link SqlParsing} reports them. */
    public static int count(String sql) {
        return count(SqlParsing.parseStatement(sql));
    }

    /** How many values the parameters of a parsed statement need (see {@link #count(List)}). */
    public static int count(SqlNode statement) {
        return count(parameters(statement));
    }

    /**
     * How many values the parameters need: one per number up to the largest ({@code $1} may stand
     * several times; each {@code ?} has a number of its own).
     */
    private static int count(List<Slot> slots) {
        return slots.stream()
                .mapToInt(slot -> slot.parameter().getIndex() + 1)
                .max()
                .orElse(0);
    }

    /**
     * Replaces the statement's parameters, in place, by literals of {@code values} (the first value
     * for the first {@code ?}). The statement must be fresh from the parser: it is changed. A query
     * whose LIMIT or OFFSET is a parameter comes back as a new node (the parser's ORDER BY node
     * cannot change them in place).
     *
     * @throws QuiverException INVALID_ARGUMENT when the number of values differs from the number of
     *     parameters or a value has an unsupported type; UNSUPPORTED for a {@code ?} where Quiver
     *     cannot take one
     */
    public static SqlNode bind(SqlNode statement, List<?> values) {
        List<Slot> slots = parameters(statement);
        checkCount(count(slots), values.size());
        SqlNode bound = statement;
        for (Slot slot : slots) {
            SqlParserPos position = slot.parameter().getParserPosition();
            SqlNode literal = literal(
                    values.get(slot.parameter().getIndex()), slot.parameter().getIndex() + 1, position);
            if (slot.parent() == statement && bound instanceof SqlOrderBy order) {
                // LIMIT $1 OFFSET $2 of the statement: a bare number, as the validator takes no CAST there
                Object value = values.get(slot.parameter().getIndex());
                bound = withOperand(
                        order,
                        slot.index(),
                        value instanceof Number number && slot.index() >= 2
                                ? exact(number.toString(), position)
                                : literal);
            } else {
                slot.replaceWith(literal);
            }
        }
        return bound;
    }

    /** {@code order} with operand {@code index} (0 query, 1 ORDER BY list, 2 OFFSET, 3 FETCH) replaced. */
    private static SqlOrderBy withOperand(SqlOrderBy order, int index, SqlNode operand) {
        List<SqlNode> operands = new ArrayList<>(order.getOperandList());
        operands.set(index, operand);
        return new SqlOrderBy(
                order.getParserPosition(),
                operands.get(0),
                (SqlNodeList) operands.get(1),
                operands.get(2),
                operands.get(3));
    }

    /**
     * Prepares a freshly parsed statement for a plan that serves many executions: a parameter whose
     * value has a simple type (BOOLEAN, the integers, REAL, DOUBLE, a DECIMAL with a fraction, VARCHAR,
     * DATE) stays a parameter, cast to that type ({@code CAST(? AS INTEGER)}) so that the validator
     * types it as a literal of the value would be typed; any other value (NULL, nested values, times,
     * whole-number decimals) is bound as a literal, as {@link #bind} does. Changes the statement in
     * place.
     *
     * @return the values' {@link #planKey}
     * @throws QuiverException as {@link #bind}
     */
    public static List<String> bindTypes(SqlNode statement, List<?> values) {
        List<Slot> slots = parameters(statement);
        checkCount(count(slots), values.size());
        for (Slot slot : slots) {
            SqlDynamicParam parameter = slot.parameter();
            SqlParserPos position = parameter.getParserPosition();
            Object value = values.get(parameter.getIndex());
            SqlDataTypeSpec type = parameterType(value, position);
            slot.replaceWith(
                    type != null
                            // a quoted position marks the cast as this method's: the column is named $n
                            ? SqlStdOperatorTable.CAST.createCall(position.withQuoting(true), parameter, type)
                            : literal(value, parameter.getIndex() + 1, position));
        }
        return planKey(values);
    }

    /**
     * What a plan made by {@link #bindTypes} depends on, computed from the values alone (no
     * statement): per parameter the type's name for one that stays a parameter ({@code "INTEGER"},
     * {@code "DECIMAL(3, 2)"}), or {@code "="} and the literal's SQL for one bound as a literal. Values
     * with equal keys can share one plan.
     *
     * @throws QuiverException INVALID_ARGUMENT for a value of a type Quiver cannot bind
     */
    public static List<String> planKey(List<?> values) {
        List<String> key = new ArrayList<>(values.size());
        for (int index = 0; index < values.size(); index++) {
            Object value = values.get(index);
            SqlDataTypeSpec type = parameterType(value, SqlParserPos.ZERO);
            key.add(type != null ? type.toString() : "=" + literal(value, index + 1, SqlParserPos.ZERO));
        }
        return key;
    }

    /**
     * Whether {@link #bindTypes} keeps a parameter with this value a parameter (its value is then
     * read at run time), rather than binding it as a literal.
     */
    public static boolean staysParameter(Object value) {
        return parameterType(value, SqlParserPos.ZERO) != null;
    }

    /** Whether {@link #literalValue} reads {@code node}: a literal, or a minus before a numeric one. */
    public static boolean isPlainLiteral(SqlNode node) {
        if (node.getKind() == SqlKind.MINUS_PREFIX) {
            return ((SqlCall) node).operand(0) instanceof SqlNumericLiteral;
        }
        return node instanceof SqlLiteral literal
                && (literal.getTypeName() == SqlTypeName.NULL
                        || literal instanceof SqlNumericLiteral
                        || literal instanceof SqlCharStringLiteral
                        || literal.getTypeName() == SqlTypeName.BOOLEAN
                        || literal instanceof SqlDateLiteral);
    }

    /**
     * The value of a plain literal as a parameter value that plans as the literal does: an integer
     * as Integer (Long, BigDecimal when larger), a number with a fraction as BigDecimal, an
     * approximate one as Double, a string as String, a DATE as LocalDate, NULL as null.
     */
    public static Object literalValue(SqlNode node) {
        if (node.getKind() == SqlKind.MINUS_PREFIX) {
            Object value = literalValue(((SqlCall) node).operand(0));
            return switch (value) {
                case Integer integer when integer != Integer.MIN_VALUE -> -integer;
                case Long big when big != Long.MIN_VALUE -> -big;
                case Double dbl -> -dbl;
                default -> new BigDecimal(value.toString()).negate(); // a BigDecimal, or a minimum value
            };
        }
        SqlLiteral literal = (SqlLiteral) node;
        return switch (literal) {
            case SqlNumericLiteral number
            when number.isExact() -> {
                BigDecimal value = number.getValueAs(BigDecimal.class);
                if (value.scale() > 0) {
                    yield value;
                }
                BigInteger whole = value.toBigIntegerExact();
                yield whole.bitLength() < 32
                        ? (Object) whole.intValue()
                        : whole.bitLength() < 64 ? (Object) whole.longValue() : value;
            }
            case SqlNumericLiteral number -> number.getValueAs(Double.class);
            case SqlCharStringLiteral text -> text.getValueAs(String.class);
            case SqlDateLiteral date ->
                LocalDate.ofEpochDay(date.getValueAs(DateString.class).getDaysSinceEpoch());
            default -> literal.getTypeName() == SqlTypeName.NULL ? null : literal.booleanValue();
        };
    }

    /**
     * The type a value of a simple type is planned with when it stays a parameter — the type its
     * literal would have — or null when the value is bound as a literal instead.
     */
    private static SqlDataTypeSpec parameterType(Object value, SqlParserPos position) {
        SqlTypeName type = switch (value) {
            case Boolean ignored -> SqlTypeName.BOOLEAN;
            case Byte ignored -> SqlTypeName.TINYINT;
            case Short ignored -> SqlTypeName.SMALLINT;
            case Integer ignored -> SqlTypeName.INTEGER;
            case Long ignored -> SqlTypeName.BIGINT;
            case Float ignored -> SqlTypeName.REAL;
            case Double ignored -> SqlTypeName.DOUBLE;
            case String ignored -> SqlTypeName.VARCHAR;
            case LocalDate ignored -> SqlTypeName.DATE;
            case BigDecimal decimal when decimal.scale() > 0 -> SqlTypeName.DECIMAL;
            case null, default -> null;
        };
        if (type == null) {
            return null;
        }
        SqlBasicTypeNameSpec name;
        if (value instanceof BigDecimal decimal) {
            // the precision and scale of the literal's digits, as the parser types 0.05 (DECIMAL(3,2))
            String digits = decimal.abs().toPlainString();
            int precision = digits.length() - 1;
            int scale = decimal.scale();
            if (precision > 38) {
                return null;
            }
            name = new SqlBasicTypeNameSpec(type, precision, scale, position);
        } else {
            name = new SqlBasicTypeNameSpec(type, position);
        }
        return new SqlDataTypeSpec(name, position);
    }

    private static void checkCount(int parameters, int values) {
        if (parameters != values) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "the statement has " + parameters
                            + " parameter" + (parameters == 1 ? "" : "s") + " but " + values
                            + (values == 1 ? " value was" : " values were") + " given"
                            + (values < parameters
                                    ? ": no value for " + numbers(values + 1, parameters)
                                    : ": nothing takes value " + numbers(parameters + 1, values)));
        }
    }

    /** "$3" or "$3 to $5": the parameter numbers {@code first} to {@code last}. */
    private static String numbers(int first, int last) {
        return first == last ? "$" + first : "$" + first + " to $" + last;
    }

    /**
     * One INSERT for a whole batch of parameter rows: when {@code sql} is {@code INSERT INTO t [(columns)]
     * VALUES (...)} with a single row, the statement with one VALUES row per entry of {@code rows}, each
     * row bound to its values as {@link #bind} would. One insert plans and runs once instead of once
     * per row.
     *
     * @throws QuiverException INVALID_ARGUMENT for another kind of statement or no rows
     */
    public static SqlInsert bindRows(String sql, List<? extends List<?>> rows) {
        SqlNode first = SqlParsing.parseStatement(sql);
        if (rows.isEmpty() || singleValuesRow(first) == null) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "a batch insert needs INSERT … VALUES with one row of parameters and at least one row of values");
        }
        SqlInsert insert = (SqlInsert) first;
        SqlNode template = singleValuesRow(first);
        List<SqlNode> boundRows = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            // Each row gets its own copy of the parsed row: binding replaces parameters in place.
            SqlNode copy = template.accept(new DeepCopy());
            bind(copy, row);
            boundRows.add(copy);
        }
        SqlCall values = (SqlCall) insert.getSource();
        insert.setOperand(2, SqlStdOperatorTable.VALUES.createCall(values.getParserPosition(), boundRows));
        return insert;
    }

    /** Copies every call and list of a tree (the parser's nodes are mutable); leaves stay shared. */
    private static final class DeepCopy extends SqlShuttle {
        @Override
        public SqlNode visit(SqlCall call) {
            CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
            call.getOperator().acceptCall(this, call, false, handler);
            return handler.result();
        }

        @Override
        public SqlNode visit(SqlNodeList list) {
            SqlNodeList copy = new SqlNodeList(list.getParserPosition());
            for (SqlNode item : list) {
                copy.add(item == null ? null : item.accept(this));
            }
            return copy;
        }
    }

    /** Whether {@code sql} is {@code INSERT INTO t [(columns)] VALUES (…)} with exactly one row. */
    public static boolean isSingleRowInsert(String sql) {
        return singleValuesRow(SqlParsing.parseStatement(sql)) != null;
    }

    /** The one row of {@code INSERT … VALUES (row)}, or null when the statement has another shape. */
    private static SqlNode singleValuesRow(SqlNode statement) {
        if (statement instanceof SqlInsert insert
                && insert.getSource() instanceof SqlCall values
                && values.getKind() == SqlKind.VALUES
                && values.operandCount() == 1
                && values.operand(0).getKind() == SqlKind.ROW) {
            return values.operand(0);
        }
        return null;
    }

    /**
     * The statement's parameters in order ({@code ?} number 1 first), as the parser made them; the
     * validator gives each its type.
     */
    public static List<SqlDynamicParam> of(SqlNode statement) {
        Map<Integer, SqlDynamicParam> byIndex = new TreeMap<>(); // $1 twice is one parameter
        for (Slot slot : parameters(statement)) {
            byIndex.putIfAbsent(slot.parameter().getIndex(), slot.parameter());
        }
        return List.copyOf(byIndex.values());
    }

    /** Where one parameter stands: operand {@code index} of {@code parent} (a call or a node list). */
    private record Slot(SqlDynamicParam parameter, SqlNode parent, int index) {
        void replaceWith(SqlNode literal) {
            if (parent instanceof SqlNodeList list) {
                list.set(index, literal);
                return;
            }
            try {
                ((SqlCall) parent).setOperand(index, literal);
            } catch (UnsupportedOperationException e) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "a parameter (?) cannot stand here yet",
                        parameter.getParserPosition().getLineNum(),
                        parameter.getParserPosition().getColumnNum(),
                        e);
            }
        }
    }

    private static List<Slot> parameters(SqlNode statement) {
        List<Slot> slots = new ArrayList<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                List<SqlNode> operands = call.getOperandList();
                for (int index = 0; index < operands.size(); index++) {
                    SqlNode operand = operands.get(index);
                    if (operand instanceof SqlDynamicParam parameter) {
                        slots.add(new Slot(parameter, call, index));
                    } else if (operand != null) {
                        operand.accept(this);
                    }
                }
                return null;
            }

            @Override
            public Void visit(SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    SqlNode item = list.get(index);
                    if (item instanceof SqlDynamicParam parameter) {
                        slots.add(new Slot(parameter, list, index));
                    } else if (item != null) {
                        item.accept(this);
                    }
                }
                return null;
            }
        });
        return slots;
    }

    /** The SQL literal (perhaps inside a CAST that fixes its type) for parameter {@code number}'s value. */
    private static SqlNode literal(Object value, int number, SqlParserPos position) {
        return switch (value) {
            case null -> SqlLiteral.createNull(position);
            case TypedNull typed -> cast(SqlLiteral.createNull(position), typed.type(), position);
            case Boolean bool -> SqlLiteral.createBoolean(bool, position);
            case Byte tiny -> cast(exact(tiny.toString(), position), SqlTypeName.TINYINT, position);
            case Short small -> cast(exact(small.toString(), position), SqlTypeName.SMALLINT, position);
            case Integer integer -> cast(exact(integer.toString(), position), SqlTypeName.INTEGER, position);
            case Long big -> cast(exact(big.toString(), position), SqlTypeName.BIGINT, position);
            case BigInteger big -> exact(big.toString(), position);
            case BigDecimal decimal -> exact(decimal.toPlainString(), position);
            case Float real -> cast(approximate(real.doubleValue(), position), SqlTypeName.REAL, position);
            case Double dbl -> cast(approximate(dbl, position), SqlTypeName.DOUBLE, position);
            case String text -> SqlLiteral.createCharString(text, position);
            case byte[] bytes -> SqlLiteral.createBinaryString(bytes, position);
            case LocalDate date ->
                SqlLiteral.createDate(DateString.fromDaysSinceEpoch((int) date.toEpochDay()), position);
            case LocalDateTime time ->
                SqlLiteral.createTimestamp(
                        SqlTypeName.TIMESTAMP,
                        new TimestampString(
                                        time.getYear(),
                                        time.getMonthValue(),
                                        time.getDayOfMonth(),
                                        time.getHour(),
                                        time.getMinute(),
                                        time.getSecond())
                                .withNanos(time.getNano() / 1_000 * 1_000),
                        6,
                        position);
            case LocalTime time ->
                cast(SqlLiteral.createCharString(time.toString(), position), SqlTypeName.TIME, position);
            case OffsetDateTime time -> timestampTz(time.toInstant(), position);
            case ZonedDateTime time -> timestampTz(time.toInstant(), position);
            case Instant instant -> timestampTz(instant, position);
            case UUID uuid -> cast(SqlLiteral.createCharString(uuid.toString(), position), SqlTypeName.UUID, position);
            case Typed typed -> castTo(literal(typed.value(), number, position), typed.type(), number, position);
            case List<?> list -> call("LIST_VALUE", literals(list, number, position), position);
            case StructValue struct -> {
                List<SqlNode> members = new ArrayList<>();
                for (int member = 0; member < struct.names().size(); member++) {
                    members.add(SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(
                            position,
                            literal(struct.values().get(member), number, position),
                            new SqlIdentifier(struct.names().get(member), position)));
                }
                if (members.isEmpty()) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT, "parameter " + number + " is a STRUCT without members");
                }
                yield call("STRUCT_PACK", members, position);
            }
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "parameter " + number + " is an empty map, which Quiver cannot bind yet (MAP {} has"
                                    + " no type); bind NULL or a map with entries");
                }
                List<SqlNode> entries = new ArrayList<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getKey() == null) {
                        throw new QuiverException(
                                ErrorCode.INVALID_ARGUMENT, "parameter " + number + " is a map with a NULL key");
                    }
                    entries.add(literal(entry.getKey(), number, position));
                    entries.add(literal(entry.getValue(), number, position));
                }
                yield SqlStdOperatorTable.MAP_VALUE_CONSTRUCTOR.createCall(position, entries);
            }
            default ->
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "parameter " + number + " has a value of type "
                                + value.getClass().getName()
                                + ", which Quiver cannot use; use a number, String, Boolean, byte[],"
                                + " LocalDate, LocalDateTime, LocalTime, OffsetDateTime, Instant, UUID,"
                                + " a List (LIST), a Map (MAP) or a StructValue (STRUCT)");
        };
    }

    private static List<SqlNode> literals(List<?> values, int number, SqlParserPos position) {
        List<SqlNode> literals = new ArrayList<>(values.size());
        for (Object value : values) {
            literals.add(literal(value, number, position));
        }
        return literals;
    }

    /** A call of built-in {@code name}, resolved by the validator as if the query had named it. */
    private static SqlNode call(String name, List<SqlNode> operands, SqlParserPos position) {
        return BuiltinCalls.call(name, position, operands);
    }

    /** {@code CAST(operand AS type)}, the type parsed from its SQL text alone. */
    private static SqlNode castTo(SqlNode operand, String type, int number, SqlParserPos position) {
        SqlNode parsed;
        try {
            parsed = SqlParsing.parseExpression("CAST(NULL AS " + type + ")");
        } catch (QuiverException e) {
            parsed = null;
        }
        if (!(parsed instanceof SqlCall cast)
                || parsed.getKind() != SqlKind.CAST
                || !(cast.operand(1) instanceof SqlDataTypeSpec spec)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "parameter " + number + ": '" + type + "' is not a SQL type");
        }
        return SqlStdOperatorTable.CAST.createCall(position, operand, spec);
    }

    /** A negative number is a minus applied to a positive literal, as the parser would build it. */
    private static SqlNode exact(String digits, SqlParserPos position) {
        if (digits.startsWith("-")) {
            return SqlStdOperatorTable.UNARY_MINUS.createCall(
                    position, SqlLiteral.createExactNumeric(digits.substring(1), position));
        }
        return SqlLiteral.createExactNumeric(digits, position);
    }

    /** A DOUBLE literal; NaN and the infinities, which have no literal, as a cast string. */
    private static SqlNode approximate(double value, SqlParserPos position) {
        if (!Double.isFinite(value)) {
            return SqlLiteral.createCharString(
                    Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", position);
        }
        String text = Double.toString(Math.abs(value));
        SqlNode literal = SqlLiteral.createApproxNumeric(text.contains("E") ? text : text + "E0", position);
        return value < 0 || (value == 0 && 1 / value < 0)
                ? SqlStdOperatorTable.UNARY_MINUS.createCall(position, literal)
                : literal;
    }

    /** A TIMESTAMPTZ from an instant: its UTC text with an explicit offset, read whatever the session's zone. */
    private static SqlNode timestampTz(Instant instant, SqlParserPos position) {
        String text =
                instant.atOffset(ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ') + "+00";
        return cast(SqlLiteral.createCharString(text, position), SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, position);
    }

    private static SqlNode cast(SqlNode operand, SqlTypeName type, SqlParserPos position) {
        SqlDataTypeSpec spec = new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, position), position);
        return SqlStdOperatorTable.CAST.createCall(position, operand, spec);
    }
}
