package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.VectorWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;

/** LITERAL_AGG: the same constant for every group (Calcite uses it to mark groups in subquery rewrites). */
final class LiteralAccumulator implements Accumulator {
    private final Field output;
    private final Object literal;

    LiteralAccumulator(Field output, Object literal) {
        this.output = output;
        this.literal = literal;
    }

    @Override
    public void ensureCapacity(int groups) {}

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {}

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {}

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        FieldVector vector = output.createVector(allocator);
        if (vector instanceof NullVector nulls) {
            nulls.setValueCount(count); // a NULL-typed result has no buffers to write
            return nulls;
        }
        try {
            vector.setInitialCapacity(Math.max(count, 1));
            vector.allocateNew();
            for (int index = 0; index < count; index++) { // once per group, not per input row
                VectorWriter.set(vector, index, literal);
            }
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }
}
