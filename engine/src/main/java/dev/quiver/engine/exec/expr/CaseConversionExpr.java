package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * UPPER and LOWER, one code point at a time (Unicode simple case mapping, as DuckDB's utf8proc:
 * {@code upper('ß') = 'ẞ'}, never the two-letter {@code SS}).
 *
 * <p># Performance: a batch of ASCII bytes is mapped byte by byte with no decoding.
 */
public final class CaseConversionExpr extends FunctionExpr {
    private static final int SHARP_S = 0xDF;
    private static final int CAPITAL_SHARP_S = 0x1E9E;

    private final boolean upper;
    private final Expr operand;

    public CaseConversionExpr(boolean upper, Expr operand, Field field) {
        super(
                upper ? "UPPER" : "LOWER",
                List.of(StringOperands.requireString(upper ? "UPPER" : "LOWER", operand)),
                field,
                false);
        this.upper = upper;
        this.operand = children().getFirst();
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector strings = operand.evaluate(input, context)) {
            if (ValueKind.of(strings.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            Bits valid = Bits.validity(strings, rowCount);
            boolean ascii = StringOperands.isAscii(strings, rowCount);
            ArrowBuf data = strings.getDataBuffer();
            try (VarWidthBuilder builder = new VarWidthBuilder(
                    field(), rowCount, StringOperands.totalBytes(strings, rowCount), context.allocator())) {
                StringOperands.writeValidity(builder.validityBuffer(), rowCount, valid);
                for (int row = 0; row < rowCount; row++) {
                    if (!valid.get(row)) {
                        builder.appendNull(row);
                        continue;
                    }
                    int start = StringOperands.start(strings, row);
                    int length = StringOperands.length(strings, row);
                    if (ascii || Utf8.isAscii(data, start, length)) {
                        builder.reserve(length);
                        ArrowBuf out = builder.data();
                        int position = builder.position();
                        if (upper) {
                            for (int index = 0; index < length; index++) {
                                byte value = data.getByte(start + index);
                                out.setByte(position + index, value >= 'a' && value <= 'z' ? value - 32 : value);
                            }
                        } else {
                            for (int index = 0; index < length; index++) {
                                byte value = data.getByte(start + index);
                                out.setByte(position + index, value >= 'A' && value <= 'Z' ? value + 32 : value);
                            }
                        }
                        builder.commitKeepValidity(row, position + length);
                    } else {
                        String text = Utf8.decode(data, start, length);
                        StringBuilder mapped = new StringBuilder(text.length());
                        text.codePoints().forEach(codePoint -> mapped.appendCodePoint(map(codePoint)));
                        builder.append(row, mapped.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
                return builder.finish(rowCount);
            }
        }
    }

    private int map(int codePoint) {
        if (upper) {
            return codePoint == SHARP_S ? CAPITAL_SHARP_S : Character.toUpperCase(codePoint);
        }
        return Character.toLowerCase(codePoint);
    }
}
