package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.key.LongForm;
import dev.quiver.engine.exec.key.NestedKeys;
import dev.quiver.engine.exec.memory.HeapReservation;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The running value of one aggregate call for every group of one thread, kept in typed arrays
 * indexed by group number. Not thread-safe.
 *
 * <p>Protocol: {@link #ensureCapacity} whenever the group count grew; {@link #update} once per
 * batch (one virtual call per batch, then a typed loop over its rows); {@link #merge} to fold in
 * another thread's accumulator; {@link #result} to read groups out. A new group starts empty: count
 * 0, no value.
 */
interface Accumulator {
    /** Makes room for groups [0, groups). */
    void ensureCapacity(int groups);

    /**
     * Adds the rows that count to their groups: for {@code i < count}, row {@code rows[i]} of
     * {@code batch} belongs to group {@code groups[i]}. Rows left out (a NULL argument, a FILTER
     * that is not TRUE) are not passed.
     */
    void update(Batch batch, int[] rows, int[] groups, int count);

    /**
     * Adds group {@code g} of {@code other} (same call) into group {@code mapping[g]} of this one;
     * an accumulator that {@link #mergesByPartition} skips the groups mapped to -1.
     */
    void merge(Accumulator other, int[] mapping);

    /**
     * Whether {@link #merge} skips groups mapped to -1 and only reads {@code other} once it is
     * {@link #settle settled}, so that several threads can each merge one partition of the groups of
     * the same accumulators at once.
     */
    default boolean mergesByPartition() {
        return false;
    }

    /** Moves running values kept aside for speed into the groups' values, before others read them. */
    default void settle() {}

    /** The results of groups [first, first + count) as a new vector of the call's output field. */
    FieldVector result(int first, int count, BufferAllocator allocator);

    /**
     * Cancels the work this accumulator still has running elsewhere (a Python aggregate's calls in
     * flight) and waits until it stopped. Called on every thread's accumulator before any is
     * closed: the threads share the interpreters, so one table's clean-up would otherwise queue
     * behind another table's runaway call.
     */
    default void cancelCalls() {}

    /** Frees what the accumulator holds outside the Java heap (a Python aggregate's states). */
    default void close() {}

    /** The accumulator computing {@code aggregation} over input columns of types {@code inputFields}. */
    static Accumulator create(
            Aggregation aggregation, List<Field> inputFields, HeapReservation memory, ExecutionContext context) {
        Field output = aggregation.output();
        if (argumentIsNullType(aggregation, inputFields)) {
            // sum(NULL), min(NULL): no row ever counts, so every group's result is NULL (SUM0's is 0)
            Object empty = aggregation.function() == Aggregation.Function.SUM0 ? 0L : null;
            return new LiteralAccumulator(output, empty);
        }
        return switch (aggregation.function()) {
            case PYTHON -> new PythonAccumulator(aggregation, memory, context);
            case KERNEL -> new KernelAccumulator(aggregation, memory);
            case COUNT -> new CountAccumulator(output, memory);
            case SUM, SUM0 -> sum(aggregation, inputFields, memory);
            case MIN -> value(aggregation, inputFields, Selection.MIN, memory);
            case MAX -> value(aggregation, inputFields, Selection.MAX, memory);
            case ANY_VALUE -> value(aggregation, inputFields, Selection.FIRST, memory);
            case SINGLE_VALUE ->
                new SingleValueAccumulator(
                        aggregation.arguments().getFirst(),
                        value(aggregation, inputFields, Selection.FIRST, memory),
                        memory);
            case LITERAL -> new LiteralAccumulator(output, aggregation.literal());
        };
    }

    private static boolean argumentIsNullType(Aggregation aggregation, List<Field> inputFields) {
        return switch (aggregation.function()) {
            case SUM, SUM0, MIN, MAX, ANY_VALUE ->
                inputFields.get(aggregation.arguments().getFirst()).getType() instanceof ArrowType.Null;
            default -> false;
        };
    }

    private static Accumulator sum(Aggregation aggregation, List<Field> inputFields, HeapReservation memory) {
        int argument = aggregation.arguments().getFirst();
        Field output = aggregation.output();
        boolean emptyIsZero = aggregation.function() == Aggregation.Function.SUM0;
        return switch (inputFields.get(argument).getType()) {
            case ArrowType.Int integer
            when output.getType() instanceof ArrowType.Int ->
                new SumLongAccumulator(argument, inputFields.get(argument).getName(), output, emptyIsZero, memory);
            case ArrowType.FloatingPoint floating
            when output.getType() instanceof ArrowType.FloatingPoint ->
                new SumDoubleAccumulator(argument, output, emptyIsZero, memory);
            case ArrowType.Decimal decimal
            when output.getType() instanceof ArrowType.Decimal result && result.getScale() == decimal.getScale() ->
                new SumDecimalAccumulator(
                        argument,
                        inputFields.get(argument).getName(),
                        decimal.getPrecision(),
                        output,
                        emptyIsZero,
                        memory);
            default -> throw unsupported(aggregation, inputFields.get(argument));
        };
    }

    private static Accumulator value(
            Aggregation aggregation, List<Field> inputFields, Selection selection, HeapReservation memory) {
        int argument = aggregation.arguments().getFirst();
        Field output = aggregation.output();
        ArrowType type = inputFields.get(argument).getType();
        if (!type.equals(output.getType())) {
            throw unsupported(aggregation, inputFields.get(argument));
        }
        return switch (type) {
            case ArrowType.FloatingPoint floating -> new DoubleValueAccumulator(argument, output, selection, memory);
            case ArrowType.Decimal decimal -> new DecimalValueAccumulator(argument, output, selection, memory);
            case ArrowType.Interval interval -> new DecimalValueAccumulator(argument, output, selection, memory);
            case ArrowType.Utf8 utf8 -> new BytesValueAccumulator(argument, output, selection, memory);
            case ArrowType.Binary binary -> new BytesValueAccumulator(argument, output, selection, memory);
            case ArrowType nested
            when NestedKeys.handles(nested) -> new BytesValueAccumulator(argument, output, selection, memory);
            default -> {
                if (!LongForm.supports(type)) {
                    throw unsupported(aggregation, inputFields.get(argument));
                }
                yield new LongValueAccumulator(argument, output, selection, memory);
            }
        };
    }

    private static QuiverException unsupported(Aggregation aggregation, Field input) {
        return new QuiverException(
                ErrorCode.UNSUPPORTED,
                aggregation.function() + " of " + input.getType() + " giving "
                        + aggregation.output().getType() + " is not supported yet");
    }
}
