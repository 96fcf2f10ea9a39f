package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code POSITION(needle IN haystack [FROM start])}: the 1-based character position of the first
 * occurrence at or after character {@code start}, 0 when there is none; an empty needle is found
 * at the start position ({@code POSITION('' IN 'abc') = 1}).
 */
public final class PositionExpr extends FunctionExpr {
    private final Expr needle;
    private final Expr haystack;
    private final Expr from;

    /** {@code from} may be null (search from the first character). */
    public PositionExpr(Expr needle, Expr haystack, Expr from, Field field) {
        Expr search = StringOperands.requireString("POSITION", needle);
        Expr text = StringOperands.requireString("POSITION", haystack);
        Expr start = from == null ? null : StringOperands.requireInteger("POSITION", from);
        super("POSITION", start == null ? List.of(search, text) : List.of(search, text, start), field, false);
        this.needle = search;
        this.haystack = text;
        this.from = start;
        if (!ValueKind.of(field.getType()).isInteger()) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH, "POSITION returns an integer, not " + KernelVectors.sqlName(field));
        }
    }

    @Override
    public String describe() {
        return "POSITION(" + needle.describe() + " IN " + haystack.describe()
                + (from == null ? "" : " FROM " + from.describe()) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector needles = needle.evaluate(input, context);
                FieldVector haystacks = haystack.evaluate(input, context);
                FieldVector starts = from == null ? null : from.evaluate(input, context)) {
            if (ValueKind.of(needles.getField().getType()) == ValueKind.NULL
                    || ValueKind.of(haystacks.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                KernelVectors.setValidity(
                        result, Bits.validity(needles, rowCount), Bits.validity(haystacks, rowCount), rowCount);
                if (starts != null) {
                    Bits startValid = Bits.validity(starts, rowCount);
                    ArrowBuf validity = result.getValidityBuffer();
                    for (int row = 0; row < rowCount; row++) {
                        if (!startValid.get(row)) {
                            Bits.clear(validity, row);
                        }
                    }
                }
                Bits valid = Bits.of(result.getValidityBuffer(), rowCount);
                long[] startValues = starts == null ? null : Numbers.readLongs(starts, rowCount);
                boolean ascii = StringOperands.isAscii(haystacks, rowCount);
                ArrowBuf haystackData = haystacks.getDataBuffer();
                long[] positions = new long[rowCount];
                byte[] lastNeedle = null;
                int lastNeedleStart = -1;
                int lastNeedleLength = -1;
                for (int row = 0; row < rowCount; row++) {
                    if (!valid.get(row)) {
                        continue;
                    }
                    int needleStart = StringOperands.start(needles, row);
                    int needleLength = StringOperands.length(needles, row);
                    if (lastNeedle == null || needleStart != lastNeedleStart || needleLength != lastNeedleLength) {
                        lastNeedle = new byte[needleLength];
                        needles.getDataBuffer().getBytes(needleStart, lastNeedle, 0, needleLength);
                        lastNeedleStart = needleStart;
                        lastNeedleLength = needleLength;
                    }
                    int start = StringOperands.start(haystacks, row);
                    int length = StringOperands.length(haystacks, row);
                    boolean rowAscii = ascii || Utf8.isAscii(haystackData, start, length);
                    long startCharacter = startValues == null ? 0 : startValues[row] - 1;
                    long characters = rowAscii ? length : Utf8.characterCount(haystackData, start, length);
                    if (startCharacter < 0 || startCharacter > characters) {
                        continue;
                    }
                    int fromByte = rowAscii
                            ? (int) startCharacter
                            : Utf8.byteOffsetOfCharacter(haystackData, start, length, startCharacter);
                    int found = Utf8.indexOf(haystackData, start, length, lastNeedle, fromByte);
                    if (found >= 0) {
                        positions[row] = (rowAscii ? found : Utf8.characterCount(haystackData, start, found)) + 1;
                    }
                }
                Numbers.writeLongs(positions, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
