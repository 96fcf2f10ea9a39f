package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.ByteText;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.DecimalMath;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.NumberText;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import dev.quiver.engine.exec.vector.NestedFields;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * CAST between the supported types, with DuckDB's rounding, ranges and text forms.
 *
 * <ul>
 *   <li>numbers to integers: DECIMAL rounds half away from zero ({@code 2.5 -> 3}), REAL/DOUBLE
 *       round half to even ({@code 2.5 -> 2}, C's {@code nearbyint}); out of range or NaN is
 *       INVALID_CAST naming the value;
 *   <li>to DECIMAL: rounds half away from zero; a DOUBLE is multiplied by {@code 10^scale} in
 *       floating point and then rounded, exactly as DuckDB does ({@code 2.675 -> 2.68} because
 *       {@code 2.675 * 100 == 267.5}, but {@code 1.005 -> 1.00}); more digits than the precision is
 *       INVALID_CAST;
 *   <li>to VARCHAR: DuckDB's text ({@code 1e+20}, {@code 1.50}, {@code 1992-01-05 01:02:03.5}, {@code true});
 *       CHAR(n)/VARCHAR(n) lengths are ignored, as in DuckDB;
 *   <li>from VARCHAR: numbers with spaces, signs, underscores, fractions and exponents; BOOLEAN from
 *       true/t/yes/y/1 and false/f/no/n/0 in any case; DATE and TIMESTAMP as {@link DateTimes} reads them;
 *       text that does not parse is INVALID_CAST quoting it;
 *   <li>DATE to TIMESTAMP is midnight; TIMESTAMP to DATE drops the time of day;
 *   <li>TIME, TIMESTAMP WITH TIME ZONE and UUID: see {@link ZonedCasts}, in the time zone given at
 *       construction (the session's when the statement was planned).
 * </ul>
 */
public final class CastExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;
    private final ValueKind from;
    private final ValueKind to;
    private final boolean mayFail;
    private final ZoneId zone;

    public CastExpr(Expr operand, Field field) {
        this(operand, field, ZoneOffset.UTC);
    }

    /** A cast whose TIMESTAMPTZ conversions and text use {@code zone}. */
    public CastExpr(Expr operand, Field field, ZoneId zone) {
        this.operand = operand;
        this.zone = zone;
        this.field = field;
        if (NestedFields.isNested(operand.field().getType()) || NestedFields.isNested(field.getType())) {
            this.from = null;
            this.to = null;
            NestedCasts.check(operand.field(), field);
            this.mayFail = NestedCasts.canFail(operand.field(), field);
            return;
        }
        this.from = ValueKind.of(operand.field().getType());
        this.to = ValueKind.of(field.getType());
        if (!isSupported(from, to)) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "CAST from " + KernelVectors.sqlName(operand.field()) + " to " + KernelVectors.sqlName(field)
                            + " is not supported");
        }
        this.mayFail = canFail(operand.field().getType(), field.getType());
    }

    /** {@code expr} itself when it already produces {@code field}'s storage type, else a cast to it. */
    static Expr coerce(Expr expr, Field field) {
        return sameStorage(expr.field().getType(), field.getType()) ? expr : new CastExpr(expr, field);
    }

    /** Whether vectors of the two types have identical buffers (DECIMALs may differ in precision only). */
    static boolean sameStorage(ArrowType source, ArrowType target) {
        if (source.equals(target)) {
            return true;
        }
        return source instanceof ArrowType.Decimal left
                && target instanceof ArrowType.Decimal right
                && left.getScale() == right.getScale()
                && left.getBitWidth() == right.getBitWidth()
                && left.getPrecision() <= right.getPrecision();
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return List.of(operand);
    }

    @Override
    public boolean mayFail() {
        return mayFail;
    }

    @Override
    public String describe() {
        return "CAST(" + operand.describe() + " AS " + KernelVectors.sqlName(field) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        FieldVector values = operand.evaluate(input, context);
        try {
            FieldVector result = cast(values, field, input.rowCount(), context.allocator(), zone);
            if (result != values) {
                values.close();
            }
            return result;
        } catch (RuntimeException e) {
            values.close();
            throw e;
        }
    }

    /**
     * Casts {@code values} to {@code target}. The result is a new vector owned by the caller, or —
     * when no conversion is needed — {@code values} itself.
     */
    static FieldVector cast(FieldVector values, Field target, int rowCount, BufferAllocator allocator) {
        return cast(values, target, rowCount, allocator, ZoneOffset.UTC);
    }

    /** As {@link #cast(FieldVector, Field, int, BufferAllocator)}, TIMESTAMPTZ conversions in {@code zone}. */
    static FieldVector cast(FieldVector values, Field target, int rowCount, BufferAllocator allocator, ZoneId zone) {
        ArrowType sourceType = values.getField().getType();
        ArrowType targetType = target.getType();
        if (NestedFields.isNested(sourceType) || NestedFields.isNested(targetType)) {
            return NestedCasts.cast(values, target, rowCount, allocator);
        }
        ValueKind source = ValueKind.of(sourceType);
        ValueKind destination = ValueKind.of(targetType);
        if (sourceType.equals(targetType)) {
            return values;
        }
        if (source == ValueKind.NULL) {
            return KernelVectors.nulls(target, rowCount, allocator);
        }
        if (sameStorage(sourceType, targetType)) {
            return retype(values, target, rowCount, allocator);
        }
        if (ZonedCasts.handles(source, destination)) {
            return ZonedCasts.cast(values, source, target, destination, rowCount, allocator, zone);
        }
        if (IntervalCasts.handles(source, destination)) {
            return IntervalCasts.cast(values, source, target, rowCount, allocator);
        }
        if (destination == ValueKind.VARCHAR) {
            return toVarchar(values, source, target, rowCount, allocator);
        }
        if (source == ValueKind.VARCHAR) {
            return fromVarchar(values, target, destination, rowCount, allocator);
        }
        FieldVector result = KernelVectors.allocateFixed(target, rowCount, allocator);
        try {
            Bits valid = Bits.validity(values, rowCount);
            KernelVectors.setValidity(result, valid, rowCount);
            switch (destination) {
                case TINYINT, SMALLINT, INTEGER, BIGINT ->
                    toInteger(values, source, result, destination, valid, rowCount);
                case REAL, DOUBLE -> toFloating(values, source, result, destination, rowCount);
                case DECIMAL -> toDecimal(values, source, result, valid, rowCount);
                case BOOLEAN -> toBoolean(values, source, result, rowCount);
                case DATE -> {
                    long[] micros = Numbers.readLongs(values, rowCount);
                    for (int row = 0; row < rowCount; row++) {
                        micros[row] = DateTimes.dateOf(micros[row]);
                    }
                    Numbers.writeLongs(micros, result, rowCount);
                }
                case TIMESTAMP -> {
                    long[] days = Numbers.readLongs(values, rowCount);
                    for (int row = 0; row < rowCount; row++) {
                        days[row] = DateTimes.timestampOf(days[row]);
                    }
                    Numbers.writeLongs(days, result, rowCount);
                }
                default -> throw new IllegalStateException("no cast to " + destination);
            }
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private static FieldVector retype(FieldVector values, Field target, int rowCount, BufferAllocator allocator) {
        TransferPair pair = values.getTransferPair(target, allocator);
        pair.splitAndTransfer(0, rowCount);
        return (FieldVector) pair.getTo();
    }

    // ------------------------------------------------------------------ numbers

    private static void toInteger(
            FieldVector values, ValueKind source, FieldVector result, ValueKind destination, Bits valid, int rowCount) {
        long[] numbers;
        switch (source) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, BOOLEAN -> numbers = Numbers.readLongs(values, rowCount);
            case REAL, DOUBLE -> {
                double[] doubles = Numbers.readDoubles(values, rowCount);
                numbers = new long[rowCount];
                double low = Numbers.minimum(destination);
                double high = -low;
                for (int row = 0; row < rowCount; row++) {
                    double rounded = Math.rint(doubles[row]);
                    // NaN fails both comparisons; high is 2^(bits-1), exclusive
                    if (!(rounded >= low && rounded < high) && valid.get(row)) {
                        throw outOfRange(
                                source,
                                source == ValueKind.REAL
                                        ? NumberText.formatReal((float) doubles[row])
                                        : NumberText.formatDouble(doubles[row]),
                                destination.name());
                    }
                    numbers[row] = (long) rounded;
                }
            }
            case DECIMAL -> {
                int scale = Numbers.scale(values.getField().getType());
                numbers = scale <= 18 ? Numbers.readUnscaled(values, rowCount) : null;
                if (numbers != null && scale > 0) {
                    long divisor = DecimalMath.longPower(scale);
                    for (int row = 0; row < rowCount; row++) {
                        numbers[row] = DecimalMath.divideRounded(numbers[row], divisor);
                    }
                }
                if (numbers == null) {
                    BigInteger[] big = Numbers.readBig(values, rowCount);
                    numbers = new long[rowCount];
                    for (int row = 0; row < rowCount; row++) {
                        if (big[row] != null) {
                            BigInteger rounded = new BigDecimal(big[row], scale)
                                    .setScale(0, RoundingMode.HALF_UP)
                                    .unscaledValue();
                            if (rounded.bitLength() > 63) {
                                throw outOfRange(source, DecimalMath.toText(big[row], scale), destination.name());
                            }
                            numbers[row] = rounded.longValue();
                        }
                    }
                }
                int bad = Numbers.firstOutOfRange(numbers, destination, valid, rowCount);
                if (bad >= 0) {
                    throw outOfRange(
                            source,
                            DecimalMath.toText(Numbers.readBig(values, rowCount)[bad], scale),
                            destination.name());
                }
                Numbers.writeLongs(numbers, result, rowCount);
                return;
            }
            default -> throw new IllegalStateException("no cast from " + source);
        }
        int bad = Numbers.firstOutOfRange(numbers, destination, valid, rowCount);
        if (bad >= 0) {
            throw outOfRange(source, Long.toString(numbers[bad]), destination.name());
        }
        Numbers.writeLongs(numbers, result, rowCount);
    }

    private static void toFloating(
            FieldVector values, ValueKind source, FieldVector result, ValueKind destination, int rowCount) {
        ArrowBuf data = result.getDataBuffer();
        if (destination == ValueKind.REAL
                && (source == ValueKind.BIGINT || source == ValueKind.DECIMAL || source == ValueKind.DOUBLE)) {
            if (source == ValueKind.BIGINT) {
                long[] numbers = Numbers.readLongs(values, rowCount);
                for (int row = 0; row < rowCount; row++) {
                    data.setFloat((long) row << 2, (float) numbers[row]);
                }
                return;
            }
            if (source == ValueKind.DECIMAL) {
                // DuckDB computes this one in float
                int scale = Numbers.scale(values.getField().getType());
                int precision = Numbers.precision(values.getField().getType());
                long[] numbers = precision <= 18 ? Numbers.readUnscaled(values, rowCount) : null;
                if (numbers != null) {
                    for (int row = 0; row < rowCount; row++) {
                        data.setFloat((long) row << 2, DecimalMath.toFloat(numbers[row], precision, scale));
                    }
                } else {
                    BigInteger[] big = Numbers.readBig(values, rowCount);
                    for (int row = 0; row < rowCount; row++) {
                        data.setFloat((long) row << 2, big[row] == null ? 0 : DecimalMath.toFloat(big[row], scale));
                    }
                }
                return;
            }
            double[] doubles = Numbers.readDoubles(values, rowCount);
            Bits valid = Bits.validity(values, rowCount);
            for (int row = 0; row < rowCount; row++) {
                double value = doubles[row];
                if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE && valid.get(row)) {
                    throw outOfRange(source, NumberText.formatDouble(value), "REAL");
                }
                data.setFloat((long) row << 2, (float) value);
            }
            return;
        }
        Numbers.writeDoubles(Numbers.readDoubles(values, rowCount), result, rowCount);
    }

    private static void toDecimal(FieldVector values, ValueKind source, FieldVector result, Bits valid, int rowCount) {
        ArrowType.Decimal type = (ArrowType.Decimal) result.getField().getType();
        int scale = type.getScale();
        int precision = type.getPrecision();
        ArrowBuf data = result.getDataBuffer();
        String typeName = "DECIMAL(" + precision + "," + scale + ")";
        if (source == ValueKind.REAL || source == ValueKind.DOUBLE) {
            double[] doubles = Numbers.readDoubles(values, rowCount);
            double limit = DecimalMath.doublePower(precision);
            double factor = DecimalMath.doublePower(scale);
            for (int row = 0; row < rowCount; row++) {
                if (!valid.get(row)) {
                    continue;
                }
                // DuckDB: scale in double (REAL widened first), then round half away from zero
                double value = doubles[row] * factor;
                if (!(value > -limit && value < limit)) {
                    throw new QuiverException(
                            ErrorCode.INVALID_CAST,
                            "Cannot cast "
                                    + (source == ValueKind.REAL ? "REAL" : "DOUBLE") + " value "
                                    + NumberText.formatDouble(doubles[row]) + " to " + typeName + ": out of range");
                }
                double rounded = roundHalfAway(value);
                if (Math.abs(rounded) < 9.0e18) {
                    DecimalMath.write(data, row, (long) rounded);
                } else {
                    DecimalMath.write(data, row, new BigDecimal(rounded).toBigInteger());
                }
            }
            return;
        }
        int sourceScale = Numbers.scale(values.getField().getType());
        long[] numbers = Numbers.readUnscaled(values, rowCount);
        if (numbers != null && rescaleLongs(numbers, sourceScale, scale, precision, rowCount)) {
            Numbers.writeLongs(numbers, result, rowCount);
            return;
        }
        BigInteger[] big = Numbers.readBig(values, rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (big[row] == null) {
                continue;
            }
            BigInteger unscaled = DecimalMath.rescale(big[row], sourceScale, scale);
            if (!DecimalMath.fits(unscaled, precision)) {
                throw new QuiverException(
                        ErrorCode.INVALID_CAST,
                        "Cannot cast " + KernelVectors.sqlName(values.getField())
                                + " value " + DecimalMath.toText(big[row], sourceScale) + " to " + typeName
                                + ": out of range");
            }
            DecimalMath.write(data, row, unscaled);
        }
    }

    /** C's {@code round}: to the nearest integer, halves away from zero; exact for every double. */
    static double roundHalfAway(double value) {
        double magnitude = Math.abs(value);
        double floor = Math.floor(magnitude);
        // magnitude - floor is exact: both have the same binade or floor is 0
        return Math.copySign(magnitude - floor >= 0.5 ? floor + 1 : floor, value);
    }

    /** Rescales in place; false (take the exact path) on overflow or when a value exceeds the precision. */
    private static boolean rescaleLongs(long[] numbers, int fromScale, int toScale, int precision, int rowCount) {
        if (toScale > fromScale) {
            if (toScale - fromScale > 18) {
                return false;
            }
            long factor = DecimalMath.longPower(toScale - fromScale);
            long overflow = 0;
            for (int row = 0; row < rowCount; row++) {
                long value = numbers[row];
                long product = value * factor;
                numbers[row] = product;
                overflow |= Math.multiplyHigh(value, factor) ^ (product >> 63);
            }
            if (overflow != 0) {
                return false;
            }
        } else if (toScale < fromScale) {
            if (fromScale - toScale > 18) {
                return false;
            }
            long divisor = DecimalMath.longPower(fromScale - toScale);
            for (int row = 0; row < rowCount; row++) {
                numbers[row] = DecimalMath.divideRounded(numbers[row], divisor);
            }
        }
        if (precision < 19) {
            long limit = DecimalMath.longPower(precision);
            boolean tooWide = false;
            for (int row = 0; row < rowCount; row++) {
                tooWide |= numbers[row] >= limit | numbers[row] <= -limit;
            }
            return !tooWide;
        }
        return true;
    }

    private static void toBoolean(FieldVector values, ValueKind source, FieldVector result, int rowCount) {
        ArrowBuf data = result.getDataBuffer();
        if (source == ValueKind.REAL || source == ValueKind.DOUBLE) {
            double[] doubles = Numbers.readDoubles(values, rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (doubles[row] != 0) {
                    Bits.set(data, row);
                }
            }
        } else if (source == ValueKind.DECIMAL) {
            ArrowBuf decimals = values.getDataBuffer();
            for (int row = 0; row < rowCount; row++) {
                if ((DecimalMath.low(decimals, row) | DecimalMath.high(decimals, row)) != 0) {
                    Bits.set(data, row);
                }
            }
        } else {
            long[] numbers = Numbers.readLongs(values, rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (numbers[row] != 0) {
                    Bits.set(data, row);
                }
            }
        }
        KernelVectors.canonicalize((BitVector) result, rowCount);
    }

    // ------------------------------------------------------------------ to VARCHAR

    private static FieldVector toVarchar(
            FieldVector values, ValueKind source, Field target, int rowCount, BufferAllocator allocator) {
        Bits valid = Bits.validity(values, rowCount);
        try (VarWidthBuilder builder = new VarWidthBuilder(target, rowCount, (long) rowCount * 12, allocator)) {
            ArrowBuf data = values.getDataBuffer();
            int scale = Numbers.scale(values.getField().getType());
            long[] numbers = switch (source) {
                case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIMESTAMP -> Numbers.readLongs(values, rowCount);
                case DECIMAL -> scale <= 18 ? Numbers.readUnscaled(values, rowCount) : null;
                default -> null;
            };
            boolean digitsOnly = source.isInteger() || (source == ValueKind.DECIMAL && numbers != null);
            for (int row = 0; row < rowCount; row++) {
                if (!valid.get(row)) {
                    builder.appendNull(row);
                    continue;
                }
                if (digitsOnly) {
                    // integers and 64-bit decimals are written straight into the buffer, no String
                    builder.reserve(MAX_NUMBER_TEXT);
                    builder.commit(row, writeDecimal(builder.data(), builder.position(), numbers[row], scale));
                    continue;
                }
                String text = switch (source) {
                    case BOOLEAN -> Bits.isSet(data, row) ? "true" : "false";
                    case REAL -> NumberText.formatReal(data.getFloat((long) row << 2));
                    case DOUBLE -> NumberText.formatDouble(data.getDouble((long) row << 3));
                    case DECIMAL -> DecimalMath.toText(DecimalMath.big(data, row), scale);
                    case DATE -> DateTimes.formatDate(numbers[row]);
                    case TIMESTAMP -> DateTimes.formatTimestamp(numbers[row]);
                    default -> throw new IllegalStateException("no cast from " + source + " to VARCHAR");
                };
                builder.append(row, text.getBytes(StandardCharsets.UTF_8));
            }
            return builder.finish(rowCount);
        }
    }

    /** Bytes enough for any 64-bit integer or unscaled decimal: sign, 19 digits, point, leading zero. */
    private static final int MAX_NUMBER_TEXT = 24;

    /**
     * Writes {@code unscaled / 10^scale} in plain notation ({@code -12}, {@code 1.50}, {@code -0.05})
     * at {@code position}; returns the position after it.
     */
    static int writeDecimal(ArrowBuf out, int position, long unscaled, int scale) {
        if (unscaled == Long.MIN_VALUE) {
            byte[] text =
                    DecimalMath.toText(BigInteger.valueOf(unscaled), scale).getBytes(StandardCharsets.US_ASCII);
            out.setBytes(position, text);
            return position + text.length;
        }
        int at = position;
        long magnitude = unscaled;
        if (unscaled < 0) {
            out.setByte(at++, '-');
            magnitude = -unscaled;
        }
        int digits = 1;
        for (long bound = 10; digits < 19 && magnitude >= bound; bound *= 10) {
            digits++;
        }
        // at least one digit before the point: 5 at scale 2 is 0.05
        int shown = Math.max(digits, scale + 1);
        int end = at + shown + (scale > 0 ? 1 : 0);
        int write = end;
        for (int index = 0; index < shown; index++) {
            if (scale > 0 && index == scale) {
                out.setByte(--write, '.');
            }
            out.setByte(--write, (byte) ('0' + magnitude % 10));
            magnitude /= 10;
        }
        return end;
    }

    // ------------------------------------------------------------------ from VARCHAR

    private static FieldVector fromVarchar(
            FieldVector values, Field target, ValueKind destination, int rowCount, BufferAllocator allocator) {
        FieldVector result = KernelVectors.allocateFixed(target, rowCount, allocator);
        try {
            Bits valid = Bits.validity(values, rowCount);
            KernelVectors.setValidity(result, valid, rowCount);
            ArrowBuf offsets = values.getOffsetBuffer();
            ArrowBuf bytes = values.getDataBuffer();
            ArrowBuf data = result.getDataBuffer();
            ByteText text = new ByteText();
            ArrowType.Decimal decimalType =
                    destination == ValueKind.DECIMAL ? (ArrowType.Decimal) target.getType() : null;
            for (int row = 0; row < rowCount; row++) {
                if (!valid.get(row)) {
                    continue;
                }
                int start = offsets.getInt((long) row << 2);
                text.reset(bytes, start, offsets.getInt(((long) row + 1) << 2) - start);
                switch (destination) {
                    case TINYINT -> data.setByte(row, (byte) parseInteger(text, destination));
                    case SMALLINT -> data.setShort((long) row << 1, (short) parseInteger(text, destination));
                    case INTEGER -> data.setInt((long) row << 2, (int) parseInteger(text, destination));
                    case BIGINT -> data.setLong((long) row << 3, parseInteger(text, destination));
                    case REAL -> data.setFloat((long) row << 2, Float.parseFloat(parseFloating(text, "REAL")));
                    case DOUBLE -> data.setDouble((long) row << 3, Double.parseDouble(parseFloating(text, "DOUBLE")));
                    case DECIMAL -> DecimalMath.write(data, row, parseDecimal(text, decimalType));
                    case BOOLEAN -> {
                        if (parseBoolean(text)) {
                            Bits.set(data, row);
                        }
                    }
                    case DATE -> data.setInt((long) row << 2, (int) parseDate(text));
                    case TIMESTAMP -> data.setLong((long) row << 3, parseTimestamp(text));
                    default -> throw new IllegalStateException("no cast from VARCHAR to " + destination);
                }
            }
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** Parses an integer of type {@code kind}; a fraction rounds half away from zero, as in DuckDB. */
    static long parseInteger(CharSequence text, ValueKind kind) {
        long value;
        int length = text.length();
        // fast path: optional sign and plain digits
        int position = 0;
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            position = 1;
        }
        int digitsStart = position;
        long accumulated = 0;
        while (position < length && position - digitsStart < 18) {
            char character = text.charAt(position);
            if (character < '0' || character > '9') {
                break;
            }
            accumulated = accumulated * 10 + (character - '0');
            position++;
        }
        if (position == length && position > digitsStart) {
            value = negative ? -accumulated : accumulated;
        } else {
            value = parseIntegerSlow(text, kind);
        }
        if (value < Numbers.minimum(kind) || value > Numbers.maximum(kind)) {
            throw invalidNumber(text, kind.name());
        }
        return value;
    }

    private static long parseIntegerSlow(CharSequence text, ValueKind kind) {
        Long radix = NumberText.parseRadixInteger(text);
        if (radix != null) {
            return radix;
        }
        BigDecimal number = NumberText.parseDecimal(text);
        if (number == null) {
            throw invalidNumber(text, kind.name());
        }
        BigInteger rounded = number.setScale(0, RoundingMode.HALF_UP).toBigInteger();
        if (rounded.bitLength() > 63) {
            throw invalidNumber(text, kind.name());
        }
        return rounded.longValue();
    }

    static BigInteger parseDecimal(CharSequence text, ArrowType.Decimal type) {
        BigDecimal number = NumberText.parseDecimal(text);
        String typeName = "DECIMAL(" + type.getPrecision() + "," + type.getScale() + ")";
        if (number == null) {
            throw invalidNumber(text, typeName);
        }
        BigInteger unscaled =
                number.setScale(type.getScale(), RoundingMode.HALF_UP).unscaledValue();
        if (!DecimalMath.fits(unscaled, type.getPrecision())) {
            throw invalidNumber(text, typeName);
        }
        return unscaled;
    }

    private static String parseFloating(CharSequence text, String typeName) {
        String normalized = NumberText.normalizeFloating(text);
        if (normalized == null) {
            throw invalidNumber(text, typeName);
        }
        return normalized;
    }

    static boolean parseBoolean(CharSequence text) {
        String value = text.toString();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1" -> true;
            case "false", "f", "no", "n", "0" -> false;
            default ->
                throw new QuiverException(
                        ErrorCode.INVALID_CAST, "Could not convert string '" + value + "' to BOOLEAN");
        };
    }

    static long parseDate(CharSequence text) {
        try {
            return DateTimes.parseDate(text);
        } catch (DateTimes.ParseException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_CAST,
                    (e.outOfRange ? "date field value out of range: \"" : "invalid date field format: \"") + text
                            + "\", expected format is (YYYY-MM-DD)");
        }
    }

    static long parseTimestamp(CharSequence text) {
        try {
            return DateTimes.parseTimestamp(text);
        } catch (DateTimes.ParseException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_CAST,
                    (e.outOfRange ? "timestamp field value out of range: \"" : "invalid timestamp field format: \"")
                            + text
                            + "\", expected format is (YYYY-MM-DD HH:MM[:SS[.US]])");
        }
    }

    private static QuiverException invalidNumber(CharSequence text, String typeName) {
        return new QuiverException(ErrorCode.INVALID_CAST, "Could not convert string '" + text + "' to " + typeName);
    }

    private static QuiverException outOfRange(ValueKind source, String value, String typeName) {
        return new QuiverException(
                ErrorCode.INVALID_CAST,
                "Cannot cast " + source + " value " + value + " to " + typeName + ": out of range");
    }

    // ------------------------------------------------------------------ what is supported

    private static boolean isSupported(ValueKind source, ValueKind target) {
        if (source == target
                || source == ValueKind.NULL
                || ZonedCasts.handles(source, target)
                || IntervalCasts.handles(source, target)) {
            return true;
        }
        if (source == ValueKind.INTERVAL || target == ValueKind.INTERVAL) {
            return false;
        }
        if (source == ValueKind.TIME
                || source == ValueKind.TIMESTAMP_TZ
                || source == ValueKind.UUID
                || target == ValueKind.TIME
                || target == ValueKind.TIMESTAMP_TZ
                || target == ValueKind.UUID) {
            return false;
        }
        boolean sourceNumber = source.isNumeric() || source == ValueKind.BOOLEAN;
        boolean targetNumber = target.isNumeric() || target == ValueKind.BOOLEAN;
        if (sourceNumber && targetNumber) {
            return true;
        }
        boolean sourceTime = source == ValueKind.DATE || source == ValueKind.TIMESTAMP;
        boolean targetTime = target == ValueKind.DATE || target == ValueKind.TIMESTAMP;
        if (sourceTime && targetTime) {
            return true;
        }
        if (target == ValueKind.VARCHAR) {
            return source != ValueKind.VARBINARY;
        }
        return source == ValueKind.VARCHAR && target != ValueKind.VARBINARY && target != ValueKind.NULL;
    }

    /** Whether some value of {@code source} has no value in {@code target} (or text may not parse). */
    private static boolean canFail(ArrowType source, ArrowType target) {
        ValueKind from = ValueKind.of(source);
        ValueKind to = ValueKind.of(target);
        if (sameStorage(source, target)
                || from == ValueKind.NULL
                || to == ValueKind.VARCHAR
                || to == ValueKind.BOOLEAN && from != ValueKind.VARCHAR) {
            return false;
        }
        if (ZonedCasts.handles(from, to)) {
            return ZonedCasts.canFail(from);
        }
        if (from == ValueKind.DATE || from == ValueKind.TIMESTAMP) {
            return false;
        }
        if ((from.isInteger() || from == ValueKind.BOOLEAN) && to.isInteger()) {
            return from != ValueKind.BOOLEAN && from.width > to.width;
        }
        if ((from.isNumeric() || from == ValueKind.BOOLEAN) && to == ValueKind.DOUBLE) {
            return false;
        }
        if ((from.isInteger() || from == ValueKind.BOOLEAN || from == ValueKind.DECIMAL) && to == ValueKind.REAL) {
            return false;
        }
        if ((from.isInteger() || from == ValueKind.DECIMAL || from == ValueKind.BOOLEAN) && to == ValueKind.DECIMAL) {
            int sourceScale = Numbers.scale(source);
            int integerDigits = Numbers.precision(source) - sourceScale;
            ArrowType.Decimal decimal = (ArrowType.Decimal) target;
            return decimal.getScale() < sourceScale || integerDigits > decimal.getPrecision() - decimal.getScale();
        }
        return true;
    }
}
