package dev.quiver.engine.exec.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** The shared key encoding: equality, NULLs, normalisation, widening, decoding. */
class RowKeyEncoderTest {

    /** The encoded row {@code row} of {@code rows}, as a byte array. */
    private static byte[] row(RowKeyEncoder.Rows rows, int row) {
        return Arrays.copyOfRange(rows.bytes(), rows.starts()[row], rows.starts()[row + 1]);
    }

    @Test
    void rowsAreEqualExactlyWhenTheKeysAre() {
        try (BufferAllocator allocator = new RootAllocator();
                IntVector numbers = new IntVector("n", allocator);
                VarCharVector names = new VarCharVector("s", allocator);
                DecimalVector amounts = new DecimalVector("d", allocator, 12, 2);
                HeapReservation memory = new HeapReservation(allocator, "a test")) {
            Object[][] values = {
                {1, "a", "1.50"},
                {1, "a", "1.50"},
                {1, "ab", "1.50"},
                {null, "a", "1.50"},
                {null, "a", "1.50"},
                {1, null, "1.50"},
                {1, "", "1.50"},
                {2, "a", null}
            };
            for (int row = 0; row < values.length; row++) {
                setOrNull(numbers, row, values[row][0]);
                if (values[row][1] == null) {
                    names.setNull(row);
                } else {
                    names.setSafe(row, ((String) values[row][1]).getBytes(StandardCharsets.UTF_8));
                }
                if (values[row][2] == null) {
                    amounts.setNull(row);
                } else {
                    amounts.setSafe(row, new BigDecimal((String) values[row][2]));
                }
            }
            List<FieldVector> columns = List.of(numbers, names, amounts);
            columns.forEach(column -> column.setValueCount(values.length));
            Batch batch = new Batch(columns, values.length);
            RowKeyEncoder encoder = new RowKeyEncoder(
                    new int[] {0, 1, 2},
                    columns.stream().map(column -> column.getField().getType()).toList(),
                    false);
            RowKeyEncoder.Rows rows = new RowKeyEncoder.Rows(memory);
            encoder.encode(batch, rows);

            for (int left = 0; left < values.length; left++) {
                assertThat((rows.starts()[left + 1] - rows.starts()[left]) % Long.BYTES)
                        .isZero();
                for (int right = 0; right < values.length; right++) {
                    boolean same = Arrays.equals(values[left], values[right]);
                    long leftHash = KeyHashing.hashBytes(rows.bytes(), rows.starts()[left], rows.starts()[left + 1]);
                    long rightHash = KeyHashing.hashBytes(rows.bytes(), rows.starts()[right], rows.starts()[right + 1]);
                    assertThat(Arrays.equals(row(rows, left), row(rows, right)))
                            .as("rows %d and %d", left, right)
                            .isEqualTo(same);
                    assertThat(leftHash == rightHash)
                            .as("hashes of rows %d and %d", left, right)
                            .isEqualTo(same);
                }
            }
            // and back: every key, NULLs included, decodes to what was encoded
            List<Field> fields = columns.stream().map(FieldVector::getField).toList();
            List<FieldVector> decoded =
                    encoder.decode(rows.bytes(), rows.starts(), 0, values.length, fields, allocator);
            try {
                for (int key = 0; key < columns.size(); key++) {
                    for (int row = 0; row < values.length; row++) {
                        assertThat(decoded.get(key).getObject(row))
                                .as("key %d row %d", key, row)
                                .isEqualTo(columns.get(key).getObject(row));
                    }
                }
            } finally {
                decoded.forEach(FieldVector::close);
            }
            assertThat(memory.bytes()).isPositive();
        }
    }

    @Test
    void floatingPointKeysAreNormalisedAndRealWidensToDouble() {
        try (BufferAllocator allocator = new RootAllocator();
                Float8Vector doubles = new Float8Vector("d", allocator);
                Float4Vector reals = new Float4Vector("r", allocator)) {
            double[] values = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L), 1.5};
            for (int row = 0; row < values.length; row++) {
                doubles.setSafe(row, values[row]);
                reals.setSafe(row, (float) values[row]);
            }
            doubles.setValueCount(values.length);
            reals.setValueCount(values.length);
            long[] fromDoubles = new long[values.length];
            long[] fromReals = new long[values.length];
            LongForm.read(doubles, values.length, fromDoubles);
            LongForm.read(reals, values.length, fromReals);
            assertThat(fromDoubles[0]).isEqualTo(fromDoubles[1]); // 0.0 = -0.0
            assertThat(fromDoubles[2]).isEqualTo(fromDoubles[3]); // every NaN is one
            assertThat(fromReals).containsExactly(fromDoubles);
        }
    }

    @Test
    void widenedIntegersOfDifferentTypesEncodeAlike() {
        try (BufferAllocator allocator = new RootAllocator();
                IntVector ints = new IntVector("i", allocator);
                BigIntVector bigints = new BigIntVector("b", allocator)) {
            long[] values = {-1, 0, 7, Integer.MAX_VALUE, Integer.MIN_VALUE};
            for (int row = 0; row < values.length; row++) {
                ints.setSafe(row, (int) values[row]);
                bigints.setSafe(row, values[row]);
            }
            ints.setValueCount(values.length);
            bigints.setValueCount(values.length);
            RowKeyEncoder.Rows intRows = new RowKeyEncoder.Rows(null);
            RowKeyEncoder.Rows bigintRows = new RowKeyEncoder.Rows(null);
            new RowKeyEncoder(new int[] {0}, List.of(ints.getField().getType()), true)
                    .encode(new Batch(List.of(ints), values.length), intRows);
            new RowKeyEncoder(new int[] {0}, List.of(bigints.getField().getType()), true)
                    .encode(new Batch(List.of(bigints), values.length), bigintRows);
            for (int row = 0; row < values.length; row++) {
                assertThat(row(intRows, row)).isEqualTo(row(bigintRows, row));
            }
            // exact sizes when the rows are kept
            assertThat(intRows.starts()).hasSize(values.length + 1);
            assertThat(intRows.bytes()).hasSize(intRows.starts()[values.length]);
        }
    }

    @Test
    void aKeyTypeWithoutAnEncodingIsAClearError() {
        assertThatThrownBy(
                        () -> new RowKeyEncoder(new int[] {0}, List.of(new ArrowType.Duration(TimeUnit.SECOND)), false))
                .isInstanceOfSatisfying(
                        QuiverException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("not supported");
    }

    private static void setOrNull(IntVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, (Integer) value);
        }
    }
}
