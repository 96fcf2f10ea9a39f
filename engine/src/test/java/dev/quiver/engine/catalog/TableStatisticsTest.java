package dev.quiver.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Distinct counts of table columns: unique, low-cardinality, NULLs, strings, composite keys, appends. */
class TableStatisticsTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("nation", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("part", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

    @AfterEach
    void close() {
        allocator.close(); // fails if a table leaked a batch
    }

    /** Rows {@code from..to}: id unique, nation id % 25 (NULL when id % 7 == 0), part id % 1000, name "n" + id % 300. */
    private Batch batch(int from, int to) {
        int rows = to - from;
        BigIntVector id = new BigIntVector("id", allocator);
        BigIntVector nation = new BigIntVector("nation", allocator);
        BigIntVector part = new BigIntVector("part", allocator);
        VarCharVector name = new VarCharVector("name", allocator);
        List<FieldVector> columns = List.of(id, nation, part, name);
        columns.forEach(column -> {
            column.setInitialCapacity(rows);
            column.allocateNew();
        });
        for (int row = 0; row < rows; row++) {
            long value = from + row;
            id.set(row, value);
            if (value % 7 == 0) {
                nation.setNull(row);
            } else {
                nation.set(row, value % 25);
            }
            part.set(row, value % 1000);
            name.setSafe(row, ("n" + value % 300).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        columns.forEach(column -> column.setValueCount(rows));
        return new Batch(new ArrayList<>(columns), rows);
    }

    @Test
    void estimatesDistinctValuesPerColumnWithinAFewPercent() {
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < 200_000; start += 10_000) {
            batches.add(batch(start, start + 10_000));
        }
        try (MemoryTable table = new MemoryTable("t", schema, batches)) {
            TableStatistics statistics = table.statistics();
            assertThat(statistics.rowCount()).isEqualTo(200_000);
            assertThat(statistics.distinctCount(0)).isCloseTo(200_000, within(200_000 * 0.05));
            assertThat(statistics.distinctCount(1)).isEqualTo(25); // NULLs are not a value
            assertThat(statistics.distinctCount(2)).isCloseTo(1000, within(1000 * 0.05));
            assertThat(statistics.distinctCount(3)).isCloseTo(300, within(300 * 0.05));
            // nation and part are correlated through id: 25 x 1000 combinations would be wrong
            assertThat(statistics.distinctCount(List.of(1, 2))).isCloseTo(1000, within(1000 * 0.05));
        }
    }

    @Test
    void anAppendMakesAVersionWithItsOwnStatistics() {
        try (MemoryTable table = new MemoryTable("t", schema, List.of(batch(0, 10)));
                MemoryTable appended = table.withAppended(List.of(batch(10, 30)))) {
            assertThat(table.statistics().distinctCount(0)).isEqualTo(10);
            assertThat(appended.statistics().rowCount()).isEqualTo(30);
            assertThat(appended.statistics().distinctCount(0)).isEqualTo(30);
            assertThat(table.statistics().rowCount()).isEqualTo(10);
        }
    }

    @Test
    void anEmptyTableHasAtLeastOneDistinctValue() {
        try (MemoryTable table = new MemoryTable("t", schema, List.of())) {
            assertThat(table.statistics().rowCount()).isZero();
            assertThat(table.statistics().distinctCount(0)).isEqualTo(1);
        }
    }
}
