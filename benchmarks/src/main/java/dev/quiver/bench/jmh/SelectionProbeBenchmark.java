package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.ChainedHashTable;
import dev.quiver.engine.exec.key.KeyLayout;
import dev.quiver.engine.exec.vector.Gather;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A hash join's probe of a batch that arrives with a selection (a join filter's or a filter's kept
 * rows; TPC-H Q5's lineitem probe shape: 64K rows of eight BIGINT columns, one key, three columns
 * output): compact every column first and probe the copy (before), or read the selected rows' keys
 * and gather the output columns from the uncopied batch (after). One key per build row, every
 * selected row matching, so the output is as large as the selection. ns/op is ns per batch row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectionProbeBenchmark {
    private static final int ROWS = 65_536;
    private static final int COLUMNS = 8;
    private static final int BUILD_ROWS = 1 << 20;
    /** The columns the join outputs: the key and two others. */
    private static final int[] OUTPUT = {0, 3, 5};

    /** Percent of the batch's rows selected. */
    @Param({"10", "50", "90"})
    public int keptPercent;

    private BufferAllocator allocator;
    private Batch columns;
    private int[] selection;
    private KeyLayout probeKeys;
    private ChainedHashTable table;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        long[] buildKeys = new long[BUILD_ROWS];
        for (int row = 0; row < BUILD_ROWS; row++) {
            buildKeys[row] = row * 4L + 1; // orderkey-like: sparse, in range
        }
        long[][] values = new long[COLUMNS][ROWS];
        for (int row = 0; row < ROWS; row++) {
            values[0][row] = buildKeys[random.nextInt(BUILD_ROWS)];
            for (int column = 1; column < COLUMNS; column++) {
                values[column][row] = random.nextLong();
            }
        }
        selection = LongBatches.randomSelection(random, ROWS, keptPercent);
        columns = LongBatches.of(values, ROWS, "c", allocator);
        try (Batch build = LongBatches.of(new long[][] {buildKeys}, BUILD_ROWS, "c", allocator)) {
            List<Field> buildFields =
                    build.columns().stream().map(FieldVector::getField).toList();
            List<Field> probeFields =
                    columns.columns().stream().map(FieldVector::getField).toList();
            List<KeyLayout> layouts =
                    KeyLayout.forJoin(buildFields, new int[] {0}, probeFields, new int[] {0}, new boolean[] {false});
            table = ChainedHashTable.build(layouts.get(0).encode(build));
            probeKeys = layouts.get(1);
        }
    }

    @TearDown
    public void stop() {
        columns.close();
        allocator.close();
    }

    /** The batch as the probe receives it: the columns shared, the selection as it is. */
    private Batch withSelection() {
        return LongBatches.withSelection(columns, selection, allocator);
    }

    /** Before: every column of the selected rows copied, then the copy probed and its output columns gathered. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long compactThenProbe() {
        try (Batch dense = Gather.compact(withSelection(), allocator)) {
            int[] heads = table.lookup(probeKeys.encode(dense));
            return gatherOutput(dense, heads, null, dense.rowCount());
        }
    }

    /** After: the selected rows' keys read and looked up, the output gathered from the uncopied columns. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long probeSelection() {
        try (Batch batch = withSelection()) {
            int[] heads = table.lookup(probeKeys.encode(batch, batch.selection(), batch.selectedRowCount()));
            return gatherOutput(batch, heads, batch.selection(), batch.selectedRowCount());
        }
    }

    /** The matched (probe row, build row) pairs' output columns of the probe side, as the join gathers them. */
    private long gatherOutput(Batch batch, int[] heads, int[] rows, int count) {
        int[] probeRows = new int[count];
        int pairs = 0;
        for (int position = 0; position < count; position++) {
            probeRows[pairs] = rows == null ? position : rows[position];
            pairs += heads[position] >= 0 ? 1 : 0;
        }
        long sum = 0;
        for (FieldVector output : Gather.gatherColumns(batch, OUTPUT, probeRows, pairs, allocator)) {
            sum += output.getValueCount();
            output.close();
        }
        return sum;
    }
}
