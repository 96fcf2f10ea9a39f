package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.LikePattern;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code value [NOT] LIKE pattern [ESCAPE escape]}. Without ESCAPE no character escapes (a
 * backslash is literal), as in DuckDB. A constant pattern is compiled once, at construction;
 * a pattern that varies by row is compiled per distinct consecutive value.
 */
public final class LikeExpr implements KernelExpr {
    private final Expr value;
    private final Expr pattern;
    private final Expr escape;
    private final boolean negated;
    private final Field field;
    private final LikePattern compiled;

    /** {@code escape} may be null (no escape character). */
    public LikeExpr(Expr value, Expr pattern, Expr escape, boolean negated, Field field) {
        for (Expr operand : escape == null ? List.of(value, pattern) : List.of(value, pattern, escape)) {
            ValueKind kind = ValueKind.of(operand.field().getType());
            if (kind != ValueKind.VARCHAR && kind != ValueKind.NULL) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "LIKE needs VARCHAR operands, got " + KernelVectors.sqlName(operand.field()));
            }
        }
        this.value = value;
        this.pattern = pattern;
        this.escape = escape;
        this.negated = negated;
        this.field = field;
        if (pattern instanceof LiteralExpr constant
                && !constant.isNull()
                && (escape == null || escape instanceof LiteralExpr)) {
            this.compiled = LikePattern.compile(constant.bytes(), escapeCharacter((LiteralExpr) escape));
        } else {
            this.compiled = null;
        }
    }

    private static int escapeCharacter(LiteralExpr escape) {
        return escape == null || escape.isNull() ? -1 : escapeCharacter((String) escape.value());
    }

    private static int escapeCharacter(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        if (text.codePointCount(0, text.length()) != 1) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "the LIKE escape must be empty or one character, got '" + text + "'");
        }
        return text.codePointAt(0);
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        List<Expr> children = new ArrayList<>(List.of(value, pattern));
        if (escape != null) {
            children.add(escape);
        }
        return children;
    }

    @Override
    public boolean mayFail() {
        return compiled == null;
    }

    @Override
    public String describe() {
        return "(" + value.describe() + (negated ? " NOT LIKE " : " LIKE ") + pattern.describe()
                + (escape == null ? "" : " ESCAPE " + escape.describe()) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        if (escape instanceof LiteralExpr constant && constant.isNull()
                || pattern instanceof LiteralExpr constantPattern && constantPattern.isNull()) {
            return KernelVectors.nulls(field, rowCount, context.allocator());
        }
        try (FieldVector values = value.evaluate(input, context)) {
            BitVector result = KernelVectors.booleans(field, rowCount, context.allocator());
            try {
                if (compiled != null) {
                    KernelVectors.setValidity(result, Bits.validity(values, rowCount), rowCount);
                    matchAll(values, compiled, result, rowCount);
                } else {
                    matchPerRow(values, input, context, result, rowCount);
                }
                if (negated) {
                    ArrowBuf data = result.getDataBuffer();
                    for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
                        data.setLong((long) wordIndex << 3, ~data.getLong((long) wordIndex << 3));
                    }
                }
                KernelVectors.canonicalize(result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    private static void matchAll(FieldVector values, LikePattern pattern, BitVector result, int rowCount) {
        if (ValueKind.of(values.getField().getType()) == ValueKind.NULL) {
            return;
        }
        ArrowBuf offsets = values.getOffsetBuffer();
        ArrowBuf data = values.getDataBuffer();
        ArrowBuf out = result.getDataBuffer();
        for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
            int start = wordIndex << 6;
            int end = Math.min(start + 64, rowCount);
            long word = 0;
            for (int row = start; row < end; row++) {
                int valueStart = offsets.getInt((long) row << 2);
                int valueLength = offsets.getInt(((long) row + 1) << 2) - valueStart;
                if (pattern.matches(data, valueStart, valueLength)) {
                    word |= 1L << (row - start);
                }
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    private void matchPerRow(
            FieldVector values, Batch input, ExecutionContext context, BitVector result, int rowCount) {
        try (FieldVector patterns = pattern.evaluate(input, context);
                FieldVector escapes = escape == null ? null : escape.evaluate(input, context)) {
            Bits valid = Bits.validity(values, rowCount);
            Bits patternValid = Bits.validity(patterns, rowCount);
            Bits escapeValid = escapes == null ? Bits.constant(true, rowCount) : Bits.validity(escapes, rowCount);
            ArrowBuf validity = result.getValidityBuffer();
            ArrowBuf out = result.getDataBuffer();
            byte[] lastPattern = null;
            String lastEscape = null;
            LikePattern current = null;
            for (int row = 0; row < rowCount; row++) {
                if (!valid.get(row) || !patternValid.get(row) || !escapeValid.get(row)) {
                    continue;
                }
                byte[] patternBytes = bytesOf(patterns, row);
                String escapeText = escapes == null
                        ? ""
                        : new String(bytesOf(escapes, row), java.nio.charset.StandardCharsets.UTF_8);
                if (current == null || !Arrays.equals(patternBytes, lastPattern) || !escapeText.equals(lastEscape)) {
                    current = LikePattern.compile(patternBytes, escapeCharacter(escapeText));
                    lastPattern = patternBytes;
                    lastEscape = escapeText;
                }
                Bits.set(validity, row);
                int start = values.getOffsetBuffer().getInt((long) row << 2);
                int length = values.getOffsetBuffer().getInt(((long) row + 1) << 2) - start;
                if (current.matches(values.getDataBuffer(), start, length)) {
                    Bits.set(out, row);
                }
            }
        }
    }

    private static byte[] bytesOf(FieldVector strings, int row) {
        ArrowBuf offsets = strings.getOffsetBuffer();
        int start = offsets.getInt((long) row << 2);
        byte[] bytes = new byte[offsets.getInt(((long) row + 1) << 2) - start];
        strings.getDataBuffer().getBytes(start, bytes, 0, bytes.length);
        return bytes;
    }
}
