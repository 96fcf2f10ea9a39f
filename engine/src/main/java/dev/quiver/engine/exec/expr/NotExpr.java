package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Logical NOT: NOT NULL is NULL. */
public final class NotExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;

    public NotExpr(Expr operand, Field field) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.BOOLEAN && kind != ValueKind.NULL) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "NOT needs a BOOLEAN operand, got " + KernelVectors.sqlName(operand.field()));
        }
        this.operand = operand;
        this.field = field;
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
        return "(NOT " + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            Bits valid = Bits.validity(values, rowCount);
            Bits data = LogicalExpr.dataOf(values, rowCount);
            BitVector result = KernelVectors.booleans(field, rowCount, context.allocator());
            ArrowBuf resultData = result.getDataBuffer();
            ArrowBuf resultValidity = result.getValidityBuffer();
            for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
                long address = (long) wordIndex << 3;
                long validWord = valid.word(wordIndex);
                resultValidity.setLong(address, validWord);
                resultData.setLong(address, ~data.word(wordIndex) & validWord);
            }
            return KernelVectors.finish(result, rowCount);
        }
    }
}
