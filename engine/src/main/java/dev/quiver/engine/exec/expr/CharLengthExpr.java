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
 * CHAR_LENGTH / CHARACTER_LENGTH / LENGTH: the number of characters (code points), as DuckDB's
 * {@code length}. # Performance: an ASCII batch is answered from the offsets alone.
 */
public final class CharLengthExpr extends FunctionExpr {
    private final Expr operand;

    public CharLengthExpr(Expr operand, Field field) {
        super("CHAR_LENGTH", List.of(StringOperands.requireString("CHAR_LENGTH", operand)), field, false);
        this.operand = children().getFirst();
        if (!ValueKind.of(field.getType()).isInteger()) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH, "CHAR_LENGTH returns an integer, not " + KernelVectors.sqlName(field));
        }
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector strings = operand.evaluate(input, context)) {
            if (ValueKind.of(strings.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(strings, rowCount);
                KernelVectors.setValidity(result, valid, rowCount);
                long[] lengths = new long[rowCount];
                ArrowBuf offsets = strings.getOffsetBuffer();
                ArrowBuf data = strings.getDataBuffer();
                boolean ascii = StringOperands.isAscii(strings, rowCount);
                for (int row = 0; row < rowCount; row++) {
                    int start = offsets.getInt((long) row << 2);
                    int length = offsets.getInt(((long) row + 1) << 2) - start;
                    lengths[row] = ascii ? length : Utf8.characterCount(data, start, length);
                }
                Numbers.writeLongs(lengths, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
