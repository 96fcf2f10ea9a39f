package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.ByteStringSet;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code value [NOT] IN (constant, ...)} against non-NULL constants of the value's type.
 *
 * <p>A NULL value gives {@code nullResult} (NULL in plain SQL; the planner may know better, e.g. a
 * Calcite Sarg that treats NULL as FALSE). Numbers are looked up by binary search in a sorted
 * array; strings by length first, then as 64-bit words ({@link ByteStringSet}).
 */
public final class InListExpr implements KernelExpr, SelectingExpr {
    private final Expr value;
    private final List<LiteralExpr> constants;
    private final boolean negated;
    private final Boolean nullResult;
    private final Field field;
    private final ValueKind kind;
    private final long[] longs;
    private final double[] doubles;
    private final ByteStringSet strings;

    /** {@code nullResult} is the result for a NULL value: null (SQL's UNKNOWN), TRUE or FALSE. */
    public InListExpr(Expr value, List<LiteralExpr> constants, boolean negated, Boolean nullResult, Field field) {
        this.value = value;
        this.constants = List.copyOf(constants);
        this.negated = negated;
        this.nullResult = nullResult;
        this.field = field;
        this.kind = ValueKind.of(value.field().getType());
        for (LiteralExpr constant : constants) {
            if (constant.isNull()
                    || !CastExpr.sameStorage(
                                    constant.field().getType(), value.field().getType())
                            && !(kind == ValueKind.DECIMAL
                                    && ValueKind.of(constant.field().getType()) == ValueKind.DECIMAL)) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "IN list constant " + constant.describe() + " does not have the value's type "
                                + KernelVectors.sqlName(value.field()));
            }
        }
        switch (kind) {
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIMESTAMP, DECIMAL -> {
                this.longs = sortedLongs();
                this.doubles = null;
                this.strings = null;
            }
            case REAL, DOUBLE -> {
                this.doubles = constants.stream()
                        .mapToDouble(constant -> constant.doubleValue() + 0.0)
                        .sorted()
                        .toArray();
                this.longs = null;
                this.strings = null;
            }
            case VARCHAR, VARBINARY -> {
                this.strings = new ByteStringSet(
                        constants.stream().map(LiteralExpr::bytes).toList());
                this.longs = null;
                this.doubles = null;
            }
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "IN lists over " + KernelVectors.sqlName(value.field()) + " are not supported");
        }
    }

    private long[] sortedLongs() {
        List<Long> values = new ArrayList<>();
        int scale = Numbers.scale(value.field().getType());
        for (LiteralExpr constant : constants) {
            switch (kind) {
                case BOOLEAN -> values.add(constant.booleanValue() ? 1L : 0L);
                case DECIMAL -> {
                    BigDecimal decimal = constant.decimalValue();
                    try {
                        // a constant with more digits than the value's scale equals no value; drop it
                        values.add(decimal.setScale(scale).unscaledValue().longValueExact());
                    } catch (ArithmeticException notRepresentable) {
                        if (decimal.stripTrailingZeros().scale() <= scale) {
                            throw new QuiverException(
                                    ErrorCode.UNSUPPORTED,
                                    "IN lists of DECIMAL constants wider than 18 digits are not supported");
                        }
                    }
                }
                default -> values.add(constant.longValue());
            }
        }
        return values.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return List.of(value);
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder("(").append(value.describe()).append(negated ? " NOT IN (" : " IN (");
        for (int index = 0; index < constants.size(); index++) {
            text.append(index == 0 ? "" : ", ").append(constants.get(index).describe());
        }
        return text.append("))").toString();
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = value.evaluate(input, context)) {
            BitVector result = KernelVectors.booleans(field, rowCount, context.allocator());
            try {
                ArrowBuf out = result.getDataBuffer();
                if (longs != null) {
                    long[] numbers = kind == ValueKind.DECIMAL
                            ? Numbers.readUnscaled(values, rowCount)
                            : Numbers.readLongs(values, rowCount);
                    if (numbers == null) {
                        throw new QuiverException(
                                ErrorCode.UNSUPPORTED,
                                "IN lists over DECIMAL values wider than 18 digits are not supported");
                    }
                    for (int row = 0; row < rowCount; row++) {
                        if (Arrays.binarySearch(longs, numbers[row]) >= 0) {
                            Bits.set(out, row);
                        }
                    }
                } else if (doubles != null) {
                    double[] numbers = Numbers.readDoubles(values, rowCount);
                    for (int row = 0; row < rowCount; row++) {
                        if (Arrays.binarySearch(doubles, numbers[row] + 0.0) >= 0) {
                            Bits.set(out, row);
                        }
                    }
                } else {
                    strings.markMembers(values, rowCount, out);
                }
                finish(result, Bits.validity(values, rowCount), rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    /**
     * Whether {@link #selectTrue} can evaluate this list: over a column of strings or of integers
     * (dates and timestamps too, not DECIMAL), where a NULL value is not TRUE.
     */
    @Override
    public boolean selects() {
        return value instanceof ColumnExpr
                && !Boolean.TRUE.equals(nullResult)
                && switch (kind) {
                    case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIMESTAMP, VARCHAR, VARBINARY -> true;
                    default -> false;
                };
    }

    @Override
    public int selectTrue(Batch input, int[] rows, int count) {
        FieldVector column = input.column(((ColumnExpr) value).index());
        ArrowBuf data = column.getDataBuffer();
        int negate = negated ? 1 : 0;
        int kept = 0;
        if (strings != null) {
            kept = strings.keepMembers(column, negated, rows, count);
        } else {
            int shift = switch (kind) {
                case TINYINT -> 0;
                case SMALLINT -> 1;
                case INTEGER, DATE -> 2;
                default -> 3;
            };
            for (int index = 0; index < count; index++) {
                int row = rows[index];
                long offset = (long) row << shift;
                long number = switch (shift) {
                    case 0 -> data.getByte(offset);
                    case 1 -> data.getShort(offset);
                    case 2 -> data.getInt(offset);
                    default -> data.getLong(offset);
                };
                rows[kept] = row;
                kept += (Arrays.binarySearch(longs, number) >= 0 ? 1 : 0) ^ negate;
            }
        }
        return column.getNullCount() > 0 ? Bits.keepSet(column.getValidityBuffer(), rows, kept) : kept;
    }

    private void finish(BitVector result, Bits valid, int rowCount) {
        ArrowBuf data = result.getDataBuffer();
        ArrowBuf validity = result.getValidityBuffer();
        for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
            long address = (long) wordIndex << 3;
            long validWord = valid.word(wordIndex);
            long found = data.getLong(address);
            long answer = (negated ? ~found : found) & validWord;
            if (nullResult == null) {
                validity.setLong(address, validWord);
            } else {
                validity.setLong(address, -1L);
                if (nullResult) {
                    answer |= ~validWord;
                }
            }
            data.setLong(address, answer);
        }
    }
}
