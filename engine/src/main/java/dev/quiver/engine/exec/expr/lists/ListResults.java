package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds list results: the rows' elements picked from a flat element pool by position, wrapped in
 * offsets and validity. Kernels fill a {@link Builder} row by row and finish it once.
 */
public final class ListResults {
    private ListResults() {}

    /**
     * A new vector of {@code count} values: value {@code i} is {@code source[rows[i]]}, NULL where
     * {@code rows[i]} is negative. Works for every element type, nested ones included.
     */
    public static FieldVector gather(FieldVector source, int[] rows, int count, BufferAllocator allocator) {
        return Gather.gather(source, rows, count, allocator);
    }

    /** One element pool holding {@code parts} one after the other (copies); part k starts at the sum of the earlier counts. */
    public static FieldVector pool(List<FieldVector> parts, Field field, BufferAllocator allocator) {
        return Vectors.concat(parts, field, allocator);
    }

    /** Collects one list result row by row: elements as pool positions, or NULL rows. */
    public static final class Builder {
        private final Field field;
        private final int rowCount;
        private final boolean[] nulls;
        private final int[] offsets;
        private int[] elements = new int[16];
        private int elementCount;
        private int row;

        /** @param field the list result's field (its child is the element field) */
        public Builder(Field field, int rowCount) {
            this.field = field;
            this.rowCount = rowCount;
            this.nulls = new boolean[rowCount];
            this.offsets = new int[rowCount + 1];
        }

        /** Appends pool element {@code position} (negative: a NULL element) to the current row. */
        public void add(int position) {
            if (elementCount == elements.length) {
                elements = Arrays.copyOf(elements, elementCount * 2);
            }
            elements[elementCount++] = position;
        }

        /** Appends pool elements {@code [from, to)} to the current row. */
        public void addRange(int from, int to) {
            for (int position = from; position < to; position++) {
                add(position);
            }
        }

        /** Ends the current row as a list of the elements added since the previous row. */
        public void endRow() {
            offsets[++row] = elementCount;
        }

        /** Ends the current row as NULL (elements added to it are dropped). */
        public void endNullRow() {
            elementCount = offsets[row];
            nulls[row] = true;
            offsets[++row] = elementCount;
        }

        /** Elements of the rows ended so far. */
        public int elementCount() {
            return elementCount;
        }

        /**
         * The result vector, its elements gathered from {@code pool} (which stays the caller's);
         * the pool may be null when every row is NULL or empty. The caller owns the result.
         */
        public FieldVector finish(FieldVector pool, BufferAllocator allocator) {
            if (row != rowCount) {
                throw new IllegalStateException("list result has " + row + " of " + rowCount + " rows");
            }
            ListVector list = (ListVector) field.createVector(allocator);
            try {
                list.setInitialCapacity(Math.max(rowCount, 1));
                list.allocateNew();
                if (pool != null && elementCount > 0) {
                    try (FieldVector gathered = gather(pool, elements, elementCount, allocator)) {
                        gathered.makeTransferPair(list.getDataVector()).transfer();
                    }
                }
                for (int index = 0; index < rowCount; index++) {
                    if (nulls[index]) {
                        list.setNull(index);
                    } else {
                        list.startNewValue(index);
                        list.endValue(index, offsets[index + 1] - offsets[index]);
                    }
                }
                list.setValueCount(rowCount);
                return list;
            } catch (RuntimeException e) {
                list.close();
                throw e;
            }
        }
    }
}
