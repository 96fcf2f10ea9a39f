package dev.quiver.engine.jdbc;

import dev.quiver.engine.sql.SqlParameters;
import dev.quiver.engine.type.TypeNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * JDBC parameter values as {@link SqlParameters} binds them: scalars as Java values; a
 * {@link java.sql.Array}, {@code List} or {@code Object[]} as a LIST (an Array with its type, so an
 * empty one is typed too); a {@code Map} as a MAP; a {@link java.sql.Struct} as a STRUCT whose
 * member names come from its type; nested to any depth.
 */
final class JdbcParameters {
    private JdbcParameters() {}

    /**
     * {@code value} of parameter {@code index} as a bind value.
     *
     * @throws SQLException 22023 for a value Quiver cannot bind (named with its class and place)
     */
    static Object bindable(Object value, int index, QuiverConnection connection) throws SQLException {
        return switch (value) {
            case null -> null;
            case Boolean bool -> bool;
            case Byte number -> number;
            case Short number -> number;
            case Integer number -> number;
            case Long number -> number;
            case BigInteger number -> number;
            case Float number -> number;
            case Double number -> number;
            case BigDecimal number -> number;
            case String text -> text;
            case Character character -> character.toString();
            case byte[] bytes -> bytes.clone();
            case Date date -> date.toLocalDate();
            case Timestamp timestamp -> timestamp.toLocalDateTime();
            case LocalDate date -> date;
            case LocalDateTime time -> time;
            case java.time.LocalTime time -> time;
            case java.sql.Time time -> time.toLocalTime();
            case java.time.OffsetDateTime time -> time;
            case java.time.ZonedDateTime time -> time;
            case java.time.Instant instant -> instant;
            case java.util.UUID uuid -> uuid;
            case QuiverArray array ->
                new SqlParameters.Typed(
                        elements(Arrays.asList((Object[]) array.getArray()), index, connection), array.sqlType());
            case Array array -> foreignArray(array, index, connection);
            case Struct struct -> struct(struct, index, connection);
            case List<?> list -> elements(list, index, connection);
            case Object[] array -> elements(Arrays.asList(array), index, connection);
            case Map<?, ?> map -> {
                Map<Object, Object> entries = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    entries.put(
                            bindable(entry.getKey(), index, connection), bindable(entry.getValue(), index, connection));
                }
                yield entries;
            }
            default ->
                throw new SQLException(
                        "parameter " + index + ": Quiver cannot bind a "
                                + value.getClass().getName()
                                + " (use a number, String, Boolean, byte[], Date, Timestamp, LocalDate,"
                                + " LocalDateTime, LocalTime, OffsetDateTime, Instant, UUID, java.sql.Array,"
                                + " List or Object[] for a LIST, Map for a MAP, java.sql.Struct for a STRUCT)",
                        "22023");
        };
    }

    private static List<Object> elements(List<?> values, int index, QuiverConnection connection) throws SQLException {
        List<Object> elements = new ArrayList<>(values.size());
        for (Object element : values) {
            elements.add(bindable(element, index, connection));
        }
        return elements;
    }

    /** Another driver's Array: its elements and its base type's name. */
    private static Object foreignArray(Array array, int index, QuiverConnection connection) throws SQLException {
        if (!(array.getArray() instanceof Object[] elements)) {
            throw new SQLException(
                    "parameter " + index + ": an Array whose getArray() is not an Object[] cannot be bound", "22023");
        }
        return new SqlParameters.Typed(
                elements(Arrays.asList(elements), index, connection), array.getBaseTypeName() + "[]");
    }

    /** A STRUCT: member names from its type ({@code STRUCT(a INTEGER, b VARCHAR)}), values in order. */
    private static Object struct(Struct struct, int index, QuiverConnection connection) throws SQLException {
        Object[] attributes = struct.getAttributes();
        List<String> names = struct instanceof QuiverStruct ours && ours.memberNames() != null
                ? ours.memberNames()
                : memberNames(connection.typeOf(struct.getSQLTypeName()), struct.getSQLTypeName());
        if (names.size() != attributes.length) {
            throw new SQLException(
                    "parameter " + index + ": a " + struct.getSQLTypeName() + " has " + names.size()
                            + " members, the Struct " + attributes.length + " values",
                    "22023");
        }
        List<Object> values = elements(Arrays.asList(attributes), index, connection);
        return new SqlParameters.Typed(new SqlParameters.StructValue(names, values), struct.getSQLTypeName());
    }

    /** The member names of STRUCT type {@code field} ({@code typeName} names it in errors). */
    static List<String> memberNames(Field field, String typeName) throws SQLException {
        if (!(field.getType() instanceof ArrowType.Struct)) {
            throw new SQLException(
                    "'" + typeName + "' is " + TypeNames.sql(field) + ", not a STRUCT type such as"
                            + " STRUCT(a INTEGER, b VARCHAR)",
                    "22023");
        }
        return field.getChildren().stream().map(Field::getName).toList();
    }
}
