package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code nextval(name)} and {@code currval(name)}: one BIGINT per row from the named sequence, NULL
 * where the name is NULL. nextval takes all of a batch's values of one sequence in one call (one
 * durable write per batch, not per row), handing them out in row order. Not a {@link KernelExpr},
 * so it is never folded into a constant.
 */
public final class SequenceExpr implements Expr {
    private final Expr name;
    private final Field field;
    private final boolean next;
    private final SequenceSource source;

    /**
     * @param name  a VARCHAR operand: the sequence's name
     * @param next  true for nextval, false for currval
     */
    public SequenceExpr(Expr name, Field field, boolean next, SequenceSource source) {
        this.name = name;
        this.field = field;
        this.next = next;
        this.source = source;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        String[] names = new String[rowCount];
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (FieldVector nameVector = name.evaluate(input, context)) {
            for (int row = 0; row < rowCount; row++) {
                Object value = LiteralExpr.valueAt(nameVector, row);
                if (value != null) {
                    names[row] = value.toString();
                    counts.merge(names[row], 1, Integer::sum);
                }
            }
        }
        Map<String, long[]> values = new LinkedHashMap<>();
        counts.forEach((sequence, count) ->
                values.put(sequence, next ? source.next(sequence, count) : new long[] {source.current(sequence)}));
        Map<String, Integer> taken = new LinkedHashMap<>();
        BigIntVector result = (BigIntVector) field.createVector(context.allocator());
        try {
            result.allocateNew(rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (names[row] == null) {
                    result.setNull(row);
                    continue;
                }
                long[] sequenceValues = values.get(names[row]);
                int index = next ? taken.merge(names[row], 1, Integer::sum) - 1 : 0;
                result.set(row, sequenceValues[index]);
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return (next ? "nextval(" : "currval(") + name.describe() + ")";
    }
}
