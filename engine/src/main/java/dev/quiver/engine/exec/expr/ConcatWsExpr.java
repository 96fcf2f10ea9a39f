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

/**
 * DuckDB's {@code concat(a, b, ...)} and {@code concat_ws(separator, a, b, ...)}: unlike
 * {@code ||}, NULL arguments are skipped (no separator is written for them), so concat never
 * returns NULL and concat_ws only for a NULL separator. The operands are VARCHAR (the planner
 * casts other types to their text).
 */
public final class ConcatWsExpr extends FunctionExpr {
    private final Expr separator;
    private final List<Expr> operands;

    /** @param separator the separator, or null for plain {@code concat} */
    public ConcatWsExpr(Expr separator, List<Expr> operands, Field field) {
        Expr checkedSeparator = separator == null ? null : StringOperands.requireString("concat_ws", separator);
        List<Expr> values = operands.stream()
                .map(operand -> StringOperands.requireString("concat", operand))
                .toList();
        List<Expr> children = new ArrayList<>();
        if (checkedSeparator != null) {
            children.add(checkedSeparator);
        }
        children.addAll(values);
        super(separator == null ? "concat" : "concat_ws", children, field, false);
        this.separator = checkedSeparator;
        this.operands = values;
    }

    @Override
    public String describe() {
        return (separator == null ? "concat(" : "concat_ws(" + separator.describe() + ", ")
                + Exprs.describeAll(operands) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        List<FieldVector> parts = new ArrayList<>(operands.size());
        FieldVector separators = null;
        try {
            if (separator != null) {
                separators = separator.evaluate(input, context);
                if (ValueKind.of(separators.getField().getType()) == ValueKind.NULL) {
                    return KernelVectors.nulls(field(), rowCount, context.allocator());
                }
            }
            long totalBytes = 0;
            for (Expr operand : operands) {
                FieldVector part = operand.evaluate(input, context);
                parts.add(part);
                totalBytes += StringOperands.totalBytes(part, rowCount);
            }
            int count = parts.size();
            Bits[] valid = new Bits[count];
            ArrowBuf[] offsets = new ArrowBuf[count];
            ArrowBuf[] data = new ArrowBuf[count];
            for (int index = 0; index < count; index++) {
                FieldVector part = parts.get(index);
                boolean nullType = ValueKind.of(part.getField().getType()) == ValueKind.NULL;
                valid[index] = nullType ? Bits.constant(false, rowCount) : Bits.validity(part, rowCount);
                offsets[index] = nullType ? null : part.getOffsetBuffer();
                data[index] = nullType ? null : part.getDataBuffer();
            }
            Bits separatorValid =
                    separators == null ? Bits.constant(true, rowCount) : Bits.validity(separators, rowCount);
            try (VarWidthBuilder builder = new VarWidthBuilder(field(), rowCount, totalBytes, context.allocator())) {
                for (int row = 0; row < rowCount; row++) {
                    if (!separatorValid.get(row)) {
                        builder.appendNull(row);
                        continue;
                    }
                    int separatorStart = separators == null ? 0 : StringOperands.start(separators, row);
                    int separatorLength = separators == null ? 0 : StringOperands.length(separators, row);
                    long rowBytes = 0;
                    for (int index = 0; index < count; index++) {
                        if (valid[index].get(row)) {
                            rowBytes += separatorLength
                                    + offsets[index].getInt(((long) row + 1) << 2)
                                    - offsets[index].getInt((long) row << 2);
                        }
                    }
                    builder.reserve(rowBytes);
                    ArrowBuf out = builder.data();
                    int position = builder.position();
                    boolean first = true;
                    for (int index = 0; index < count; index++) {
                        if (!valid[index].get(row)) {
                            continue;
                        }
                        if (!first && separatorLength > 0) {
                            out.setBytes(position, separators.getDataBuffer(), separatorStart, separatorLength);
                            position += separatorLength;
                        }
                        first = false;
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
            KernelVectors.closeQuietly(separators);
        }
    }
}
