package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.ChainedHashTable;
import dev.quiver.engine.exec.key.HashKeys;
import dev.quiver.engine.exec.key.KeyLayout;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.operator.BufferingSink;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * DuckDB's ASOF join: each left row with the one right row whose keys are equal and whose order
 * value is nearest on the side the inequality allows — for {@code left.t >= right.t} the right row
 * with the largest {@code t} not above the left one. INNER drops left rows without such a row,
 * LEFT keeps them with NULLs. NULL keys and NULL order values match nothing. Of several right
 * rows with the same keys and order value, one is chosen (as in DuckDB, which one is not defined).
 *
 * <p>BUILD (the sink role, child 0 = the right input): threads collect their batches; {@code
 * finish} concatenates them, groups the rows by key (a {@link ChainedHashTable}: one partition per
 * distinct key, a single partition when there are no keys), and sorts each partition by the order
 * value. PROBE (the stream role, child 1 = the left input): per batch, on every thread at once,
 * each row's partition is looked up by its keys and the nearest row found by binary search in the
 * partition's sorted values — O(log n) per left row, with no per-partition state shared between
 * threads, so the probe side is as parallel as its morsels.
 *
 * <p>MEMORY: the right columns are Arrow buffers of the query allocator; the keys, table, order
 * values and partition arrays are Java arrays reserved on the query allocator first ({@link
 * HeapReservation}), so a right side too large for the memory limit fails with MEMORY_LIMIT.
 */
public final class AsofJoinOperator implements BufferingSink<AsofJoinOperator.BuildState>, StreamOperator {
    /** How the left order value compares with the right one's. */
    public enum Inequality {
        /** {@code left >= right}: the latest right row at or before. */
        GREATER_OR_EQUAL(">="),
        /** {@code left > right}: the latest right row strictly before. */
        GREATER(">"),
        /** {@code left <= right}: the earliest right row at or after. */
        LESS_OR_EQUAL("<="),
        /** {@code left < right}: the earliest right row strictly after. */
        LESS("<");

        private final String symbol;

        Inequality(String symbol) {
            this.symbol = symbol;
        }
    }

    /** Heap bytes per right row beyond keys and table: partition, sorted row, order value, head map. */
    private static final long BYTES_PER_ROW = 4 + 4 + 8 + 4;

    private final PhysicalOperator left;
    private final PhysicalOperator right;
    private final boolean keepUnmatched;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final int leftOrder;
    private final int rightOrder;
    private final Inequality inequality;
    /** The right keys' and the left keys' layouts; null without keys. */
    private final KeyLayout buildKeys;

    private final KeyLayout probeKeys;
    private final List<Field> fields;

    /**
     * @param keepUnmatched whether left rows without a right row are kept with NULLs (LEFT)
     * @param leftKeys      key columns of the left input, pairwise equal to {@code rightKeys}
     * @param leftOrder     the left input's order column; {@code rightOrder} the right one's, of the same type
     */
    public AsofJoinOperator(
            PhysicalOperator left,
            PhysicalOperator right,
            boolean keepUnmatched,
            int[] leftKeys,
            int[] rightKeys,
            int leftOrder,
            int rightOrder,
            Inequality inequality) {
        if (leftKeys.length != rightKeys.length) {
            throw new IllegalArgumentException(leftKeys.length + " left keys but " + rightKeys.length + " right keys");
        }
        this.left = left;
        this.right = right;
        this.keepUnmatched = keepUnmatched;
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        this.leftOrder = leftOrder;
        this.rightOrder = rightOrder;
        this.inequality = inequality;
        ArrowType leftType = left.outputFields().get(leftOrder).getType();
        ArrowType rightType = right.outputFields().get(rightOrder).getType();
        if (!leftType.equals(rightType)) {
            throw QuiverException.internal(
                    "ASOF join order columns of types " + leftType + " and " + rightType + " (the planner casts them)",
                    null);
        }
        if (!orderable(leftType)) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED, "ASOF JOIN cannot order by a value of type " + leftType + " yet");
        }
        if (leftKeys.length == 0) {
            this.buildKeys = null;
            this.probeKeys = null;
        } else {
            boolean[] nullsEqual = new boolean[leftKeys.length];
            List<KeyLayout> layouts =
                    KeyLayout.forJoin(right.outputFields(), rightKeys, left.outputFields(), leftKeys, nullsEqual);
            this.buildKeys = layouts.get(0);
            this.probeKeys = layouts.get(1);
            if (!buildKeys.compatibleWith(probeKeys)) {
                throw QuiverException.internal(
                        "ASOF join keys " + buildKeys + " and " + probeKeys
                                + " do not compare (the planner casts them)",
                        null);
            }
        }
        List<Field> joined = new ArrayList<>(left.outputFields());
        for (Field field : right.outputFields()) {
            joined.add(
                    keepUnmatched && !field.isNullable()
                            ? new Field(
                                    field.getName(), new FieldType(true, field.getType(), null), field.getChildren())
                            : field);
        }
        this.fields = List.copyOf(joined);
    }

    private static boolean orderable(ArrowType type) {
        return AsofOrder.asLongs(type)
                || type instanceof ArrowType.Utf8
                || type instanceof ArrowType.LargeUtf8
                || type instanceof ArrowType.Binary
                || type instanceof ArrowType.Decimal;
    }

    /**
     * The right input grouped and sorted: its columns, the key table, and per partition a run of
     * {@link #sortedRows} (with their order values) in ascending order. Written by one thread in
     * {@code finish}, then only read by the probing threads.
     */
    public static final class BuildState implements AutoCloseable {
        private final MorselBuffer input = new MorselBuffer();
        private HeapReservation memory;
        private List<FieldVector> columns = List.of();
        private ChainedHashTable table;
        /** Per right row that heads a key chain, its partition; else unused. */
        private int[] partitionOfHead;
        /** Per partition, where its run starts in {@link #sortedRows}; one more entry for the end. */
        private int[] partitionStart = new int[] {0, 0};
        /** Right rows without NULLs, by partition, each partition in ascending order value. */
        private int[] sortedRows = new int[0];
        /** The order values of {@link #sortedRows}, as longs, or as objects. */
        private long[] sortedLongs;

        private Object[] sortedObjects;

        @Override
        public synchronized void close() {
            input.close();
            columns.forEach(FieldVector::close);
            columns = List.of();
            table = null;
            partitionOfHead = null;
            sortedRows = null;
            sortedLongs = null;
            sortedObjects = null;
            if (memory != null) {
                memory.close();
            }
        }
    }

    @Override
    public BuildState createGlobal(QueryState query) {
        return new BuildState();
    }

    @Override
    public MorselBuffer buffer(BuildState global) {
        return global.input;
    }

    @Override
    public void finish(BuildState global, QueryState query) {
        BufferAllocator allocator = query.context().allocator();
        int rows = Math.toIntExact(global.input.rows());
        global.memory = new HeapReservation(allocator, "the sorted right side of an ASOF join");
        global.memory.reserve(BYTES_PER_ROW * rows + (buildKeys == null ? 0 : ChainedHashTable.bytes(rows)));
        List<Batch> batches = global.input.takeInOrder();
        try {
            global.columns = BatchColumns.concatAll(batches, right.outputFields(), allocator);
        } finally {
            batches.forEach(Batch::close);
        }
        if (rows == 0) {
            return;
        }
        Batch all = new Batch(global.columns, rows); // a view: the state owns the columns
        int[] partitionOfRow = new int[rows];
        int partitions;
        if (buildKeys == null) {
            partitions = 1; // every row in partition 0
        } else {
            HashKeys keys = buildKeys.encode(all);
            global.memory.reserve(keys.bytes());
            global.table = ChainedHashTable.build(keys);
            Arrays.fill(partitionOfRow, -1); // NULL keys are in no chain
            int[] heads = global.table.heads();
            global.partitionOfHead = new int[rows];
            for (int partition = 0; partition < heads.length; partition++) {
                global.partitionOfHead[heads[partition]] = partition;
                for (int row = heads[partition]; row >= 0; row = global.table.next(row)) {
                    partitionOfRow[row] = partition;
                }
            }
            partitions = heads.length;
        }
        query.context().checkCancelled();
        AsofOrder order = AsofOrder.read(global.columns.get(rightOrder), rows);
        // a counting sort by partition, then each partition's run sorted by order value
        int[] start = new int[partitions + 1];
        for (int row = 0; row < rows; row++) {
            if (partitionOfRow[row] >= 0 && !order.isNull(row)) {
                start[partitionOfRow[row] + 1]++;
            }
        }
        for (int partition = 0; partition < partitions; partition++) {
            start[partition + 1] += start[partition];
        }
        int[] fill = Arrays.copyOf(start, partitions);
        int[] sorted = new int[start[partitions]];
        for (int row = 0; row < rows; row++) {
            if (partitionOfRow[row] >= 0 && !order.isNull(row)) {
                sorted[fill[partitionOfRow[row]]++] = row;
            }
        }
        global.partitionStart = start;
        global.sortedRows = sorted;
        if (order.longs != null) {
            long[] values = new long[sorted.length];
            for (int index = 0; index < sorted.length; index++) {
                values[index] = order.longs[sorted[index]];
            }
            for (int partition = 0; partition < partitions; partition++) {
                LongPairSort.sort(values, sorted, start[partition], start[partition + 1]);
                if ((partition & 1023) == 0) {
                    query.context().checkCancelled();
                }
            }
            global.sortedLongs = values;
        } else {
            Integer[] boxed = new Integer[sorted.length];
            for (int index = 0; index < sorted.length; index++) {
                boxed[index] = sorted[index];
            }
            for (int partition = 0; partition < partitions; partition++) {
                Arrays.sort(
                        boxed,
                        start[partition],
                        start[partition + 1],
                        (first, second) -> AsofOrder.OBJECT_ORDER.compare(order.objects[first], order.objects[second]));
                if ((partition & 1023) == 0) {
                    query.context().checkCancelled();
                }
            }
            Object[] values = new Object[sorted.length];
            for (int index = 0; index < sorted.length; index++) {
                sorted[index] = boxed[index];
                values[index] = order.objects[sorted[index]];
            }
            global.sortedObjects = values;
        }
    }

    @Override
    public Batch process(Batch input, QueryState query) {
        try (input) {
            BuildState state = query.finished(this);
            int rows = input.rowCount();
            int[] partitions = partitions(input, state);
            AsofOrder order = AsofOrder.read(input.column(leftOrder), rows);
            int[] probeRows = new int[rows];
            int[] buildRows = new int[rows];
            int count = 0;
            for (int row = 0; row < rows; row++) {
                int match = -1;
                int partition = partitions == null ? 0 : partitions[row];
                if (partition >= 0 && !order.isNull(row)) {
                    int from = state.partitionStart[partition];
                    int to = state.partitionStart[partition + 1];
                    match = order.longs != null
                            ? nearest(state.sortedLongs, from, to, order.longs[row])
                            : nearest(state.sortedObjects, from, to, order.objects[row]);
                }
                if (match >= 0 || keepUnmatched) {
                    probeRows[count] = row;
                    buildRows[count] = match < 0 ? -1 : state.sortedRows[match];
                    count++;
                }
            }
            return gather(
                    input, state, probeRows, buildRows, count, query.context().allocator());
        }
    }

    /** Per left row its partition, or -1 when no right row has its keys; null when there are no keys. */
    private int[] partitions(Batch input, BuildState state) {
        if (probeKeys == null) {
            return state.sortedRows.length == 0 ? allUnmatched(input.rowCount()) : null;
        }
        if (state.table == null) {
            return allUnmatched(input.rowCount());
        }
        int[] heads = state.table.lookup(probeKeys.encode(input));
        for (int row = 0; row < heads.length; row++) {
            heads[row] = heads[row] < 0 ? -1 : state.partitionOfHead[heads[row]];
        }
        return heads;
    }

    private static int[] allUnmatched(int rows) {
        int[] partitions = new int[rows];
        Arrays.fill(partitions, -1);
        return partitions;
    }

    /** The index in [from, to) of the nearest value on the allowed side of {@code probe}, or -1. */
    private int nearest(long[] values, int from, int to, long probe) {
        int low = from;
        int high = to;
        boolean strictlyAbove = inequality == Inequality.GREATER_OR_EQUAL || inequality == Inequality.LESS;
        // the first index whose value is above probe (strictlyAbove) or at least probe
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (strictlyAbove ? values[middle] <= probe : values[middle] < probe) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return pick(low, from, to);
    }

    private int nearest(Object[] values, int from, int to, Object probe) {
        int low = from;
        int high = to;
        boolean strictlyAbove = inequality == Inequality.GREATER_OR_EQUAL || inequality == Inequality.LESS;
        while (low < high) {
            int middle = (low + high) >>> 1;
            int comparison = AsofOrder.OBJECT_ORDER.compare(values[middle], probe);
            if (strictlyAbove ? comparison <= 0 : comparison < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return pick(low, from, to);
    }

    /** From the bound the search found: the last value below it (>=, >) or the bound itself (<=, <). */
    private int pick(int bound, int from, int to) {
        return switch (inequality) {
            case GREATER_OR_EQUAL, GREATER -> bound > from ? bound - 1 : -1;
            case LESS_OR_EQUAL, LESS -> bound < to ? bound : -1;
        };
    }

    private Batch gather(
            Batch input, BuildState state, int[] probeRows, int[] buildRows, int count, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(fields.size());
        try {
            for (int column = 0; column < input.columnCount(); column++) {
                columns.add(Gather.gather(input.column(column), probeRows, count, allocator));
            }
            for (int column = 0; column < right.outputFields().size(); column++) {
                FieldVector source = state.columns.isEmpty() ? null : state.columns.get(column);
                columns.add(
                        source == null
                                ? nulls(fields.get(input.columnCount() + column), count, allocator)
                                : Gather.gather(source, buildRows, count, allocator));
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        return new Batch(columns, count);
    }

    /** A column of {@code count} NULLs: the right side was empty. */
    private static FieldVector nulls(Field field, int count, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        try {
            vector.setInitialCapacity(count);
            vector.allocateNew();
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(right, left); // build side first
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        StringBuilder condition = new StringBuilder();
        int offset = left.outputFields().size();
        for (int key = 0; key < leftKeys.length; key++) {
            condition
                    .append('#')
                    .append(leftKeys[key])
                    .append(" = #")
                    .append(offset + rightKeys[key])
                    .append(" AND ");
        }
        condition
                .append('#')
                .append(leftOrder)
                .append(' ')
                .append(inequality.symbol)
                .append(" #")
                .append(offset + rightOrder);
        return "AsofJoin" + (keepUnmatched ? "[LEFT]" : "") + "(" + condition + ")";
    }
}
