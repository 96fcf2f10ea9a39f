package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code SUBSTRING(s FROM start [FOR length])} in characters, with DuckDB's rules for positions
 * outside the string: a negative start counts from the end ({@code substring('hello', -3, 2) = 'll'}),
 * start 0 is one character before the first ({@code substring('hello', 0, 2) = 'h'}), and a negative
 * length takes the characters before the start ({@code substring('hello', 2, -1) = 'h'}).
 *
 * <p># Performance: a batch whose bytes are all ASCII slices bytes directly; otherwise character
 * positions are found by skipping UTF-8 continuation bytes.
 */
public final class SubstringExpr extends FunctionExpr {
    /** DuckDB's length when FOR is absent. */
    private static final long TO_THE_END = 4_294_967_295L;

    private final Expr string;
    private final Expr start;
    private final Expr length;

    /** {@code length} may be null (to the end of the string). */
    public SubstringExpr(Expr string, Expr start, Expr length, Field field) {
        Expr text = StringOperands.requireString("SUBSTRING", string);
        Expr from = StringOperands.requireInteger("SUBSTRING", start);
        Expr count = length == null ? null : StringOperands.requireInteger("SUBSTRING", length);
        super("SUBSTRING", count == null ? List.of(text, from) : List.of(text, from, count), field, false);
        this.string = text;
        this.start = from;
        this.length = count;
    }

    @Override
    public String describe() {
        return "SUBSTRING(" + string.describe() + " FROM " + start.describe()
                + (length == null ? "" : " FOR " + length.describe()) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        Long constantStart = StringOperands.constantLong(start);
        Long constantLength = length == null ? Long.valueOf(TO_THE_END) : StringOperands.constantLong(length);
        try (FieldVector strings = string.evaluate(input, context);
                FieldVector starts = constantStart != null ? null : start.evaluate(input, context);
                FieldVector lengths = constantLength != null ? null : length.evaluate(input, context)) {
            if (ValueKind.of(strings.getField().getType()) == ValueKind.NULL
                    || start instanceof LiteralExpr startLiteral && startLiteral.isNull()
                    || length instanceof LiteralExpr lengthLiteral && lengthLiteral.isNull()) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            Bits startValid = starts == null ? Bits.constant(true, rowCount) : Bits.validity(starts, rowCount);
            Bits lengthValid = lengths == null ? Bits.constant(true, rowCount) : Bits.validity(lengths, rowCount);
            long[] startValues = starts == null ? null : Numbers.readLongs(starts, rowCount);
            long[] lengthValues = lengths == null ? null : Numbers.readLongs(lengths, rowCount);
            boolean ascii = StringOperands.isAscii(strings, rowCount);
            ArrowBuf data = strings.getDataBuffer();
            // unboxed once, not per row
            long fixedStart = constantStart == null ? 0 : constantStart;
            long fixedLength = constantLength == null ? 0 : constantLength;
            try (VarWidthBuilder builder = new VarWidthBuilder(
                    field(), rowCount, StringOperands.totalBytes(strings, rowCount), context.allocator())) {
                StringOperands.writeValidity(
                        builder.validityBuffer(), rowCount, Bits.validity(strings, rowCount), startValid, lengthValid);
                Bits valid = Bits.of(builder.validityBuffer(), rowCount);
                for (int row = 0; row < rowCount; row++) {
                    if (!valid.get(row)) {
                        builder.appendNull(row);
                        continue;
                    }
                    int valueStart = StringOperands.start(strings, row);
                    int valueLength = StringOperands.length(strings, row);
                    long offset = startValues == null ? fixedStart : startValues[row];
                    long count = lengthValues == null ? fixedLength : lengthValues[row];
                    boolean rowAscii = ascii || Utf8.isAscii(data, valueStart, valueLength);
                    long characters =
                            rowAscii || offset >= 0 ? valueLength : Utf8.characterCount(data, valueStart, valueLength);
                    long from;
                    long to;
                    if (count == 0) {
                        from = 0;
                        to = 0;
                    } else if (offset < 0) {
                        long anchor = characters + offset;
                        from = count > 0 ? anchor : anchor + count;
                        to = count > 0 ? anchor + count : anchor;
                    } else {
                        long anchor = offset - 1;
                        from = count < 0 ? anchor + count : anchor;
                        to = count < 0 ? anchor : anchor + count;
                    }
                    from = Math.max(from, 0);
                    int fromByte;
                    int toByte;
                    if (rowAscii) {
                        fromByte = (int) Math.min(from, valueLength);
                        toByte = (int) Math.max(Math.min(to, valueLength), fromByte);
                    } else if (to <= from) {
                        fromByte = 0;
                        toByte = 0;
                    } else {
                        fromByte = Utf8.byteOffsetOfCharacter(data, valueStart, valueLength, from);
                        toByte = Math.max(Utf8.byteOffsetOfCharacter(data, valueStart, valueLength, to), fromByte);
                    }
                    builder.appendKeepValidity(row, data, valueStart + fromByte, toByte - fromByte);
                }
                return builder.finish(rowCount);
            }
        }
    }
}
