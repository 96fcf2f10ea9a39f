package dev.quiver.engine.exec.operator.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The USING KEY table over hand-built batches: the last row of a key wins, the table keeps keys in
 * order of first appearance, and with changes tracked a merge returns exactly the keys it added or
 * changed (NULL equal to NULL). The allocator is closed after each test: a leak fails it.
 */
class KeyedRowsTest {
    private static final List<Field> FIELDS = List.of(
            new Field("k", FieldType.nullable(new ArrowType.Int(32, true)), null),
            new Field("v", FieldType.nullable(new ArrowType.Int(32, true)), null));

    private RootAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** A batch of (k, v) rows; null values are NULL. */
    private Batch batch(Integer... keysAndValues) {
        int rows = keysAndValues.length / 2;
        List<FieldVector> columns = new ArrayList<>();
        for (int column = 0; column < 2; column++) {
            IntVector vector = new IntVector(FIELDS.get(column), allocator);
            vector.allocateNew(rows);
            for (int row = 0; row < rows; row++) {
                Integer value = keysAndValues[row * 2 + column];
                if (value == null) {
                    vector.setNull(row);
                } else {
                    vector.set(row, value);
                }
            }
            vector.setValueCount(rows);
            columns.add(vector);
        }
        return new Batch(columns, rows);
    }

    private static List<List<Object>> rows(List<Batch> batches) {
        List<List<Object>> rows = new ArrayList<>();
        for (Batch batch : batches) {
            for (int row = 0; row < batch.rowCount(); row++) {
                rows.add(Arrays.asList(
                        batch.column(0).getObject(row), batch.column(1).getObject(row)));
            }
        }
        return rows;
    }

    /** Merges {@code batches} (closing them) and returns the changed rows as values (closing those). */
    private List<List<Object>> merge(KeyedRows table, Batch... batches) {
        List<Batch> merged = List.of(batches);
        try {
            List<Batch> changed = table.merge(merged, 2, allocator);
            try {
                return rows(changed);
            } finally {
                changed.forEach(Batch::close);
            }
        } finally {
            merged.forEach(Batch::close);
        }
    }

    @Test
    void theLastRowOfAKeyWinsAndChangesAreTracked() {
        try (KeyedRows table = new KeyedRows(FIELDS, new int[] {0}, true, allocator, "test")) {
            assertThat(merge(table, batch(1, 10, 2, 20), batch(1, 11))).containsExactly(List.of(1, 11), List.of(2, 20));
            assertThat(rows(table.rows())).containsExactly(List.of(1, 11), List.of(2, 20));
            // key 2 unchanged, key 3 new, key 1 changed back and forth within the merge
            assertThat(merge(table, batch(2, 20, 3, 30, 1, 12, 1, 11))).containsExactly(List.of(3, 30));
            assertThat(merge(table, batch(1, null, null, 5)))
                    .containsExactly(Arrays.asList(1, null), Arrays.asList(null, 5));
            assertThat(merge(table, batch(1, null, null, 5))).isEmpty();
            assertThat(merge(table)).isEmpty();
            List<Batch> taken = table.takeRows();
            try {
                assertThat(rows(taken))
                        .containsExactly(
                                Arrays.asList(1, null), List.of(2, 20), List.of(3, 30), Arrays.asList(null, 5));
            } finally {
                taken.forEach(Batch::close);
            }
        }
    }

    @Test
    void withoutTrackingAMergeReturnsNothing() {
        try (KeyedRows table = new KeyedRows(FIELDS, new int[] {0, 1}, false, allocator, "test")) {
            assertThat(merge(table, batch(1, 10, 1, 10, 1, 11))).isEmpty();
            assertThat(rows(table.rows())).containsExactly(List.of(1, 10), List.of(1, 11));
        }
    }
}
