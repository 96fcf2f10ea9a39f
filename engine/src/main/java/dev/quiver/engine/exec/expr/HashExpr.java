package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code hash(value, ...)}: DuckDB's 64-bit hash of a row of values, bit for bit, so hashes computed
 * by Quiver and by DuckDB partition and compare alike. The result is DECIMAL(20,0) holding DuckDB's
 * unsigned value (Quiver has no UBIGINT); never NULL.
 *
 * <p>DuckDB's algorithm (its docs and {@code vector_hash.cpp}, read, not copied): a leaf is hashed
 * by the mixer {@link #mix} over its physical value — 8-, 16- and 32-bit integers (and BOOLEAN,
 * DATE, DECIMAL up to 9 digits) zero-extended from 32 bits, 64-bit ones as they are, 128-bit ones
 * (DECIMAL over 18 digits, HUGEINT, UUID with its top bit flipped) as the two halves' mixes XORed,
 * floats by their bits with -0.0 as 0.0 and one NaN, strings and blobs by {@link #hashBytes}, an
 * INTERVAL by its normalised months, days and micros. NULL is a fixed constant. Values after the
 * first are folded in with {@link #combine}; a STRUCT is its members so folded, a LIST its
 * elements (an empty or NULL list is the NULL constant when first and changes nothing after), a
 * fixed-size ARRAY its elements folded into 0.
 */
public final class HashExpr extends FunctionExpr {
    /** DuckDB's hash of NULL. */
    static final long NULL_HASH = 0xbf58476d1ce4e5b9L;

    private static final long MULTIPLIER = 0xd6e8feb86659fd93L;
    private static final long EMPTY_STRUCT_HASH = 0x9e3779b97f4a7c15L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final int DAYS_PER_MONTH = 30;
    private static final int DECIMAL_BYTES = 16;

    public HashExpr(List<Expr> operands, Field field) {
        super("hash", operands, field, false);
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        List<FieldVector> values = new ArrayList<>(children().size());
        try {
            for (Expr operand : children()) {
                values.add(operand.evaluate(input, context));
            }
            List<Hasher> hashers = values.stream().map(HashExpr::hasher).toList();
            DecimalVector result = new DecimalVector(field(), context.allocator());
            try {
                result.allocateNew(rowCount);
                ArrowBuf data = result.getDataBuffer();
                for (int row = 0; row < rowCount; row++) {
                    long hash = hashers.getFirst().first(row, false);
                    for (int index = 1; index < hashers.size(); index++) {
                        hash = hashers.get(index).combine(hash, row, false);
                    }
                    data.setLong((long) row * DECIMAL_BYTES, hash); // the unsigned value's low word
                    data.setLong((long) row * DECIMAL_BYTES + Long.BYTES, 0L);
                    result.setIndexDefined(row);
                }
                result.setValueCount(rowCount);
                return result;
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        } finally {
            values.forEach(FieldVector::close);
        }
    }

    /** DuckDB's 64-bit mixer (MurmurHash64 in its source). */
    static long mix(long value) {
        long x = value;
        x ^= x >>> 32;
        x *= MULTIPLIER;
        x ^= x >>> 32;
        x *= MULTIPLIER;
        return x ^ (x >>> 32);
    }

    /** Folds {@code next} into {@code hash}, as DuckDB combines the hashes of several values. */
    static long combine(long hash, long next) {
        long x = hash ^ (hash >>> 32);
        return (x * MULTIPLIER) ^ next;
    }

    /** DuckDB's hash of a string's or blob's bytes {@code [start, end)} of {@code data}. */
    static long hashBytes(ArrowBuf data, long start, long end) {
        long length = end - start;
        long hash = 0xe17a1465L ^ (length * 0xc6a4a7935bd1e995L);
        long position = start;
        for (; position + Long.BYTES <= end; position += Long.BYTES) {
            hash = (hash ^ data.getLong(position)) * MULTIPLIER; // Arrow buffers are little-endian
        }
        if (position < end) {
            long rest = 0;
            for (int shift = 0; position < end; position++, shift += 8) {
                rest |= (data.getByte(position) & 0xFFL) << shift;
            }
            hash = (hash ^ rest) * MULTIPLIER;
        }
        return mix(hash);
    }

    /** Hashes the values of one vector; {@code parentNull} marks a member of a NULL struct. */
    private interface Hasher {
        /** The hash of the value at {@code index} when it comes first. */
        long first(int index, boolean parentNull);

        /** {@code hash} with the value at {@code index} folded in. */
        long combine(long hash, int index, boolean parentNull);
    }

    /** The hash of one non-NULL leaf value. */
    @FunctionalInterface
    private interface LeafHash {
        long hash(int index);
    }

    private static Hasher hasher(FieldVector vector) {
        return switch (vector) {
            case StructVector struct -> structHasher(struct);
            case ListVector list -> listHasher(list); // MAP too: a list of key/value structs
            case FixedSizeListVector array -> arrayHasher(array);
            default -> leafHasher(vector, leaf(vector));
        };
    }

    private static Hasher leafHasher(FieldVector vector, LeafHash leaf) {
        return new Hasher() {
            @Override
            public long first(int index, boolean parentNull) {
                return parentNull || vector.isNull(index) ? NULL_HASH : leaf.hash(index);
            }

            @Override
            public long combine(long hash, int index, boolean parentNull) {
                return HashExpr.combine(hash, first(index, parentNull));
            }
        };
    }

    private static Hasher structHasher(StructVector struct) {
        List<Hasher> members =
                struct.getChildrenFromFields().stream().map(HashExpr::hasher).toList();
        return new Hasher() {
            @Override
            public long first(int index, boolean parentNull) {
                if (members.isEmpty()) {
                    return EMPTY_STRUCT_HASH;
                }
                // DuckDB's NULL struct has NULL members, whatever Arrow keeps under it
                boolean isNull = parentNull || struct.isNull(index);
                long hash = members.getFirst().first(index, isNull);
                for (int member = 1; member < members.size(); member++) {
                    hash = members.get(member).combine(hash, index, isNull);
                }
                return hash;
            }

            @Override
            public long combine(long hash, int index, boolean parentNull) {
                boolean isNull = parentNull || struct.isNull(index);
                long combined = hash;
                for (Hasher member : members) {
                    combined = member.combine(combined, index, isNull);
                }
                return combined;
            }
        };
    }

    private static Hasher listHasher(ListVector list) {
        Hasher element = hasher(list.getDataVector());
        ArrowBuf offsets = list.getOffsetBuffer();
        return new Hasher() {
            @Override
            public long first(int index, boolean parentNull) {
                if (parentNull || list.isNull(index)) {
                    return NULL_HASH;
                }
                int start = offsets.getInt((long) index * Integer.BYTES);
                int end = offsets.getInt(((long) index + 1) * Integer.BYTES);
                if (start == end) {
                    return NULL_HASH;
                }
                long hash = element.first(start, false);
                for (int position = start + 1; position < end; position++) {
                    hash = HashExpr.combine(hash, element.first(position, false));
                }
                return hash;
            }

            @Override
            public long combine(long hash, int index, boolean parentNull) {
                if (parentNull || list.isNull(index)) {
                    return hash; // an empty or NULL list after the first value changes nothing
                }
                int end = offsets.getInt(((long) index + 1) * Integer.BYTES);
                long combined = hash;
                for (int position = offsets.getInt((long) index * Integer.BYTES); position < end; position++) {
                    combined = HashExpr.combine(combined, element.first(position, false));
                }
                return combined;
            }
        };
    }

    private static Hasher arrayHasher(FixedSizeListVector array) {
        Hasher element = hasher(array.getDataVector());
        int size = array.getListSize();
        return new Hasher() {
            @Override
            public long first(int index, boolean parentNull) {
                return parentNull || array.isNull(index) ? NULL_HASH : combine(0L, index, false);
            }

            @Override
            public long combine(long hash, int index, boolean parentNull) {
                if (parentNull || array.isNull(index)) {
                    return hash;
                }
                long combined = hash;
                for (int position = index * size; position < (index + 1) * size; position++) {
                    combined = HashExpr.combine(combined, element.first(position, false));
                }
                return combined;
            }
        };
    }

    private static LeafHash leaf(FieldVector vector) {
        ArrowType type = vector.getField().getType();
        if (vector instanceof NullVector) {
            return index -> NULL_HASH;
        }
        if (vector instanceof BitVector bits) {
            return index -> mix(bits.get(index));
        }
        if (vector instanceof BaseVariableWidthVector variable) {
            ArrowBuf offsets = variable.getOffsetBuffer();
            ArrowBuf data = variable.getDataBuffer();
            return index -> hashBytes(
                    data,
                    offsets.getInt((long) index * Integer.BYTES),
                    offsets.getInt(((long) index + 1) * Integer.BYTES));
        }
        if (!(vector instanceof BaseFixedWidthVector fixed)) {
            throw unsupported(type);
        }
        ArrowBuf data = fixed.getDataBuffer();
        return switch (type) {
            case ArrowType.Int integer -> integerHash(data, integer.getBitWidth(), integer.getIsSigned());
            case ArrowType.Date date -> integerHash(data, fixed.getTypeWidth() * Byte.SIZE, true);
            case ArrowType.Time time -> integerHash(data, time.getBitWidth(), true);
            case ArrowType.Timestamp timestamp -> integerHash(data, Long.SIZE, true);
            case ArrowType.FloatingPoint floating
            when floating.getPrecision() == FloatingPointPrecision.SINGLE ->
                index -> {
                    float value = data.getFloat((long) index * Float.BYTES);
                    // -0.0 hashes as 0.0 and every NaN as one (floatToIntBits keeps one NaN)
                    return mix(Float.floatToIntBits(value == 0.0f ? 0.0f : value) & 0xFFFF_FFFFL);
                };
            case ArrowType.FloatingPoint floating ->
                index -> {
                    double value = data.getDouble((long) index * Double.BYTES);
                    return mix(Double.doubleToLongBits(value == 0.0 ? 0.0 : value));
                };
            case ArrowType.Decimal decimal -> decimalHash(data, decimal.getPrecision());
            case ArrowType.FixedSizeBinary binary
            when binary.getByteWidth() == DECIMAL_BYTES ->
                index -> { // a UUID: DuckDB's 128-bit value is the big-endian bytes with the top bit flipped
                    long upper = Long.reverseBytes(data.getLong((long) index * DECIMAL_BYTES)) ^ Long.MIN_VALUE;
                    long lower = Long.reverseBytes(data.getLong((long) index * DECIMAL_BYTES + Long.BYTES));
                    return mix(lower) ^ mix(upper);
                };
            case ArrowType.Interval interval
            when interval.getUnit() == IntervalUnit.MONTH_DAY_NANO ->
                index -> intervalHash(
                        data.getInt((long) index * 16),
                        data.getInt((long) index * 16 + 4),
                        data.getLong((long) index * 16 + 8) / 1000);
            default -> throw unsupported(type);
        };
    }

    /** Integers of {@code bits} width; DuckDB hashes those narrower than 64 bits through 32 bits. */
    private static LeafHash integerHash(ArrowBuf data, int bits, boolean signed) {
        return switch (bits) {
            case 8 ->
                signed ? index -> mix(data.getByte(index) & 0xFFFF_FFFFL) : index -> mix(data.getByte(index) & 0xFFL);
            case 16 ->
                signed
                        ? index -> mix(data.getShort((long) index * 2) & 0xFFFF_FFFFL)
                        : index -> mix(data.getShort((long) index * 2) & 0xFFFFL);
            case 32 -> index -> mix(data.getInt((long) index * 4) & 0xFFFF_FFFFL);
            default -> index -> mix(data.getLong((long) index * 8));
        };
    }

    /** DuckDB keeps a DECIMAL in 16, 32, 64 or 128 bits by its precision, and hashes that integer. */
    private static LeafHash decimalHash(ArrowBuf data, int precision) {
        if (precision <= 18) {
            // the low word is the whole value; narrow DECIMALs hash through 32 bits like INTEGER
            return precision <= 9
                    ? index -> mix(data.getLong((long) index * DECIMAL_BYTES) & 0xFFFF_FFFFL)
                    : index -> mix(data.getLong((long) index * DECIMAL_BYTES));
        }
        return index -> mix(data.getLong((long) index * DECIMAL_BYTES))
                ^ mix(data.getLong((long) index * DECIMAL_BYTES + Long.BYTES));
    }

    /** DuckDB's interval hash: days, months and micros after carrying whole days and months left. */
    static long intervalHash(long months, long days, long micros) {
        long carryDays = Math.floorDiv(micros, MICROS_PER_DAY);
        long normalMicros = micros - carryDays * MICROS_PER_DAY;
        long allDays = days + carryDays;
        long carryMonths = Math.floorDiv(allDays, DAYS_PER_MONTH);
        long normalDays = allDays - carryMonths * DAYS_PER_MONTH;
        return mix(normalDays) ^ mix(months + carryMonths) ^ mix(normalMicros);
    }

    private static QuiverException unsupported(ArrowType type) {
        return new QuiverException(ErrorCode.UNSUPPORTED, "hash() of a value of type " + type + " is not supported");
    }
}
