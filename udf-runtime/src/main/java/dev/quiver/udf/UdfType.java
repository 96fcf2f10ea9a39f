package dev.quiver.udf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.extension.UuidType;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A SQL type a Python function can take or return, with its Arrow layout and its Python type: a
 * scalar type, or a LIST, fixed-size ARRAY, STRUCT or MAP of other types, nested to any depth.
 *
 * <p>All values are nullable at every level; NULL is {@code None} in Python. Build nested types with
 * {@link #list}, {@link #array}, {@link #struct} and {@link #map}.
 *
 * @param name      the type family
 * @param precision total digits, for DECIMAL (1..38); 0 otherwise
 * @param scale     digits after the point, for DECIMAL (0..precision); 0 otherwise
 * @param size      the number of elements of a fixed-size ARRAY (at least 1); 0 otherwise
 * @param fields    the children: a STRUCT's fields in order; the one {@code element} of a LIST or
 *                  ARRAY; {@code key} and {@code value} of a MAP; empty for scalar types
 */
public record UdfType(Name name, int precision, int scale, int size, List<Member> fields) {
    /** The SQL type families, each with its Arrow vector and Python value type. */
    public enum Name {
        /** BitVector; {@code bool}. */
        BOOLEAN,
        /** TinyIntVector; {@code int}. */
        TINYINT,
        /** SmallIntVector; {@code int}. */
        SMALLINT,
        /** IntVector; {@code int}. */
        INTEGER,
        /** BigIntVector; {@code int}. */
        BIGINT,
        /** DecimalVector(38, 0); {@code int} (at most 38 digits). */
        HUGEINT,
        /** Float4Vector; {@code float}. */
        REAL,
        /** Float8Vector; {@code float}. */
        DOUBLE,
        /** DecimalVector (128-bit); {@code decimal.Decimal} (an {@code int} is accepted as a result). */
        DECIMAL,
        /** VarCharVector (UTF-8); {@code str}. */
        VARCHAR,
        /** VarBinaryVector; {@code bytes} ({@code bytearray} accepted as a result). */
        VARBINARY,
        /** DateDayVector (days since 1970-01-01); {@code datetime.date}. */
        DATE,
        /** TimeMicroVector (microseconds since midnight); {@code datetime.time}. */
        TIME,
        /** TimeStampMicroVector (no time zone); naive {@code datetime.datetime}, microseconds. */
        TIMESTAMP,
        /** TimeStampMicroTZVector ("UTC"): an instant; aware {@code datetime.datetime} in UTC. */
        TIMESTAMPTZ,
        /** IntervalMonthDayNanoVector; {@code datetime.timedelta} (an interval with months is refused). */
        INTERVAL,
        /** UuidVector (16 big-endian bytes); {@code uuid.UUID}. */
        UUID,
        /** ListVector with one child {@code element}; {@code list} (a {@code tuple} accepted as a result). */
        LIST,
        /** FixedSizeListVector of {@code size} elements; {@code list} of exactly that length. */
        ARRAY,
        /** StructVector with named children; {@code dict} by field name (any Mapping as a result). */
        STRUCT,
        /** MapVector (entries {@code key}, {@code value}); {@code dict} (any Mapping as a result). */
        MAP
    }

    /**
     * One child of a nested type: a STRUCT field, or the element, key or value of a LIST, ARRAY or MAP.
     *
     * @param name the field's name (any text; {@code element}, {@code key} or {@code value} for the
     *             children of LIST, ARRAY and MAP)
     * @param type its type
     */
    public record Member(String name, UdfType type) {
        public Member {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public static final UdfType BOOLEAN = scalar(Name.BOOLEAN);
    public static final UdfType TINYINT = scalar(Name.TINYINT);
    public static final UdfType SMALLINT = scalar(Name.SMALLINT);
    public static final UdfType INTEGER = scalar(Name.INTEGER);
    public static final UdfType BIGINT = scalar(Name.BIGINT);
    public static final UdfType HUGEINT = scalar(Name.HUGEINT);
    public static final UdfType REAL = scalar(Name.REAL);
    public static final UdfType DOUBLE = scalar(Name.DOUBLE);
    public static final UdfType VARCHAR = scalar(Name.VARCHAR);
    public static final UdfType VARBINARY = scalar(Name.VARBINARY);
    public static final UdfType DATE = scalar(Name.DATE);
    public static final UdfType TIME = scalar(Name.TIME);
    public static final UdfType TIMESTAMP = scalar(Name.TIMESTAMP);
    public static final UdfType TIMESTAMPTZ = scalar(Name.TIMESTAMPTZ);
    public static final UdfType INTERVAL = scalar(Name.INTERVAL);
    public static final UdfType UUID = scalar(Name.UUID);

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public UdfType {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        if (name == Name.DECIMAL) {
            if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("DECIMAL(" + precision + "," + scale
                        + ") is not a valid decimal type: precision must be 1..38 and scale 0..precision");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(name + " takes no precision or scale");
        }
        if (name == Name.ARRAY ? size < 1 : size != 0) {
            throw new IllegalArgumentException(
                    name == Name.ARRAY ? "an ARRAY has at least 1 element, not " + size : name + " takes no size");
        }
        switch (name) {
            case LIST, ARRAY -> requireMembers(name, fields, "element");
            case MAP -> requireMembers(name, fields, "key", "value");
            case STRUCT -> {
                if (fields.isEmpty()) {
                    throw new IllegalArgumentException("a STRUCT has at least one field");
                }
                Set<String> names = new HashSet<>();
                for (Member field : fields) {
                    if (!names.add(field.name())) {
                        throw new IllegalArgumentException("STRUCT field " + field.name() + " appears twice");
                    }
                }
            }
            default -> {
                if (!fields.isEmpty()) {
                    throw new IllegalArgumentException(name + " has no fields");
                }
            }
        }
    }

    /** A flat type without precision, such as {@code INTEGER}; a DECIMAL's are given as well. */
    public UdfType(Name name, int precision, int scale) {
        this(name, precision, scale, 0, List.of());
    }

    private static UdfType scalar(Name name) {
        return new UdfType(name, 0, 0);
    }

    private static void requireMembers(Name name, List<Member> fields, String... names) {
        List<String> actual = fields.stream().map(Member::name).toList();
        if (!actual.equals(List.of(names))) {
            throw new IllegalArgumentException(name + " takes the children " + List.of(names) + ", not " + actual);
        }
    }

    public static UdfType decimal(int precision, int scale) {
        return new UdfType(Name.DECIMAL, precision, scale);
    }

    /** {@code element[]}: a list of any length. */
    public static UdfType list(UdfType element) {
        return new UdfType(Name.LIST, 0, 0, 0, List.of(new Member("element", element)));
    }

    /** {@code element[size]}: a list of exactly {@code size} elements. */
    public static UdfType array(UdfType element, int size) {
        return new UdfType(Name.ARRAY, 0, 0, size, List.of(new Member("element", element)));
    }

    /** {@code STRUCT(name type, ...)}: named fields, in order. */
    public static UdfType struct(List<Member> fields) {
        return new UdfType(Name.STRUCT, 0, 0, 0, fields);
    }

    /** {@code STRUCT(name type, ...)}: named fields, in order. */
    public static UdfType struct(Member... fields) {
        return struct(List.of(fields));
    }

    /** {@code MAP(key, value)}; keys are never NULL. */
    public static UdfType map(UdfType key, UdfType value) {
        return new UdfType(Name.MAP, 0, 0, 0, List.of(new Member("key", key), new Member("value", value)));
    }

    /** A STRUCT field, for {@link #struct}. */
    public static Member field(String name, UdfType type) {
        return new Member(name, type);
    }

    /** Whether this is a LIST, ARRAY, STRUCT or MAP. */
    public boolean isNested() {
        return !fields.isEmpty();
    }

    /** The element type of a LIST or ARRAY, the value type of a MAP. */
    public UdfType element() {
        return switch (name) {
            case LIST, ARRAY -> fields.getFirst().type();
            case MAP -> fields.get(1).type();
            default -> throw new IllegalStateException(name + " has no element type");
        };
    }

    /** The key type of a MAP. */
    public UdfType key() {
        if (name != Name.MAP) {
            throw new IllegalStateException(name + " has no key type");
        }
        return fields.getFirst().type();
    }

    /**
     * The DuckDB spelling, e.g. {@code DECIMAL(10,2)}, {@code INTEGER[]}, {@code VARCHAR[3]},
     * {@code STRUCT(a INTEGER, "b c" MAP(VARCHAR, DOUBLE[]))}; also the type code the Python runtime
     * parses (once per definition).
     */
    public String sql() {
        return switch (name) {
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            case TIMESTAMPTZ -> "TIMESTAMP WITH TIME ZONE";
            case LIST -> element().sql() + "[]";
            case ARRAY -> element().sql() + "[" + size + "]";
            case MAP -> "MAP(" + key().sql() + ", " + element().sql() + ")";
            case STRUCT ->
                fields.stream()
                        .map(field ->
                                quoteName(field.name()) + " " + field.type().sql())
                        .collect(Collectors.joining(", ", "STRUCT(", ")"));
            default -> name.name();
        };
    }

    private static String quoteName(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * Bytes per value in the Arrow data buffer, or 0 for variable width and nested types; BOOLEAN
     * counts as 0 (bits).
     */
    public int fixedWidth() {
        return switch (name) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER, REAL, DATE -> 4;
            case BIGINT, DOUBLE, TIMESTAMP, TIME, TIMESTAMPTZ -> 8;
            case DECIMAL, HUGEINT, INTERVAL, UUID -> 16;
            case BOOLEAN, VARCHAR, VARBINARY, LIST, ARRAY, STRUCT, MAP -> 0;
        };
    }

    public boolean isVariableWidth() {
        return name == Name.VARCHAR || name == Name.VARBINARY;
    }

    /** The Arrow type of the top level; a nested type's children are in {@link #toField}. */
    public ArrowType arrowType() {
        return switch (name) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TINYINT -> new ArrowType.Int(8, true);
            case SMALLINT -> new ArrowType.Int(16, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case HUGEINT -> new ArrowType.Decimal(38, 0, 128);
            case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case VARBINARY -> ArrowType.Binary.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMPTZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case INTERVAL -> new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO);
            case UUID -> UuidType.INSTANCE;
            case LIST -> ArrowType.List.INSTANCE;
            case ARRAY -> new ArrowType.FixedSizeList(size);
            case STRUCT -> ArrowType.Struct.INSTANCE;
            case MAP -> new ArrowType.Map(false);
        };
    }

    /** A nullable Arrow field of this type with all its children, as the contract of issue 10 lays them out. */
    public Field toField(String fieldName) {
        return new Field(fieldName, FieldType.nullable(arrowType()), children());
    }

    private List<Field> children() {
        return switch (name) {
            case LIST, ARRAY -> List.of(element().toField("element"));
            case STRUCT -> fields.stream().map(f -> f.type().toField(f.name())).toList();
            case MAP -> {
                Field key = new Field(MapVector.KEY_NAME, FieldType.notNullable(key().arrowType()), key().children());
                Field entries = new Field(
                        MapVector.DATA_VECTOR_NAME,
                        FieldType.notNullable(ArrowType.Struct.INSTANCE),
                        List.of(key, element().toField(MapVector.VALUE_NAME)));
                yield List.of(entries);
            }
            default -> null;
        };
    }

    /**
     * Whether vectors of {@code field} hold values of this type: the same Arrow layout at every
     * level and the same STRUCT field names (the names of list and map children do not matter). A
     * UUID also accepts plain {@code FixedSizeBinary(16)}, a TIMESTAMPTZ any time zone (the values
     * are UTC instants either way), HUGEINT any {@code Decimal(38, 0)}.
     */
    public boolean accepts(Field field) {
        ArrowType type = field.getType();
        List<Field> children = field.getChildren();
        return switch (name) {
            case UUID ->
                type instanceof UuidType
                        || type.equals(new ArrowType.FixedSizeBinary(16))
                        || type.equals(UuidType.STORAGE_TYPE);
            case TIMESTAMPTZ ->
                type instanceof ArrowType.Timestamp timestamp
                        && timestamp.getUnit() == TimeUnit.MICROSECOND
                        && timestamp.getTimezone() != null;
            case LIST, ARRAY ->
                type.equals(arrowType()) && children.size() == 1 && element().accepts(children.getFirst());
            case STRUCT -> {
                if (!(type instanceof ArrowType.Struct) || children.size() != fields.size()) {
                    yield false;
                }
                for (int index = 0; index < fields.size(); index++) {
                    Member member = fields.get(index);
                    Field child = children.get(index);
                    if (!member.name().equals(child.getName()) || !member.type().accepts(child)) {
                        yield false;
                    }
                }
                yield true;
            }
            case MAP -> {
                if (!(type instanceof ArrowType.Map) || children.size() != 1) {
                    yield false;
                }
                List<Field> entry = children.getFirst().getChildren();
                yield entry.size() == 2
                        && key().accepts(entry.get(0))
                        && element().accepts(entry.get(1));
            }
            default -> type.equals(arrowType());
        };
    }

    /** The UDF type of a flat Arrow type, or an exception naming the unsupported type; see {@link #fromField}. */
    public static UdfType fromArrow(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> BOOLEAN;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 8 -> TINYINT;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 16 -> SMALLINT;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 32 -> INTEGER;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 64 -> BIGINT;
            case ArrowType.FloatingPoint floating when floating.getPrecision() == FloatingPointPrecision.SINGLE -> REAL;
            case ArrowType.FloatingPoint floating
            when floating.getPrecision() == FloatingPointPrecision.DOUBLE -> DOUBLE;
            case ArrowType.Decimal decimal
            when decimal.getBitWidth() == 128 -> decimal(decimal.getPrecision(), decimal.getScale());
            case ArrowType.Utf8 utf8 -> VARCHAR;
            case ArrowType.Binary binary -> VARBINARY;
            case ArrowType.Date date when date.getUnit() == DateUnit.DAY -> DATE;
            case ArrowType.Time time when time.getUnit() == TimeUnit.MICROSECOND && time.getBitWidth() == 64 -> TIME;
            case ArrowType.Timestamp timestamp
            when timestamp.getUnit() == TimeUnit.MICROSECOND && timestamp.getTimezone() == null -> TIMESTAMP;
            case ArrowType.Timestamp timestamp when timestamp.getUnit() == TimeUnit.MICROSECOND -> TIMESTAMPTZ;
            case ArrowType.Interval interval when interval.getUnit() == IntervalUnit.MONTH_DAY_NANO -> INTERVAL;
            case UuidType uuid -> UUID;
            case ArrowType.FixedSizeBinary binary when binary.getByteWidth() == 16 -> UUID;
            default -> throw new IllegalArgumentException("Arrow type " + type + " has no Python UDF mapping");
        };
    }

    /**
     * The UDF type of an Arrow field with its children (a {@code Decimal(38, 0)} is read as
     * DECIMAL(38,0), never HUGEINT), or an exception naming the unsupported type.
     */
    public static UdfType fromField(Field field) {
        List<Field> children = field.getChildren();
        return switch (field.getType()) {
            case ArrowType.List list when children.size() == 1 -> list(fromField(children.getFirst()));
            case ArrowType.FixedSizeList fixed
            when children.size() == 1 -> array(fromField(children.getFirst()), fixed.getListSize());
            case ArrowType.Struct struct
            when !children.isEmpty() -> {
                List<Member> members = new ArrayList<>();
                for (Field child : children) {
                    members.add(new Member(child.getName(), fromField(child)));
                }
                yield struct(members);
            }
            case ArrowType.Map map
            when children.size() == 1 && children.getFirst().getChildren().size() == 2 ->
                map(
                        fromField(children.getFirst().getChildren().get(0)),
                        fromField(children.getFirst().getChildren().get(1)));
            default -> fromArrow(field.getType());
        };
    }

    /** How a field's type reads in messages: its UDF type's spelling, or its Arrow type. */
    public static String describe(Field field) {
        try {
            return fromField(field).sql();
        } catch (IllegalArgumentException e) {
            return field.getType().toString();
        }
    }

    /** How many nodes the type tree has, counting this one: the number of (mask, offsets, data) triples. */
    public int nodeCount() {
        int count = 1;
        for (Member field : fields) {
            count += field.type().nodeCount();
        }
        return count;
    }

    @Override
    public String toString() {
        return sql();
    }
}
