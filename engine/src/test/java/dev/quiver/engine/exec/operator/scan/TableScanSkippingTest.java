package dev.quiver.engine.exec.operator.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** A table scan skips, unread, the stored batches whose key range a join filter rules out. */
class TableScanSkippingTest {
    @Test
    void readsOnlyTheBatchesWhoseRangeMayPass() {
        try (BufferAllocator allocator = new RootAllocator();
                MemoryTable table = table(batches(allocator))) {
            // batch b holds keys [100 b, 100 b + 99] (batch 3 only NULLs), dates the other way round
            TableScanOperator scan = new TableScanOperator(table, new int[] {2, 0, 1});
            List<Long> read = sequences(allocator, scan.skipping(1, (query, min, max) -> max >= 250 && min <= 520));
            assertThat(read).containsExactly(2L, 4L, 5L); // 3 holds only NULL keys: no key can match
            // two tests: a batch must pass both; the DATE column is read as days
            List<Long> both = sequences(
                    allocator,
                    scan.skipping(1, (query, min, max) -> max >= 250)
                            .skipping(2, (query, min, max) -> min <= 1000 - 400));
            assertThat(both).containsExactly(4L, 5L, 6L, 7L);
            // a VARCHAR column has no range: nothing is skipped by it
            assertThat(sequences(allocator, scan.skipping(0, (query, min, max) -> false)))
                    .hasSize(8);
            assertThat(table.valueRange(3, 0)).isEqualTo(ValueRange.EMPTY);
            assertThat(table.valueRange(5, 0)).isEqualTo(new ValueRange(500, 599));
            assertThat(table.valueRange(5, 2)).isNull();
        }
    }

    private static MemoryTable table(List<Batch> batches) {
        Schema schema = new Schema(
                batches.getFirst().columns().stream().map(FieldVector::getField).toList());
        return new MemoryTable("t", schema, batches);
    }

    /** Eight batches of (k INT, d DATE, s VARCHAR); k NULL in batch 3. */
    private static List<Batch> batches(BufferAllocator allocator) {
        List<Batch> batches = new ArrayList<>();
        for (int batch = 0; batch < 8; batch++) {
            IntVector keys = new IntVector("k", allocator);
            DateDayVector dates = new DateDayVector("d", allocator);
            VarCharVector names = new VarCharVector("s", allocator);
            keys.allocateNew(100);
            dates.allocateNew(100);
            names.allocateNew(100);
            for (int row = 0; row < 100; row++) {
                if (batch == 3) {
                    keys.setNull(row);
                } else {
                    keys.set(row, 100 * batch + row);
                }
                dates.set(row, 1000 - 100 * batch - row);
                names.setSafe(row, ("r" + row).getBytes(StandardCharsets.UTF_8));
            }
            keys.setValueCount(100);
            dates.setValueCount(100);
            names.setValueCount(100);
            batches.add(new Batch(List.<FieldVector>of(keys, dates, names), 100));
        }
        return batches;
    }

    /** The sequence numbers of the morsels {@code scan} gives, in order; closes them. */
    private static List<Long> sequences(BufferAllocator allocator, SourceOperator scan) {
        List<Long> sequences = new ArrayList<>();
        try (BufferAllocator queryAllocator = allocator.newChildAllocator("query", 0, Long.MAX_VALUE);
                QueryState query = new QueryState(new ExecutionContext(queryAllocator, 1, 100))) {
            SourceOperator.SourceState state = scan.open(query);
            for (Morsel morsel = state.next(); morsel != null; morsel = state.next()) {
                try (Batch batch = morsel.batch()) {
                    assertThat(batch.columnCount()).isEqualTo(3);
                    sequences.add(morsel.sequence());
                }
            }
        }
        return sequences;
    }
}
