package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * CHAR_LENGTH / CHARACTER_LENGTH / LENGTH: the number of characters (code points), as DuckDB's
 * {@code length}. # Performance: an ASCII batch is answered from the offsets alone.
 */
public final class CharLengthExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;

    public CharLengthExpr(Expr operand, Field field) {
        this.operand = StringOperands.requireString("CHAR_LENGTH", operand);
        this.field = field;
        if (!ValueKind.of(field.getType()).isInteger()) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, "CHAR_LENGTH returns an integer, not "
                    + Vectors.sqlName(field));
        }
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
        return false;
    }

    @Override
    public String describe() {
        return "CHAR_LENGTH(" + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector strings = operand.evaluate(input, context)) {
            if (ValueKind.of(strings.getField().getType()) == ValueKind.NULL) {
                return Vectors.nulls(field, rowCount, context.allocator());
            }
            FieldVector result = Vectors.allocateFixed(field, rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(strings, rowCount);
                Vectors.setValidity(result, valid, rowCount);
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
                return Vectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
