package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A built-in {@link AggregateKernel}'s accumulator: one {@link AggregateState} per group (made when
 * the group's first row arrives), fed row by row with the arguments as Java values, and with the
 * ORDER BY keys after them when the call is ordered ({@link OrderedState}). The heap bytes states
 * report are counted against the query's memory limit once per batch.
 */
final class KernelAccumulator implements Accumulator {
    /** About the bytes of a state object and its slot. */
    private static final long STATE_BYTES = 64;

    private final AggregateKernel kernel;
    private final int[] columns;
    private final List<SortKey> order;
    private final int argumentCount;
    private final Field output;
    private final HeapReservation memory;
    private AggregateState[] states = new AggregateState[0];

    KernelAccumulator(Aggregation aggregation, HeapReservation memory) {
        this.kernel = aggregation.kernel();
        this.order = aggregation.order();
        this.argumentCount = aggregation.arguments().size();
        this.columns = new int[argumentCount + order.size()];
        for (int index = 0; index < argumentCount; index++) {
            columns[index] = aggregation.arguments().get(index);
        }
        for (int index = 0; index < order.size(); index++) {
            columns[argumentCount + index] = order.get(index).column();
        }
        this.output = aggregation.output();
        this.memory = memory;
    }

    private AggregateState newState() {
        return order.isEmpty() ? kernel.newState() : new OrderedState(kernel, argumentCount, order);
    }

    @Override
    public void ensureCapacity(int groups) {
        if (states.length < groups) {
            int size = Math.max(groups, Math.max(16, states.length * 2));
            memory.reserve((long) (size - states.length) * Long.BYTES);
            states = java.util.Arrays.copyOf(states, size);
        }
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        ValueReader[] readers = new ValueReader[columns.length];
        for (int index = 0; index < columns.length; index++) {
            readers[index] = ValueReader.of(batch.column(columns[index]));
        }
        Object[] values = new Object[columns.length];
        long grown = 0;
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            for (int column = 0; column < readers.length; column++) {
                values[column] = readers[column].get(row);
            }
            AggregateState state = states[groups[index]];
            if (state == null) {
                state = newState();
                states[groups[index]] = state;
                grown += STATE_BYTES;
            }
            grown += state.add(values);
        }
        memory.reserve(grown);
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        AggregateState[] from = ((KernelAccumulator) other).states;
        long grown = 0;
        for (int group = 0; group < mapping.length; group++) {
            if (from[group] == null) {
                continue;
            }
            AggregateState target = states[mapping[group]];
            if (target == null) {
                states[mapping[group]] = from[group]; // the other table is dropped after merging
            } else {
                grown += target.merge(from[group]);
            }
        }
        memory.reserve(grown);
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        FieldVector vector = output.createVector(allocator);
        try {
            vector.setInitialCapacity(count);
            vector.allocateNew();
            Object empty = null;
            boolean emptyKnown = false;
            for (int index = 0; index < count; index++) {
                AggregateState state = states[first + index];
                Object value;
                if (state != null) {
                    value = state.result();
                } else {
                    if (!emptyKnown) {
                        empty = kernel.newState().result();
                        emptyKnown = true;
                    }
                    value = empty;
                }
                VectorWriter.set(vector, index, value);
            }
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }
}
