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

/**
 * {@code IS NULL}, {@code IS NOT NULL} on any type, and the truth tests {@code IS [NOT] TRUE},
 * {@code IS [NOT] FALSE} on BOOLEAN. The result is never NULL.
 */
public final class NullTestExpr implements KernelExpr {
    /** The test. */
    public enum Test {
        IS_NULL("IS NULL"),
        IS_NOT_NULL("IS NOT NULL"),
        IS_TRUE("IS TRUE"),
        IS_NOT_TRUE("IS NOT TRUE"),
        IS_FALSE("IS FALSE"),
        IS_NOT_FALSE("IS NOT FALSE");

        final String text;

        Test(String text) {
            this.text = text;
        }
    }

    private final Test test;
    private final Expr operand;
    private final Field field;

    public NullTestExpr(Test test, Expr operand, Field field) {
        if (test != Test.IS_NULL && test != Test.IS_NOT_NULL) {
            ValueKind kind = ValueKind.of(operand.field().getType());
            if (kind != ValueKind.BOOLEAN && kind != ValueKind.NULL) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        test.text + " needs a BOOLEAN operand, got " + KernelVectors.sqlName(operand.field()));
            }
        }
        this.test = test;
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
        return "(" + operand.describe() + " " + test.text + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            Bits valid = Bits.validity(values, rowCount);
            Bits data = LogicalExpr.dataOf(values, rowCount);
            BitVector result = KernelVectors.booleans(field, rowCount, context.allocator());
            ArrowBuf resultData = result.getDataBuffer();
            for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
                long validWord = valid.word(wordIndex);
                long word = switch (test) {
                    case IS_NULL -> ~validWord;
                    case IS_NOT_NULL -> validWord;
                    case IS_TRUE -> validWord & data.word(wordIndex);
                    case IS_NOT_TRUE -> ~(validWord & data.word(wordIndex));
                    case IS_FALSE -> validWord & ~data.word(wordIndex);
                    case IS_NOT_FALSE -> ~(validWord & ~data.word(wordIndex));
                };
                resultData.setLong((long) wordIndex << 3, word);
            }
            KernelVectors.setAllValid(result, rowCount);
            return KernelVectors.finish(result, rowCount);
        }
    }
}
