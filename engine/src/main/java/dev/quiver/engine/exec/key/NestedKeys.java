package dev.quiver.engine.exec.key;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The one byte encoding of nested values (LIST, fixed-size ARRAY, STRUCT, MAP, to any depth): two
 * values' encodings compare as unsigned bytes exactly as DuckDB orders the values, and are equal
 * exactly when the values are equal as keys. GROUP BY, DISTINCT, joins and set operations hash and
 * compare these bytes ({@link RowKeyEncoder}); ORDER BY, comparisons and min/max compare them.
 *
 * <p>ORDER (DuckDB's): lists lexicographically, element by element, a prefix before the longer
 * list; structs member by member; a map as the list of its entries in stored order; a NULL inside a
 * value after every non-NULL one (so {@code [1, NULL] > [1, 2]} and {@code [NULL] > [1]}), and
 * equal to another NULL ({@code [NULL] = [NULL]}). Leaves as ORDER BY orders them: numbers by value
 * (every integer type, DATE, TIME and TIMESTAMP as a long, so INT and BIGINT elements compare), REAL
 * and DOUBLE with {@code -0.0 = 0.0} and NaN one value above every other, strings by UTF-8 bytes.
 *
 * <p>LAYOUT of a value's payload: an integer-like leaf is 8 big-endian bytes with the sign bit
 * flipped; a float the same of its ordered bits; a DECIMAL 16 bytes (high word sign-flipped, then
 * low); a UUID its 16 bytes; a string its bytes with 0x00 written 0x00 0xFF, then 0x00 0x00; a list
 * each element as a marker ({@value #VALID} then its payload, or {@value #NULL}) then
 * {@value #END}; a struct each member as a marker and payload. A top-level NULL has no encoding:
 * callers handle it (NULLS FIRST/LAST, NULL results, the key's NULL bit).
 *
 * <p># Performance: one virtual call per value and per element, into a growing byte array — meant
 * for nested columns, which have no faster path; the flat key types keep {@link RowKeyEncoder}'s
 * column loops.
 */
public final class NestedKeys {
    /** Marks the end of a list; below both element markers, so a prefix sorts first. */
    static final byte END = 0;
    /** Marks a non-NULL element or member, followed by its payload. */
    static final byte VALID = 1;
    /** Marks a NULL element or member; above VALID, so NULL sorts after every value. */
    static final byte NULL = 2;

    private static final byte ESCAPE = (byte) 0xFF;

    private NestedKeys() {}

    /** The encodings of the rows of one column: row r is {@code bytes[starts[r], starts[r + 1])}, empty when NULL. */
    public record Encoded(byte[] bytes, int[] starts) {
        /** Unsigned comparison of row {@code left} with row {@code right} of {@code other}; both non-NULL. */
        public int compare(int left, Encoded other, int right) {
            return Arrays.compareUnsigned(
                    bytes, starts[left], starts[left + 1], other.bytes, other.starts[right], other.starts[right + 1]);
        }

        public int length(int row) {
            return starts[row + 1] - starts[row];
        }
    }

    /** Whether values of {@code type} are encoded here. */
    public static boolean handles(ArrowType type) {
        return type instanceof ArrowType.List
                || type instanceof ArrowType.FixedSizeList
                || type instanceof ArrowType.Struct
                || type instanceof ArrowType.Map;
    }

    /**
     * The encodings of rows {@code [0, rows)} of {@code vector}.
     *
     * @throws QuiverException UNSUPPORTED when a leaf type has no encoding
     */
    public static Encoded encode(FieldVector vector, int rows) {
        ValueWriter writer = writer(vector);
        Sink sink = new Sink(Math.max(16, rows * 16));
        int[] starts = new int[rows + 1];
        for (int row = 0; row < rows; row++) {
            if (!vector.isNull(row)) {
                writer.write(row, sink);
            }
            starts[row + 1] = sink.size;
        }
        return new Encoded(sink.bytes, starts);
    }

    /** Writes the payload of one non-NULL value of the vector it was built for. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(int index, Sink out);
    }

    /** A growing byte array. */
    private static final class Sink {
        byte[] bytes;
        int size;

        Sink(int capacity) {
            bytes = new byte[capacity];
        }

        void ensure(int more) {
            if (size + more > bytes.length) {
                long grown = Math.max((long) bytes.length * 2, (long) size + more);
                if (grown > Integer.MAX_VALUE - 16) {
                    throw new QuiverException(ErrorCode.MEMORY_LIMIT, "the nested keys of one batch exceed 2 GiB");
                }
                bytes = Arrays.copyOf(bytes, (int) grown);
            }
        }

        void put(byte value) {
            ensure(1);
            bytes[size++] = value;
        }

        void putLong(long value) {
            ensure(Long.BYTES);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }
    }

    private static ValueWriter writer(FieldVector vector) {
        ArrowType type = vector.getField().getType();
        return switch (vector) {
            case ListVector list -> { // MapVector too: a list of key/value structs
                FieldVector elements = list.getDataVector();
                ValueWriter element = marked(elements);
                ArrowBuf offsets = list.getOffsetBuffer();
                yield (index, out) -> {
                    int end = offsets.getInt(((long) index + 1) * Integer.BYTES);
                    for (int position = offsets.getInt((long) index * Integer.BYTES); position < end; position++) {
                        element.write(position, out);
                    }
                    out.put(END);
                };
            }
            case FixedSizeListVector fixed -> {
                ValueWriter element = marked(fixed.getDataVector());
                int size = fixed.getListSize();
                yield (index, out) -> {
                    for (int position = index * size; position < (index + 1) * size; position++) {
                        element.write(position, out);
                    }
                    out.put(END);
                };
            }
            case StructVector struct -> {
                ValueWriter[] members = struct.getChildrenFromFields().stream()
                        .map(NestedKeys::marked)
                        .toArray(ValueWriter[]::new);
                yield (index, out) -> {
                    for (ValueWriter member : members) {
                        member.write(index, out);
                    }
                };
            }
            case BitVector bits -> (index, out) -> out.put((byte) bits.get(index));
            case BaseVariableWidthVector variable
            when type instanceof ArrowType.Utf8 || type instanceof ArrowType.Binary ->
                (index, out) -> writeBytes(variable, index, out);
            case BaseFixedWidthVector fixed -> fixedWriter(fixed, type);
            case NullVector nothing -> (index, out) -> {}; // every value is NULL, and marked so
            default -> throw unsupported(type);
        };
    }

    /** Writes a marker, then the payload when the value is not NULL. */
    private static ValueWriter marked(FieldVector vector) {
        ValueWriter payload = writer(vector);
        return (index, out) -> {
            if (vector.isNull(index)) {
                out.put(NULL);
            } else {
                out.put(VALID);
                payload.write(index, out);
            }
        };
    }

    private static ValueWriter fixedWriter(BaseFixedWidthVector vector, ArrowType type) {
        ArrowBuf data = vector.getDataBuffer();
        return switch (type) {
            case ArrowType.FloatingPoint floating
            when floating.getPrecision() == FloatingPointPrecision.SINGLE ->
                (index, out) -> out.putLong(orderedDouble(data.getFloat((long) index * Float.BYTES)));
            case ArrowType.FloatingPoint floating
            when floating.getPrecision() == FloatingPointPrecision.DOUBLE ->
                (index, out) -> out.putLong(orderedDouble(data.getDouble((long) index * Double.BYTES)));
            case ArrowType.Decimal decimal
            when decimal.getBitWidth() == 128 ->
                (index, out) -> {
                    out.putLong(data.getLong((long) index * 16 + 8) ^ Long.MIN_VALUE);
                    out.putLong(data.getLong((long) index * 16));
                };
            case ArrowType.FixedSizeBinary binary -> {
                int width = binary.getByteWidth();
                yield (index, out) -> {
                    out.ensure(width);
                    data.getBytes((long) index * width, out.bytes, out.size, width);
                    out.size += width;
                };
            }
            case ArrowType.Int integer -> signedLongs(data, integer.getBitWidth() / 8, integer.getIsSigned());
            case ArrowType.Date date -> signedLongs(data, date.getUnit() == DateUnit.DAY ? 4 : 8, true);
            case ArrowType.Time time -> signedLongs(data, time.getBitWidth() / 8, true);
            case ArrowType.Timestamp timestamp -> signedLongs(data, 8, true);
            default -> throw unsupported(type);
        };
    }

    private static ValueWriter signedLongs(ArrowBuf data, int width, boolean signed) {
        return switch (width) {
            case 1 ->
                signed
                        ? (index, out) -> out.putLong(data.getByte(index) ^ Long.MIN_VALUE)
                        : (index, out) -> out.putLong((data.getByte(index) & 0xFFL) ^ Long.MIN_VALUE);
            case 2 ->
                signed
                        ? (index, out) -> out.putLong(data.getShort((long) index * 2) ^ Long.MIN_VALUE)
                        : (index, out) -> out.putLong((data.getShort((long) index * 2) & 0xFFFFL) ^ Long.MIN_VALUE);
            case 4 ->
                signed
                        ? (index, out) -> out.putLong(data.getInt((long) index * 4) ^ Long.MIN_VALUE)
                        : (index, out) -> out.putLong((data.getInt((long) index * 4) & 0xFFFF_FFFFL) ^ Long.MIN_VALUE);
            default ->
                signed
                        ? (index, out) -> out.putLong(data.getLong((long) index * 8) ^ Long.MIN_VALUE)
                        : (index, out) -> out.putLong(data.getLong((long) index * 8)); // UBIGINT: unsigned as is
        };
    }

    /** The bits of a double whose unsigned order is ORDER BY's: -0.0 as 0.0, every NaN one, above +inf. */
    private static long orderedDouble(double value) {
        double normal = Double.isNaN(value) ? Double.NaN : value == 0.0 ? 0.0 : value;
        long bits = Double.doubleToLongBits(normal);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static double fromOrderedDouble(long ordered) {
        return Double.longBitsToDouble(ordered < 0 ? ordered ^ Long.MIN_VALUE : ~ordered);
    }

    private static void writeBytes(BaseVariableWidthVector vector, int index, Sink out) {
        ArrowBuf offsets = vector.getOffsetBuffer();
        ArrowBuf data = vector.getDataBuffer();
        int start = offsets.getInt((long) index * Integer.BYTES);
        int end = offsets.getInt(((long) index + 1) * Integer.BYTES);
        out.ensure((end - start) * 2 + 2);
        byte[] bytes = out.bytes;
        int size = out.size;
        for (int position = start; position < end; position++) {
            byte value = data.getByte(position);
            bytes[size++] = value;
            if (value == 0) {
                bytes[size++] = ESCAPE; // 0x00 0xFF sorts after the terminator 0x00 0x00
            }
        }
        bytes[size++] = 0;
        bytes[size++] = 0;
        out.size = size;
    }

    private static QuiverException unsupported(ArrowType type) {
        return new QuiverException(
                ErrorCode.UNSUPPORTED,
                "nested values holding " + type + " cannot be compared, sorted or used as keys yet");
    }

    // ------------------------------------------------------------------ decoding

    /**
     * The value encoded at {@code bytes[from, ...)} as a Java value that {@link VectorWriter}
     * writes into a vector of {@code field}'s type: a
     * List for a LIST, ARRAY or STRUCT (members in order), a Map for a MAP.
     */
    public static Object decode(Field field, byte[] bytes, int from) {
        return new Reader(bytes, from).payload(field);
    }

    /**
     * A new vector of {@code field}'s type whose value {@code i} is decoded from {@code
     * sources[i]} at {@code from[i]} ({@link #decode}), NULL where {@code sources[i]} is null.
     */
    public static FieldVector decodeVector(
            Field field, byte[][] sources, int[] from, int count, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        try {
            vector.allocateNew();
            for (int index = 0; index < count; index++) {
                byte[] source = sources[index];
                VectorWriter.set(vector, index, source == null ? null : decode(field, source, from[index]));
            }
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** A cursor over encoded bytes. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        private long readLong() {
            long value = 0;
            for (int index = 0; index < Long.BYTES; index++) {
                value = (value << 8) | (bytes[position++] & 0xFF);
            }
            return value;
        }

        private Object marked(Field field) {
            return bytes[position++] == NULL ? null : payload(field);
        }

        Object payload(Field field) {
            ArrowType type = field.getType();
            return switch (type) {
                case ArrowType.Map map -> {
                    List<Field> entry = field.getChildren().getFirst().getChildren();
                    Map<Object, Object> entries = new LinkedHashMap<>();
                    while (bytes[position++] != END) { // each entry is a VALID struct
                        Object key = marked(entry.get(0));
                        entries.put(key, marked(entry.get(1)));
                    }
                    yield entries;
                }
                case ArrowType.List list -> elements(field.getChildren().getFirst());
                case ArrowType.FixedSizeList list ->
                    elements(field.getChildren().getFirst());
                case ArrowType.Struct struct -> {
                    List<Object> members = new ArrayList<>(field.getChildren().size());
                    for (Field member : field.getChildren()) {
                        members.add(marked(member));
                    }
                    yield members;
                }
                case ArrowType.Bool bool -> bytes[position++] != 0;
                case ArrowType.Utf8 utf8 -> new String(readBytes(), StandardCharsets.UTF_8);
                case ArrowType.Binary binary -> readBytes();
                case ArrowType.FloatingPoint floating -> fromOrderedDouble(readLong());
                case ArrowType.Decimal decimal -> {
                    long high = readLong() ^ Long.MIN_VALUE;
                    long low = readLong();
                    BigInteger unscaled = BigInteger.valueOf(high)
                            .shiftLeft(64)
                            .or(BigInteger.valueOf(low)
                                    .and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
                    yield new BigDecimal(unscaled, decimal.getScale());
                }
                case ArrowType.FixedSizeBinary binary -> {
                    byte[] value = Arrays.copyOfRange(bytes, position, position + binary.getByteWidth());
                    position += binary.getByteWidth();
                    yield value;
                }
                case ArrowType.Int integer when !integer.getIsSigned() && integer.getBitWidth() == 64 -> readLong();
                case ArrowType.Null nothing -> null;
                default -> readLong() ^ Long.MIN_VALUE;
            };
        }

        private List<Object> elements(Field element) {
            List<Object> values = new ArrayList<>();
            while (bytes[position] != END) {
                values.add(marked(element));
            }
            position++;
            return values;
        }

        private byte[] readBytes() {
            int end = position;
            int length = 0;
            while (!(bytes[end] == 0 && bytes[end + 1] == 0)) {
                end += bytes[end] == 0 ? 2 : 1;
                length++;
            }
            byte[] value = new byte[length];
            int out = 0;
            for (int index = position; index < end; index += bytes[index] == 0 ? 2 : 1) {
                value[out++] = bytes[index];
            }
            position = end + 2;
            return value;
        }
    }
}
