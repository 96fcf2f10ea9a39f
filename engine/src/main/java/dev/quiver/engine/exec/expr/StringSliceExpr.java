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
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_slice(string, begin, end[, step])} and DuckDB's {@code s[begin:end]} on a VARCHAR: the
 * characters from {@code begin} to {@code end}, 1-based and both included, negative counting from
 * the end and 0 meaning the start, as list_slice on a list. A NULL operand gives NULL; a step other
 * than 1 is an error, as in DuckDB.
 */
public final class StringSliceExpr extends FunctionExpr {
    public StringSliceExpr(String name, Expr string, Expr begin, Expr end, Expr step, Field field) {
        super(name, SliceBounds.operands(string, begin, end, step), field, true);
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        List<Expr> children = children();
        FieldVector[] vectors = new FieldVector[children.size()];
        try {
            for (int index = 0; index < vectors.length; index++) {
                vectors[index] = children.get(index).evaluate(input, context);
            }
            for (FieldVector vector : vectors) {
                if (ValueKind.of(vector.getField().getType()) == ValueKind.NULL) {
                    return KernelVectors.nulls(field(), rowCount, context.allocator());
                }
            }
            return slice(vectors, rowCount, context);
        } finally {
            for (FieldVector vector : vectors) {
                KernelVectors.closeQuietly(vector);
            }
        }
    }

    private FieldVector slice(FieldVector[] vectors, int rowCount, ExecutionContext context) {
        FieldVector strings = vectors[0];
        long[] begins = Numbers.readLongs(vectors[1], rowCount);
        long[] ends = Numbers.readLongs(vectors[2], rowCount);
        long[] steps = vectors.length > 3 ? Numbers.readLongs(vectors[3], rowCount) : null;
        Bits[] validities = new Bits[vectors.length];
        for (int index = 0; index < vectors.length; index++) {
            validities[index] = Bits.validity(vectors[index], rowCount);
        }
        ArrowBuf data = strings.getDataBuffer();
        try (VarWidthBuilder builder = new VarWidthBuilder(
                field(), rowCount, StringOperands.totalBytes(strings, rowCount), context.allocator())) {
            StringOperands.writeValidity(builder.validityBuffer(), rowCount, validities);
            Bits valid = Bits.of(builder.validityBuffer(), rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (!valid.get(row)) {
                    builder.appendNull(row);
                    continue;
                }
                if (steps != null && steps[row] != 1) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            name() + ": a string slice takes no step other than 1, not " + steps[row]);
                }
                int valueStart = StringOperands.start(strings, row);
                int valueLength = StringOperands.length(strings, row);
                boolean ascii = Utf8.isAscii(data, valueStart, valueLength);
                int characters = ascii ? valueLength : Utf8.characterCount(data, valueStart, valueLength);
                // 0-based, first inclusive, last exclusive, clamped to the string
                long first = Math.max(SliceBounds.first(begins[row], characters, 1), 0);
                long last = Math.min(SliceBounds.last(ends[row], characters, 1) + 1, characters);
                if (last <= first) {
                    builder.appendKeepValidity(row, data, valueStart, 0);
                    continue;
                }
                int fromByte = ascii ? (int) first : Utf8.byteOffsetOfCharacter(data, valueStart, valueLength, first);
                int toByte = ascii ? (int) last : Utf8.byteOffsetOfCharacter(data, valueStart, valueLength, last);
                builder.appendKeepValidity(row, data, valueStart + fromByte, toByte - fromByte);
            }
            return builder.finish(rowCount);
        }
    }
}
