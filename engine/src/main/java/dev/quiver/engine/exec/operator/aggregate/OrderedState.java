package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.operator.sort.SortKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The state of an ordered aggregate ({@code string_agg(x, ',' ORDER BY y)}, {@code first(x ORDER
 * BY y)}): keeps every row's arguments and sort keys, and at the end feeds them to a state of the
 * inner kernel in ORDER BY order. Rows arrive as the arguments followed by the key values.
 */
public final class OrderedState implements AggregateState {
    private final AggregateKernel kernel;
    private final int argumentCount;
    private final Comparator<Object[]> order;
    private final List<Object[]> rows = new ArrayList<>();

    /**
     * @param argumentCount how many values of a row are the call's arguments (the keys follow)
     * @param keys          the ORDER BY keys; their {@code column} is ignored, the i-th key is value
     *                      {@code argumentCount + i} of a row
     */
    public OrderedState(AggregateKernel kernel, int argumentCount, List<SortKey> keys) {
        this(kernel, argumentCount, comparator(argumentCount, keys));
    }

    private OrderedState(AggregateKernel kernel, int argumentCount, Comparator<Object[]> order) {
        this.kernel = kernel;
        this.argumentCount = argumentCount;
        this.order = order;
    }

    /** The comparator of rows by {@code keys}, DuckDB's way (NULLs where each key says). */
    public static Comparator<Object[]> comparator(int argumentCount, List<SortKey> keys) {
        SortKey[] sortKeys = keys.toArray(SortKey[]::new);
        return (left, right) -> {
            for (int index = 0; index < sortKeys.length; index++) {
                Object a = left[argumentCount + index];
                Object b = right[argumentCount + index];
                int result;
                if (a == null || b == null) {
                    if (a == b) {
                        continue;
                    }
                    result = (a == null) == sortKeys[index].nullsFirst() ? -1 : 1;
                    return result; // NULL placement does not flip with DESC
                }
                result = ValueReader.compare(a, b);
                if (result != 0) {
                    return sortKeys[index].descending() ? -result : result;
                }
            }
            return 0;
        };
    }

    @Override
    public long add(Object[] arguments) {
        Object[] row = Arrays.copyOf(arguments, arguments.length);
        rows.add(row);
        long bytes = 32L + 8L * row.length;
        for (Object value : row) {
            bytes += value instanceof String || value instanceof byte[] ? ValueReader.sizeOf(value) : 0;
        }
        return bytes;
    }

    @Override
    public long merge(AggregateState other) {
        List<Object[]> from = ((OrderedState) other).rows;
        rows.addAll(from);
        return 8L * from.size();
    }

    @Override
    public Object result() {
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort(order); // stable: ties keep their arrival order
        AggregateState inner = kernel.newState();
        for (Object[] row : sorted) {
            if (kernel.skipsNullRows() && hasNullArgument(row)) {
                continue;
            }
            inner.add(Arrays.copyOf(row, argumentCount));
        }
        return inner.result();
    }

    private boolean hasNullArgument(Object[] row) {
        for (int index = 0; index < argumentCount; index++) {
            if (row[index] == null) {
                return true;
            }
        }
        return false;
    }
}
