package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Checks and conversions the string kernels share. */
final class StringOperands {
    static final Field BIGINT = new Field("bigint", FieldType.nullable(new ArrowType.Int(64, true)), null);

    private StringOperands() {}

    /** Rejects an operand that is not VARCHAR (or NULL). */
    static Expr requireString(String function, Expr operand) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.VARCHAR && kind != ValueKind.NULL) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    function + " needs a VARCHAR argument, got " + KernelVectors.sqlName(operand.field()));
        }
        return operand;
    }

    /** An integer argument as BIGINT (casting other integer types; rejecting non-integers). */
    static Expr requireInteger(String function, Expr operand) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind == ValueKind.BIGINT) {
            return operand;
        }
        if (!kind.isInteger() && kind != ValueKind.NULL) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    function + " needs an integer argument, got " + KernelVectors.sqlName(operand.field()));
        }
        if (operand instanceof LiteralExpr literal) {
            return new LiteralExpr(BIGINT, literal.value());
        }
        return new CastExpr(operand, BIGINT);
    }

    /** The value of a non-NULL integer literal, or null when {@code operand} is not one (so it varies by row). */
    static Long constantLong(Expr operand) {
        return operand instanceof LiteralExpr literal && !literal.isNull() ? (Long) literal.value() : null;
    }

    /** Writes the AND of the given validities for {@code rowCount} rows into a buffer Quiver allocated. */
    static void writeValidity(ArrowBuf target, int rowCount, Bits... validities) {
        for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
            long word = -1L;
            for (Bits validity : validities) {
                word &= validity.word(wordIndex);
            }
            target.setLong((long) wordIndex << 3, word);
        }
    }

    /** Whether the bytes of rows {@code [0, rowCount)} of a VARCHAR vector are all ASCII. */
    static boolean isAscii(FieldVector strings, int rowCount) {
        if (rowCount == 0 || ValueKind.of(strings.getField().getType()) == ValueKind.NULL) {
            return true;
        }
        ArrowBuf offsets = strings.getOffsetBuffer();
        int first = offsets.getInt(0);
        int last = offsets.getInt((long) rowCount << 2);
        return Utf8.isAscii(strings.getDataBuffer(), first, last - first);
    }

    static int start(FieldVector strings, int row) {
        return strings.getOffsetBuffer().getInt((long) row << 2);
    }

    static int length(FieldVector strings, int row) {
        ArrowBuf offsets = strings.getOffsetBuffer();
        return offsets.getInt(((long) row + 1) << 2) - offsets.getInt((long) row << 2);
    }

    /** The byte length of the data of rows {@code [0, rowCount)}. */
    static long totalBytes(FieldVector strings, int rowCount) {
        if (rowCount == 0 || ValueKind.of(strings.getField().getType()) == ValueKind.NULL) {
            return 0;
        }
        ArrowBuf offsets = strings.getOffsetBuffer();
        return offsets.getInt((long) rowCount << 2) - offsets.getInt(0);
    }
}
