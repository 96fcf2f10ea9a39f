package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.ByteStringSet;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.DecimalMath;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.key.NestedKeys;
import dev.quiver.engine.exec.vector.Interval;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A comparison ({@code = <> < <= > >=}, {@code IS [NOT] DISTINCT FROM}) of numbers, strings,
 * booleans, dates and timestamps, and of nested values (lists lexicographically, structs member by
 * member, NULLs inside after every value and equal to each other).
 *
 * <p>Semantics as DuckDB's: strings compare as bytes (code point order); NaN equals NaN and is
 * greater than every other number, {@code -0.0 = 0.0}; DATE against TIMESTAMP compares the date's
 * midnight; integers against decimals compare exactly. NULL gives NULL, except that
 * {@code IS [NOT] DISTINCT FROM} treats two NULLs as equal and never returns NULL.
 *
 * <p># Performance: the operator is a 3-bit mask indexed by the sign of the comparison, so one
 * branch-free loop per storage type serves all six operators, and results are packed 64 rows to a
 * word. A literal operand is compared as a constant, never materialised as a vector.
 */
public final class ComparisonExpr implements KernelExpr, SelectingExpr {
    /** The comparison operators. */
    public enum Operator {
        EQUAL("=", 0b010),
        NOT_EQUAL("<>", 0b101),
        LESS_THAN("<", 0b001),
        LESS_THAN_OR_EQUAL("<=", 0b011),
        GREATER_THAN(">", 0b100),
        GREATER_THAN_OR_EQUAL(">=", 0b110),
        IS_DISTINCT_FROM("IS DISTINCT FROM", 0b101),
        IS_NOT_DISTINCT_FROM("IS NOT DISTINCT FROM", 0b010);

        final String symbol;
        /** Bit {@code sign + 1} is the result when the comparison's sign is {@code sign} (-1, 0, 1). */
        final int mask;

        Operator(String symbol, int mask) {
            this.symbol = symbol;
            this.mask = mask;
        }

        /** The operator with the operands swapped: {@code a < b} is {@code b > a}. */
        Operator flip() {
            return switch (this) {
                case LESS_THAN -> GREATER_THAN;
                case LESS_THAN_OR_EQUAL -> GREATER_THAN_OR_EQUAL;
                case GREATER_THAN -> LESS_THAN;
                case GREATER_THAN_OR_EQUAL -> LESS_THAN_OR_EQUAL;
                default -> this;
            };
        }

        boolean isDistinctness() {
            return this == IS_DISTINCT_FROM || this == IS_NOT_DISTINCT_FROM;
        }
    }

    /** How two operand types are compared. */
    private enum Domain {
        NULL,
        BOOLEAN,
        BYTES,
        INT8,
        INT16,
        INT32,
        INT64,
        FLOAT32,
        FLOAT64,
        DECIMAL64,
        DECIMAL128,
        /** 16 bytes compared as an unsigned big-endian number, as UUID text sorts. */
        UUID,
        /** INTERVAL: normalised as DuckDB compares them (30 days are a month, 24 hours a day). */
        INTERVAL,
        EXACT,
        APPROXIMATE,
        /** LIST, ARRAY, STRUCT or MAP: their {@link NestedKeys} bytes, which order as DuckDB's values. */
        NESTED
    }

    private final Operator operator;
    private final Expr left;
    private final Expr right;
    private final Field field;
    private final Domain domain;
    /** Set when this is two bounds on one column fused by {@link #bothBounds}: the rows it passes. */
    private final LongRange fusedRange;
    /** The fused comparisons' text, or null. */
    private final String fusedText;
    /** For a string column {@code =} or {@code <>} a constant: the constant, as {@link #selectTrue} tests it; else null. */
    private final ByteStringSet equalBytes;

    public ComparisonExpr(Operator operator, Expr left, Expr right, Field field) {
        // a constant goes on the right, where the loops expect it
        if (left instanceof LiteralExpr && !(right instanceof LiteralExpr)) {
            this.operator = operator.flip();
            this.left = right;
            this.right = left;
        } else {
            this.operator = operator;
            this.left = left;
            this.right = right;
        }
        this.field = field;
        this.domain = domain(this.left.field(), this.right.field());
        this.fusedRange = null;
        this.fusedText = null;
        this.equalBytes = domain == Domain.BYTES
                        && this.left instanceof ColumnExpr
                        && this.right instanceof LiteralExpr constant
                        && !constant.isNull()
                        && (this.operator == Operator.EQUAL || this.operator == Operator.NOT_EQUAL)
                ? new ByteStringSet(List.of(constant.bytes()))
                : null;
    }

    private ComparisonExpr(ComparisonExpr first, LongRange range, String text) {
        this.operator = first.operator;
        this.left = first.left;
        this.right = first.right;
        this.field = first.field;
        this.domain = first.domain;
        this.fusedRange = range;
        this.fusedText = text;
        this.equalBytes = null;
    }

    /**
     * {@code first AND second} as one range test when both compare the same column with a
     * constant as 64-bit integers ({@link #decidesRows}), neither with {@code <>}: for
     * {@code d >= x AND d < y} one pass over the column instead of two. Null when they do not fuse.
     * The result is the same for every row: NULL where the column is, else both tests at once.
     */
    static ComparisonExpr bothBounds(ComparisonExpr first, ComparisonExpr second) {
        if (!first.decidesRows()
                || !second.decidesRows()
                || first.domain != second.domain
                || ((ColumnExpr) first.left).index() != ((ColumnExpr) second.left).index()
                || first.range().negate() != 0
                || second.range().negate() != 0) {
            return null;
        }
        LongRange a = first.range();
        LongRange b = second.range();
        long low = Math.max(a.low(), b.low());
        long high = Math.min(a.high(), b.high());
        LongRange range = low <= high ? LongRange.between(low, high) : LongRange.NONE;
        return new ComparisonExpr(first, range, "(" + first.describe() + " AND " + second.describe() + ")");
    }

    /** The rows this comparison with a constant passes, as one range; only when {@link #decidesRows}. */
    private LongRange range() {
        if (fusedRange != null) {
            return fusedRange;
        }
        LiteralExpr constant = (LiteralExpr) right;
        return LongRange.of(
                operator.mask,
                domain == Domain.DECIMAL64
                        ? constant.decimalValue().unscaledValue().longValue()
                        : constant.longValue());
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return List.of(left, right);
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        if (fusedText != null) {
            return fusedText;
        }
        return "(" + left.describe() + " " + operator.symbol + " " + right.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector leftValues = left.evaluate(input, context)) {
            if (right instanceof LiteralExpr constant && !constant.isNull() && isScalarDomain(domain)) {
                return compareToConstant(leftValues, constant, rowCount, context.allocator());
            }
            try (FieldVector rightValues = right.evaluate(input, context)) {
                return compare(operator, leftValues, rightValues, domain, field, rowCount, context.allocator());
            }
        }
    }

    /**
     * Compares two vectors row by row: a new BOOLEAN vector of {@code rowCount} rows (NULL where an
     * operand is, unless the operator is a distinctness test), owned by the caller.
     */
    static BitVector compare(
            Operator operator, FieldVector left, FieldVector right, int rowCount, BufferAllocator allocator) {
        return compare(
                operator,
                left,
                right,
                domain(left.getField(), right.getField()),
                KernelVectors.BOOLEAN,
                rowCount,
                allocator);
    }

    private static BitVector compare(
            Operator operator,
            FieldVector left,
            FieldVector right,
            Domain domain,
            Field field,
            int rowCount,
            BufferAllocator allocator) {
        BitVector result = KernelVectors.booleans(field, rowCount, allocator);
        try {
            ArrowBuf out = result.getDataBuffer();
            int mask = operator.mask;
            switch (domain) {
                case NULL -> {}
                case BOOLEAN, EXACT -> compareExact(left, right, mask, out, rowCount);
                case BYTES -> compareBytes(left, right, mask, out, rowCount);
                case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL64 ->
                    compareFixed(domain, left.getDataBuffer(), right.getDataBuffer(), mask, out, rowCount);
                case DECIMAL128 -> compareDecimal128(left.getDataBuffer(), right.getDataBuffer(), mask, out, rowCount);
                case UUID -> compareUuids(left.getDataBuffer(), right.getDataBuffer(), mask, out, rowCount);
                case INTERVAL -> compareIntervals(left.getDataBuffer(), right.getDataBuffer(), mask, out, rowCount);
                case NESTED -> compareNested(left, right, mask, out, rowCount);
                case APPROXIMATE ->
                    compareDoubles(
                            Numbers.readDoubles(left, rowCount),
                            Numbers.readDoubles(right, rowCount),
                            mask,
                            out,
                            rowCount);
            }
            finishResult(operator, result, Bits.validity(left, rowCount), Bits.validity(right, rowCount), rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private BitVector compareToConstant(
            FieldVector left, LiteralExpr constant, int rowCount, BufferAllocator allocator) {
        BitVector result = KernelVectors.booleans(field, rowCount, allocator);
        try {
            ArrowBuf out = result.getDataBuffer();
            ArrowBuf data = left.getDataBuffer();
            int mask = operator.mask;
            switch (domain) {
                case INT8, INT16, INT32, INT64, DECIMAL64 -> compareLongConstant(domain, data, range(), out, rowCount);
                case FLOAT32, FLOAT64 ->
                    compareDoubleConstant(domain, data, constant.doubleValue(), mask, out, rowCount);
                case BYTES -> {
                    byte[] bytes = constant.bytes();
                    try (ArrowBuf buffer = allocator.buffer(Math.max(bytes.length, 1))) {
                        buffer.setBytes(0, bytes);
                        compareBytesConstant(left, buffer, bytes.length, mask, out, rowCount);
                    }
                }
                default -> throw new IllegalStateException("no constant loop for " + domain);
            }
            finishResult(operator, result, Bits.validity(left, rowCount), Bits.constant(true, rowCount), rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private static boolean isScalarDomain(Domain domain) {
        return switch (domain) {
            case INT8, INT16, INT32, INT64, DECIMAL64, FLOAT32, FLOAT64, BYTES -> true;
            default -> false;
        };
    }

    /** Turns raw comparison bits into the SQL result: NULL propagation or distinctness. */
    private static void finishResult(
            Operator operator, BitVector result, Bits leftValid, Bits rightValid, int rowCount) {
        ArrowBuf data = result.getDataBuffer();
        ArrowBuf validity = result.getValidityBuffer();
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            long address = (long) wordIndex << 3;
            long leftWord = leftValid.word(wordIndex);
            long rightWord = rightValid.word(wordIndex);
            long bothValid = leftWord & rightWord;
            long compared = data.getLong(address) & bothValid;
            switch (operator) {
                case IS_DISTINCT_FROM -> {
                    data.setLong(address, compared | (leftWord ^ rightWord));
                    validity.setLong(address, -1L);
                }
                case IS_NOT_DISTINCT_FROM -> {
                    data.setLong(address, compared | (~leftWord & ~rightWord));
                    validity.setLong(address, -1L);
                }
                default -> {
                    data.setLong(address, compared);
                    validity.setLong(address, bothValid);
                }
            }
        }
        KernelVectors.finish(result, rowCount);
    }

    /**
     * Whether {@link #decideRows} can evaluate this comparison: a column against a non-NULL constant
     * compared as a 64-bit integer (integers, dates, times, DECIMAL of at most 18 digits).
     */
    boolean decidesRows() {
        return left instanceof ColumnExpr
                && right instanceof LiteralExpr constant
                && !constant.isNull()
                && switch (domain) {
                    case INT8, INT16, INT32, INT64, DECIMAL64 -> true;
                    default -> false;
                };
    }

    /**
     * Evaluates this comparison on the rows {@code rows[0..count)} of {@code input} only, reading
     * the column where it is (no copy), for AND and OR once few rows are still open: sets a row's
     * bit in {@code decided} where the result is {@code settledBy} and in {@code sawNull} where the
     * column is NULL. Only when {@link #decidesRows()}.
     */
    void decideRows(Batch input, int[] rows, int count, boolean settledBy, long[] decided, long[] sawNull) {
        FieldVector column = input.column(((ColumnExpr) left).index());
        LongRange range = range();
        long[] values = readLongs(domain, column.getDataBuffer(), rows, count);
        long low = range.low();
        long limit = range.limit();
        long settle = range.negate() ^ (settledBy ? 1 : 0); // inRange equals this where the row is settled
        boolean allValid = column.getNullCount() == 0;
        ArrowBuf validity = column.getValidityBuffer();
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            long bit = 1L << (row & 63);
            if (!allValid && BitVectorHelper.get(validity, row) == 0) {
                sawNull[row >>> 6] |= bit;
                continue;
            }
            long inRange = ((values[index] - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0;
            decided[row >>> 6] |= inRange == settle ? bit : 0;
        }
    }

    /**
     * Whether {@link #selectTrue} can evaluate this comparison: as {@link #decidesRows}, a string
     * column {@code =} or {@code <>} a constant, or two columns of one integer (or 64-bit DECIMAL)
     * type with a plain operator.
     */
    @Override
    public boolean selects() {
        return decidesRows() || equalBytes != null || comparesIntegerColumns();
    }

    private boolean comparesIntegerColumns() {
        return left instanceof ColumnExpr
                && right instanceof ColumnExpr
                && !operator.isDistinctness()
                && switch (domain) {
                    case INT8, INT16, INT32, INT64, DECIMAL64 -> true;
                    default -> false;
                };
    }

    @Override
    public int selectTrue(Batch input, int[] rows, int count) {
        FieldVector column = input.column(((ColumnExpr) left).index());
        // every row of the batch, ascending, is rows 0, 1, 2, ...: the loops then read no row list
        boolean dense = count == input.rowCount();
        int kept;
        if (equalBytes != null) {
            kept = equalBytes.keepMembers(column, operator == Operator.NOT_EQUAL, rows, count);
        } else if (right instanceof ColumnExpr other) {
            FieldVector second = input.column(other.index());
            kept = selectComparedColumns(
                    domain, column.getDataBuffer(), second.getDataBuffer(), operator.mask, rows, count, dense);
            if (second.getNullCount() > 0) {
                kept = Bits.keepSet(second.getValidityBuffer(), rows, kept);
            }
        } else {
            kept = selectInRange(domain, column.getDataBuffer(), range(), rows, count, dense);
        }
        return column.getNullCount() > 0 ? Bits.keepSet(column.getValidityBuffer(), rows, kept) : kept;
    }

    /**
     * Keeps the rows whose value lies in {@code range} (a comparison with a constant): one loop per
     * width, each row stored and the count advanced by its test, so no branch depends on the data.
     * With {@code dense} the rows are all rows of the batch, read from no list.
     */
    private static int selectInRange(
            Domain domain, ArrowBuf data, LongRange range, int[] rows, int count, boolean dense) {
        if (dense) {
            // 64 rows tested into a word, then one store per kept row: a range that keeps few rows
            // (Q6's year of shipdates, 15 %) stores a few rows per word, not 64
            int kept = 0;
            for (int start = 0; start < count; start += 64) {
                kept = Bits.appendSetRows(
                        rangeWord(domain, data, range, start, Math.min(start + 64, count)), start, rows, kept);
            }
            return kept;
        }
        long low = range.low();
        long limit = range.limit();
        int negate = (int) range.negate();
        int kept = 0;
        switch (domain) {
            case INT8 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    rows[kept] = row;
                    kept += (((data.getByte(row) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0) ^ negate;
                }
            }
            case INT16 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    rows[kept] = row;
                    kept += (((data.getShort((long) row << 1) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0) ^ negate;
                }
            }
            case INT32 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    rows[kept] = row;
                    kept += (((data.getInt((long) row << 2) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0) ^ negate;
                }
            }
            case INT64 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    rows[kept] = row;
                    kept += (((data.getLong((long) row << 3) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0) ^ negate;
                }
            }
            case DECIMAL64 -> { // a DECIMAL of at most 18 digits fits the low word of its 16 bytes
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    rows[kept] = row;
                    kept += (((data.getLong((long) row << 4) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0) ^ negate;
                }
            }
            default -> throw new IllegalStateException("no 64-bit values for " + domain);
        }
        return kept;
    }

    /** Keeps the rows where two columns of one integer width compare as {@code mask} says; with {@code dense} the rows are all rows of the batch, read from no list. */
    private static int selectComparedColumns(
            Domain domain, ArrowBuf left, ArrowBuf right, int mask, int[] rows, int count, boolean dense) {
        int kept = 0;
        switch (domain) {
            case INT8 -> {
                for (int index = 0; index < count; index++) {
                    int row = dense ? index : rows[index];
                    rows[kept] = row;
                    kept += (mask >>> (sign(left.getByte(row), right.getByte(row)) + 1)) & 1;
                }
            }
            case INT16 -> {
                for (int index = 0; index < count; index++) {
                    int row = dense ? index : rows[index];
                    long offset = (long) row << 1;
                    rows[kept] = row;
                    kept += (mask >>> (sign(left.getShort(offset), right.getShort(offset)) + 1)) & 1;
                }
            }
            case INT32 -> {
                for (int index = 0; index < count; index++) {
                    int row = dense ? index : rows[index];
                    long offset = (long) row << 2;
                    rows[kept] = row;
                    kept += (mask >>> (sign(left.getInt(offset), right.getInt(offset)) + 1)) & 1;
                }
            }
            case INT64 -> {
                for (int index = 0; index < count; index++) {
                    int row = dense ? index : rows[index];
                    long offset = (long) row << 3;
                    rows[kept] = row;
                    kept += (mask >>> (sign(left.getLong(offset), right.getLong(offset)) + 1)) & 1;
                }
            }
            case DECIMAL64 -> { // one scale on both sides (the domain says so): the low words compare
                for (int index = 0; index < count; index++) {
                    int row = dense ? index : rows[index];
                    long offset = (long) row << 4;
                    rows[kept] = row;
                    kept += (mask >>> (sign(left.getLong(offset), right.getLong(offset)) + 1)) & 1;
                }
            }
            default -> throw new IllegalStateException("no 64-bit values for " + domain);
        }
        return kept;
    }

    /** The values of {@code rows} as longs: one loop per width, so no per-row switch. */
    private static long[] readLongs(Domain domain, ArrowBuf data, int[] rows, int count) {
        long[] values = new long[count];
        switch (domain) {
            case INT8 -> {
                for (int index = 0; index < count; index++) {
                    values[index] = data.getByte(rows[index]);
                }
            }
            case INT16 -> {
                for (int index = 0; index < count; index++) {
                    values[index] = data.getShort((long) rows[index] << 1);
                }
            }
            case INT32 -> {
                for (int index = 0; index < count; index++) {
                    values[index] = data.getInt((long) rows[index] << 2);
                }
            }
            case INT64 -> {
                for (int index = 0; index < count; index++) {
                    values[index] = data.getLong((long) rows[index] << 3);
                }
            }
            case DECIMAL64 -> { // a DECIMAL of at most 18 digits fits the low word of its 16 bytes
                for (int index = 0; index < count; index++) {
                    values[index] = data.getLong((long) rows[index] << 4);
                }
            }
            default -> throw new IllegalStateException("no 64-bit values for " + domain);
        }
        return values;
    }

    /**
     * A comparison with a constant as a range test: {@code v} passes when it lies in [low, high]
     * (tested as {@code ((v - low) ^ MIN) <= limit}, one subtraction and one signed comparison),
     * XOR {@code negate} (1 for {@code <>} and empty ranges).
     */
    private record LongRange(long low, long limit, long negate) {
        /** No row passes: the whole range, negated. */
        static final LongRange NONE = new LongRange(Long.MIN_VALUE, Long.MAX_VALUE, 1);

        /** The rows {@code low <= v <= high}; {@code low <= high}. */
        static LongRange between(long low, long high) {
            return new LongRange(low, (high - low) ^ Long.MIN_VALUE, 0);
        }

        /** The range's last value (its first is {@link #low}). */
        long high() {
            return low + (limit ^ Long.MIN_VALUE);
        }

        static LongRange of(int mask, long constant) {
            long low = Long.MIN_VALUE;
            long high = Long.MAX_VALUE;
            long negate = 0;
            switch (mask) {
                case 0b001 -> high = constant - 1; // <
                case 0b011 -> high = constant; // <=
                case 0b100 -> low = constant + 1; // >
                case 0b110 -> low = constant; // >=
                case 0b010 -> low = high = constant; // =
                case 0b101 -> { // <>
                    low = high = constant;
                    negate = 1;
                }
                case 0b111 -> { // every row: the whole range
                }
                default -> negate = 1; // no row: the whole range, negated
            }
            if ((mask == 0b001 && constant == Long.MIN_VALUE) || (mask == 0b100 && constant == Long.MAX_VALUE)) {
                low = Long.MIN_VALUE; // the range is empty: the whole range, negated
                high = Long.MAX_VALUE;
                negate = 1;
            }
            // v in [low, high]  <=>  (v - low) <= (high - low) unsigned  <=>  signed after flipping the top bit
            return new LongRange(low, (high - low) ^ Long.MIN_VALUE, negate);
        }
    }

    // ------------------------------------------------------------------ loops

    /**
     * -1, 0 or 1 without a branch: each comparison becomes a flag-setting instruction, so a
     * predicate true for half the rows costs no branch mispredictions.
     */
    private static int sign(long left, long right) {
        return (left > right ? 1 : 0) - (left < right ? 1 : 0);
    }

    /** As {@link #sign(long, long)}, with DuckDB's order: {@code -0.0 = 0.0}, NaN equals NaN and exceeds everything. */
    private static int sign(double left, double right) {
        int sign = (left > right ? 1 : 0) - (left < right ? 1 : 0);
        if (Double.isNaN(left) | Double.isNaN(right)) {
            sign = (Double.isNaN(left) ? 1 : 0) - (Double.isNaN(right) ? 1 : 0);
        }
        return sign;
    }

    private static void compareFixed(
            Domain domain, ArrowBuf left, ArrowBuf right, int mask, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            switch (domain) {
                case INT8 -> {
                    for (int row = start; row < end; row++) {
                        int sign = sign(left.getByte(row), right.getByte(row));
                        word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                    }
                }
                case INT16 -> {
                    for (int row = start; row < end; row++) {
                        int sign = sign(left.getShort((long) row << 1), right.getShort((long) row << 1));
                        word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                    }
                }
                case INT32 -> {
                    for (int row = start; row < end; row++) {
                        int sign = sign(left.getInt((long) row << 2), right.getInt((long) row << 2));
                        word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                    }
                }
                case INT64 -> {
                    for (int row = start; row < end; row++) {
                        int sign = sign(left.getLong((long) row << 3), right.getLong((long) row << 3));
                        word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                    }
                }
                case DECIMAL64 -> {
                    for (int row = start; row < end; row++) {
                        int sign = sign(left.getLong((long) row << 4), right.getLong((long) row << 4));
                        word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                    }
                }
                case FLOAT32 -> {
                    for (int row = start; row < end; row++) {
                        int sign = sign(left.getFloat((long) row << 2), right.getFloat((long) row << 2));
                        word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                    }
                }
                case FLOAT64 -> {
                    for (int row = start; row < end; row++) {
                        int sign = sign(left.getDouble((long) row << 3), right.getDouble((long) row << 3));
                        word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                    }
                }
                default -> throw new IllegalStateException();
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    /**
     * Integer (and 64-bit DECIMAL) column against a constant. Every operator is a test of
     * membership in one range [low, low + span], possibly negated ({@code <>}), done as one
     * subtraction and one unsigned comparison per row — no sign computation, no branch.
     */
    private static void compareLongConstant(Domain domain, ArrowBuf left, LongRange range, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            out.setLong((long) wordIndex << 3, rangeWord(domain, left, range, start, Math.min(start + 64, rowCount)));
        }
    }

    /** The range test of rows {@code [start, end)} (at most 64) as the bits of one word, row {@code start} lowest. */
    private static long rangeWord(Domain domain, ArrowBuf left, LongRange range, int start, int end) {
        long low = range.low();
        long limit = range.limit();
        long negate = range.negate();
        long word = 0;
        switch (domain) {
            case INT8 -> {
                for (int row = start; row < end; row++) {
                    long inRange = ((left.getByte(row) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0;
                    word |= (inRange ^ negate) << (row - start);
                }
            }
            case INT16 -> {
                for (int row = start; row < end; row++) {
                    long inRange = ((left.getShort((long) row << 1) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0;
                    word |= (inRange ^ negate) << (row - start);
                }
            }
            case INT32 -> {
                for (int row = start; row < end; row++) {
                    long inRange = ((left.getInt((long) row << 2) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0;
                    word |= (inRange ^ negate) << (row - start);
                }
            }
            case INT64 -> {
                for (int row = start; row < end; row++) {
                    long inRange = ((left.getLong((long) row << 3) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0;
                    word |= (inRange ^ negate) << (row - start);
                }
            }
            case DECIMAL64 -> {
                for (int row = start; row < end; row++) {
                    long inRange = ((left.getLong((long) row << 4) - low) ^ Long.MIN_VALUE) <= limit ? 1 : 0;
                    word |= (inRange ^ negate) << (row - start);
                }
            }
            default -> throw new IllegalStateException();
        }
        return word;
    }

    private static void compareDoubleConstant(
            Domain domain, ArrowBuf left, double constant, int mask, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        double normalized = constant;
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            if (domain == Domain.FLOAT32) {
                float constantFloat = (float) normalized;
                for (int row = start; row < end; row++) {
                    int sign = sign(left.getFloat((long) row << 2), constantFloat);
                    word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                }
            } else {
                for (int row = start; row < end; row++) {
                    int sign = sign(left.getDouble((long) row << 3), normalized);
                    word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
                }
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private static void compareDecimal128(ArrowBuf left, ArrowBuf right, int mask, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                long leftHigh = DecimalMath.high(left, row);
                long rightHigh = DecimalMath.high(right, row);
                int sign = leftHigh != rightHigh
                        ? sign(leftHigh, rightHigh)
                        : Integer.signum(Long.compareUnsigned(DecimalMath.low(left, row), DecimalMath.low(right, row)));
                word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private static void compareUuids(ArrowBuf left, ArrowBuf right, int mask, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                long address = (long) row << 4;
                // the bytes are big-endian, the buffer reads little-endian longs
                int sign = Long.compareUnsigned(
                        Long.reverseBytes(left.getLong(address)), Long.reverseBytes(right.getLong(address)));
                if (sign == 0) {
                    sign = Long.compareUnsigned(
                            Long.reverseBytes(left.getLong(address + 8)),
                            Long.reverseBytes(right.getLong(address + 8)));
                }
                word |= (long) ((mask >>> (Integer.signum(sign) + 1)) & 1) << (row - start);
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private static void compareIntervals(ArrowBuf left, ArrowBuf right, int mask, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                int sign = Interval.read(left, row).compareTo(Interval.read(right, row));
                word |= (long) ((mask >>> (Integer.signum(sign) + 1)) & 1) << (row - start);
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private static void compareDoubles(double[] left, double[] right, int mask, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                int sign = sign(left[row], right[row]);
                word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private static void compareLongs(long[] left, long[] right, int mask, ArrowBuf out, int rowCount) {
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                int sign = sign(left[row], right[row]);
                word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private static void compareBytes(FieldVector left, FieldVector right, int mask, ArrowBuf out, int rowCount) {
        ArrowBuf leftOffsets = left.getOffsetBuffer();
        ArrowBuf rightOffsets = right.getOffsetBuffer();
        ArrowBuf leftData = left.getDataBuffer();
        ArrowBuf rightData = right.getDataBuffer();
        boolean equalityOnly = mask == Operator.EQUAL.mask || mask == Operator.NOT_EQUAL.mask;
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                int leftStart = leftOffsets.getInt((long) row << 2);
                int leftLength = leftOffsets.getInt(((long) row + 1) << 2) - leftStart;
                int rightStart = rightOffsets.getInt((long) row << 2);
                int rightLength = rightOffsets.getInt(((long) row + 1) << 2) - rightStart;
                int sign;
                if (equalityOnly) {
                    sign = leftLength == rightLength
                                    && Utf8.equals(leftData, leftStart, rightData, rightStart, leftLength)
                            ? 0
                            : 1;
                } else {
                    sign = Integer.signum(
                            Utf8.compare(leftData, leftStart, leftLength, rightData, rightStart, rightLength));
                }
                word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private static void compareBytesConstant(
            FieldVector left, ArrowBuf constant, int constantLength, int mask, ArrowBuf out, int rowCount) {
        ArrowBuf offsets = left.getOffsetBuffer();
        ArrowBuf data = left.getDataBuffer();
        boolean equalityOnly = mask == Operator.EQUAL.mask || mask == Operator.NOT_EQUAL.mask;
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                int valueStart = offsets.getInt((long) row << 2);
                int valueLength = offsets.getInt(((long) row + 1) << 2) - valueStart;
                int sign;
                if (equalityOnly) {
                    sign = valueLength == constantLength && Utf8.equals(data, valueStart, constant, 0, valueLength)
                            ? 0
                            : 1;
                } else {
                    sign = Integer.signum(Utf8.compare(data, valueStart, valueLength, constant, 0, constantLength));
                }
                word |= (long) ((mask >>> (sign + 1)) & 1) << (row - start);
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    /** Nested values: both sides encoded once, then each row's bytes compared. */
    private static void compareNested(FieldVector left, FieldVector right, int mask, ArrowBuf out, int rowCount) {
        NestedKeys.Encoded leftKeys = NestedKeys.encode(left, rowCount);
        NestedKeys.Encoded rightKeys = NestedKeys.encode(right, rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (left.isNull(row) || right.isNull(row)) {
                continue; // finishResult decides what NULL gives
            }
            int sign = Integer.signum(leftKeys.compare(row, rightKeys, row));
            if (((mask >>> (sign + 1)) & 1) != 0) {
                Bits.set(out, row);
            }
        }
    }

    /**
     * Integers of different widths, integers against decimals, decimals of different scales, DATE
     * against TIMESTAMP, BOOLEAN: all as longs at a common scale, or as BigIntegers when that overflows.
     */
    private static void compareExact(FieldVector left, FieldVector right, int mask, ArrowBuf out, int rowCount) {
        ValueKind leftKind = kindOf(left.getField());
        ValueKind rightKind = kindOf(right.getField());
        if (leftKind == ValueKind.DATE || leftKind == ValueKind.TIMESTAMP) {
            long[] a = Numbers.readLongs(left, rowCount);
            long[] b = Numbers.readLongs(right, rowCount);
            toMicros(a, leftKind);
            toMicros(b, rightKind);
            compareLongs(a, b, mask, out, rowCount);
            return;
        }
        int leftScale = Numbers.scale(left.getField().getType());
        int rightScale = Numbers.scale(right.getField().getType());
        int scale = Math.max(leftScale, rightScale);
        long[] a = Numbers.readUnscaled(left, rowCount);
        long[] b = a == null ? null : Numbers.readUnscaled(right, rowCount);
        if (b != null && scaleUp(a, scale - leftScale) && scaleUp(b, scale - rightScale)) {
            compareLongs(a, b, mask, out, rowCount);
            return;
        }
        BigInteger[] bigLeft = Numbers.readBig(left, rowCount);
        BigInteger[] bigRight = Numbers.readBig(right, rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (bigLeft[row] == null || bigRight[row] == null) {
                continue;
            }
            BigInteger x = bigLeft[row].multiply(DecimalMath.bigPower(scale - leftScale));
            BigInteger y = bigRight[row].multiply(DecimalMath.bigPower(scale - rightScale));
            int sign = x.compareTo(y);
            if (((mask >>> (sign + 1)) & 1) != 0) {
                Bits.set(out, row);
            }
        }
    }

    private static void toMicros(long[] values, ValueKind kind) {
        if (kind == ValueKind.DATE) {
            for (int row = 0; row < values.length; row++) {
                values[row] *= DateTimes.MICROS_PER_DAY;
            }
        }
    }

    private static boolean scaleUp(long[] values, int digits) {
        if (digits == 0) {
            return true;
        }
        if (digits > 18) {
            return false;
        }
        long factor = DecimalMath.longPower(digits);
        long overflow = 0;
        for (int row = 0; row < values.length; row++) {
            long value = values[row];
            long product = value * factor;
            values[row] = product;
            overflow |= Math.multiplyHigh(value, factor) ^ (product >> 63);
        }
        return overflow == 0;
    }

    private static ValueKind kindOf(Field field) {
        return ValueKind.of(field.getType());
    }

    private static Domain domain(Field leftField, Field rightField) {
        boolean leftNested = NestedKeys.handles(leftField.getType());
        boolean anyNull =
                leftField.getType() instanceof ArrowType.Null || rightField.getType() instanceof ArrowType.Null;
        if (anyNull) {
            return Domain.NULL; // an untyped NULL beside any type, nested ones included
        }
        if (leftNested || NestedKeys.handles(rightField.getType())) {
            if (leftNested != NestedKeys.handles(rightField.getType())) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "cannot compare " + leftField.getType() + " with " + rightField.getType());
            }
            return Domain.NESTED;
        }
        ValueKind leftKind = kindOf(leftField);
        ValueKind rightKind = kindOf(rightField);
        if (leftKind == ValueKind.NULL || rightKind == ValueKind.NULL) {
            return Domain.NULL;
        }
        if (leftKind == rightKind) {
            switch (leftKind) {
                case BOOLEAN:
                    return Domain.BOOLEAN;
                case VARCHAR, VARBINARY:
                    return Domain.BYTES;
                case TINYINT:
                    return Domain.INT8;
                case SMALLINT:
                    return Domain.INT16;
                case INTEGER, DATE:
                    return Domain.INT32;
                case BIGINT, TIMESTAMP, TIMESTAMP_TZ, TIME:
                    return Domain.INT64;
                case UUID:
                    return Domain.UUID;
                case INTERVAL:
                    return Domain.INTERVAL;
                case REAL:
                    return Domain.FLOAT32;
                case DOUBLE:
                    return Domain.FLOAT64;
                case DECIMAL:
                    if (Numbers.scale(leftField.getType()) == Numbers.scale(rightField.getType())) {
                        return Numbers.precision(leftField.getType()) <= 18
                                        && Numbers.precision(rightField.getType()) <= 18
                                ? Domain.DECIMAL64
                                : Domain.DECIMAL128;
                    }
                    return Domain.EXACT;
                default:
                    break;
            }
        }
        boolean leftExact = leftKind.isInteger() || leftKind == ValueKind.DECIMAL;
        boolean rightExact = rightKind.isInteger() || rightKind == ValueKind.DECIMAL;
        if (leftExact && rightExact) {
            return Domain.EXACT;
        }
        if (leftKind.isNumeric() && rightKind.isNumeric()) {
            return Domain.APPROXIMATE;
        }
        boolean leftTime = leftKind == ValueKind.DATE || leftKind == ValueKind.TIMESTAMP;
        boolean rightTime = rightKind == ValueKind.DATE || rightKind == ValueKind.TIMESTAMP;
        // TIMESTAMPTZ with DATE/TIMESTAMP needs the time zone: the planner casts one side first
        if (leftTime && rightTime) {
            return Domain.EXACT;
        }
        throw new QuiverException(
                ErrorCode.TYPE_MISMATCH,
                "cannot compare " + KernelVectors.sqlName(leftField) + " with " + KernelVectors.sqlName(rightField));
    }
}
