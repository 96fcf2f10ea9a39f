package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** String concatenation {@code a || b || ...}; NULL when any operand is NULL, as in DuckDB. */
public final class ConcatExpr implements KernelExpr {
    private final List<Expr> operands;
    private final Field field;

    public ConcatExpr(List<Expr> operands, Field field) {
        this.operands = operands.stream()
                .map(operand -> StringOperands.requireString("||", operand))
                .toList();
        this.field = field;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return operands;
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder("(");
        for (int index = 0; index < operands.size(); index++) {
            text.append(index == 0 ? "" : " || ").append(operands.get(index).describe());
        }
        return text.append(')').toString();
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        List<FieldVector> parts = new ArrayList<>(operands.size());
        try {
            for (Expr operand : operands) {
                parts.add(operand.evaluate(input, context));
            }
            long totalBytes = 0;
            long[] validWords = RowRouting.allRows(rowCount);
            for (FieldVector part : parts) {
                if (ValueKind.of(part.getField().getType()) == ValueKind.NULL) {
                    return KernelVectors.nulls(field, rowCount, context.allocator());
                }
                totalBytes += StringOperands.totalBytes(part, rowCount);
                Bits valid = Bits.validity(part, rowCount);
                for (int wordIndex = 0; wordIndex < validWords.length; wordIndex++) {
                    validWords[wordIndex] &= valid.word(wordIndex);
                }
            }
            try (VarWidthBuilder builder = new VarWidthBuilder(field, rowCount, totalBytes, context.allocator())) {
                ArrowBuf[] offsets = new ArrowBuf[parts.size()];
                ArrowBuf[] data = new ArrowBuf[parts.size()];
                for (int index = 0; index < parts.size(); index++) {
                    offsets[index] = parts.get(index).getOffsetBuffer();
                    data[index] = parts.get(index).getDataBuffer();
                }
                for (int row = 0; row < rowCount; row++) {
                    if ((validWords[row >>> 6] & (1L << (row & 63))) == 0) {
                        builder.appendNull(row);
                        continue;
                    }
                    int rowBytes = 0;
                    for (int index = 0; index < parts.size(); index++) {
                        rowBytes +=
                                offsets[index].getInt(((long) row + 1) << 2) - offsets[index].getInt((long) row << 2);
                    }
                    builder.reserve(rowBytes);
                    ArrowBuf out = builder.data();
                    int position = builder.position();
                    for (int index = 0; index < parts.size(); index++) {
                        int start = offsets[index].getInt((long) row << 2);
                        int length = offsets[index].getInt(((long) row + 1) << 2) - start;
                        out.setBytes(position, data[index], start, length);
                        position += length;
                    }
                    builder.commit(row, position);
                }
                return builder.finish(rowCount);
            }
        } finally {
            for (FieldVector part : parts) {
                part.close();
            }
        }
    }
}
