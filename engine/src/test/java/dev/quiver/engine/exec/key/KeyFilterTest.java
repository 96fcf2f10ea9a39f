package dev.quiver.engine.exec.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The join filter of a build side's first key: never turns away a present value, and turns away most absent ones. */
class KeyFilterTest {
    private static final boolean[] NOT_NULL_EQUAL = {false};

    private static BigIntVector column(BufferAllocator allocator, long[] values, int nullEvery) {
        BigIntVector vector = new BigIntVector("k", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (nullEvery > 0 && row % nullEvery == 0) {
                vector.setNull(row);
            } else {
                vector.set(row, values[row]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    /** The rows of {@code probe} the filter of {@code build} keeps, or null when it declines the batch. */
    private static int[] kept(long[] build, int buildNullEvery, long[] probe) {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector buildKeys = column(allocator, build, buildNullEvery);
                BigIntVector probeKeys = column(allocator, probe, 0)) {
            List<Field> fields = List.of(buildKeys.getField());
            KeyLayout layout = new KeyLayout(fields, new int[] {0}, NOT_NULL_EQUAL);
            KeyFilter filter = KeyFilter.of(layout.encode(new Batch(List.<FieldVector>of(buildKeys), build.length)));
            if (filter == null) {
                return new int[0];
            }
            int[] selected = new int[probe.length];
            int count = filter.select(layout, new Batch(List.<FieldVector>of(probeKeys), probe.length), selected);
            return count < 0 ? null : Arrays.copyOf(selected, count);
        }
    }

    @Test
    void denseKeysGetAnExactBitmap() {
        long[] build = {10, 12, 14, 1000};
        long[] probe = new long[4000];
        for (int row = 0; row < probe.length; row++) {
            probe[row] = row - 100;
        }
        // exactly the probe rows holding 10, 12, 14 and 1000
        assertThat(kept(build, 0, probe)).containsExactly(110, 112, 114, 1100);
    }

    @Test
    void sparseKeysGetABloomFilterThatKeepsEveryPresentValue() {
        Random random = new Random(5);
        long[] build = new long[500];
        for (int row = 0; row < build.length; row++) {
            build[row] = random.nextLong();
        }
        long[] probe = new long[20_000];
        for (int row = 0; row < probe.length; row++) {
            probe[row] = row % 10 == 0 ? build[random.nextInt(build.length)] : random.nextLong();
        }
        int[] kept = kept(build, 0, probe);
        assertThat(kept).isNotNull();
        for (int row = 0; row < probe.length; row += 10) {
            assertThat(kept).contains(row);
        }
        assertThat(kept.length).isLessThan(probe.length / 10 + probe.length / 20); // few false positives
    }

    @Test
    void keysSparserThanAOneIn64FillGetTheBitmapWhenTheBloomFilterWouldBeLarger() {
        // 40,000 keys over 2.6 M values (Q8's orders of two years among all orders, scaled): a
        // 325 KB bitmap, where a Bloom filter would take 512 KB and answer only "maybe"
        long[] build = new long[40_000];
        for (int row = 0; row < build.length; row++) {
            build[row] = 1 + 65L * row;
        }
        assertThat(filterOf(build).toString()).startsWith("bitmap");
        long[] probe = new long[4000];
        for (int row = 0; row < probe.length; row++) {
            probe[row] = row;
        }
        int[] present =
                IntStream.range(0, probe.length).filter(row -> row % 65 == 1).toArray();
        assertThat(kept(build, 0, probe)).containsExactly(present); // exact: no false positive
    }

    @Test
    void declinesABatchWhereMostKeysArePresent() {
        long[] build = new long[3000];
        for (int row = 0; row < build.length; row++) {
            build[row] = row;
        }
        long[] probe = new long[5000];
        for (int row = 0; row < probe.length; row++) {
            probe[row] = row % 4000;
        }
        assertThat(kept(build, 0, probe)).isNull();
    }

    @Test
    void nullBuildKeysAreNotInTheFilterAndAllNullMeansNoFilter() {
        long[] build = {7, 8, 9};
        long[] probe = new long[2000];
        for (int row = 0; row < probe.length; row++) {
            probe[row] = row;
        }
        assertThat(kept(build, 2, probe)).containsExactly(8); // rows 0 and 2 of the build are NULL
        assertThat(kept(new long[] {1}, 1, probe)).isEmpty();
    }

    @Test
    void extremeValuesDoNotOverflowTheRange() {
        long[] build = {Long.MIN_VALUE, Long.MAX_VALUE};
        long[] probe = new long[2000];
        probe[3] = Long.MAX_VALUE;
        probe[5] = Long.MIN_VALUE;
        for (int row = 6; row < probe.length; row++) {
            probe[row] = row;
        }
        assertThat(kept(build, 0, probe)).contains(3, 5).hasSizeLessThan(100);
    }

    /** The filter of {@code build} (no NULLs). */
    private static KeyFilter filterOf(long... build) {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector buildKeys = column(allocator, build, 0)) {
            KeyLayout layout = new KeyLayout(List.of(buildKeys.getField()), new int[] {0}, NOT_NULL_EQUAL);
            return KeyFilter.of(layout.encode(new Batch(List.<FieldVector>of(buildKeys), build.length)));
        }
    }

    @Test
    void aBitmapAnswersForARangeByItsBits() {
        KeyFilter filter = filterOf(100, 163, 164, 300, 5000);
        assertThat(filter.mayContainAny(0, 99)).isFalse(); // below the keys
        assertThat(filter.mayContainAny(5001, 9000)).isFalse(); // above
        assertThat(filter.mayContainAny(101, 162)).isFalse(); // between two keys, in one word
        assertThat(filter.mayContainAny(165, 299)).isFalse(); // between two keys, over words
        assertThat(filter.mayContainAny(301, 4999)).isFalse();
        assertThat(filter.mayContainAny(0, 100)).isTrue(); // the ends of the range count
        assertThat(filter.mayContainAny(164, 164)).isTrue();
        assertThat(filter.mayContainAny(163, 163)).isTrue();
        assertThat(filter.mayContainAny(200, 300)).isTrue();
        assertThat(filter.mayContainAny(4999, Long.MAX_VALUE)).isTrue();
        assertThat(filter.mayContainAny(Long.MIN_VALUE, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void aBloomFilterAnswersForARangeByItsBounds() {
        KeyFilter filter = filterOf(-5, 1L << 40, Long.MAX_VALUE - 1);
        assertThat(filter.toString()).startsWith("bloom");
        assertThat(filter.mayContainAny(Long.MIN_VALUE, -6)).isFalse();
        assertThat(filter.mayContainAny(-4, 0)).isTrue(); // no bits to read: inside the bounds may match
        assertThat(filter.mayContainAny(Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
    }

    static List<ArrowType> keyTypes() {
        return List.of(
                new ArrowType.Int(8, true),
                new ArrowType.Int(16, true),
                new ArrowType.Int(32, true),
                new ArrowType.Int(64, true),
                new ArrowType.Date(DateUnit.DAY),
                new ArrowType.Decimal(12, 0, 128),
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }

    /** A column of {@code type} holding {@code values}, NULL where {@code valid} is false (its data still the value). */
    private static FieldVector vectorOf(ArrowType type, long[] values, boolean[] valid, BufferAllocator allocator) {
        Field field = new Field("k", FieldType.nullable(type), null);
        if (type instanceof ArrowType.Decimal) {
            DecimalVector decimal = (DecimalVector) field.createVector(allocator);
            decimal.allocateNew(values.length);
            for (int row = 0; row < values.length; row++) {
                decimal.set(row, values[row]);
                if (valid != null && !valid[row]) {
                    BitVectorHelper.unsetBit(decimal.getValidityBuffer(), row); // NULL over a real value
                }
            }
            decimal.setValueCount(values.length);
            return decimal;
        }
        if (type instanceof ArrowType.FloatingPoint) {
            double[] doubles = Arrays.stream(values).asDoubleStream().toArray();
            return PrimitiveColumns.writeDoubles(field, doubles, valid, 0, values.length, allocator);
        }
        return PrimitiveColumns.writeLongs(field, values, valid, 0, values.length, allocator);
    }

    /**
     * Every key width the filter reads from the buffer itself (4 and 8 bytes, DECIMAL's low word)
     * or through long forms (1 and 2 bytes, REAL, DOUBLE) keeps exactly the present non-NULL keys,
     * over a whole batch and over a given selection; a NULL row is dropped even when its data
     * holds a present value.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void everyKeyWidthKeepsThePresentNonNullKeys(ArrowType type) {
        long[] build = LongStream.rangeClosed(0, 33).map(value -> value * 3).toArray(); // 0, 3, …, 99
        int rows = 3000;
        long[] probe = new long[rows];
        boolean[] valid = new boolean[rows];
        for (int row = 0; row < rows; row++) {
            probe[row] = row % 120 - 10;
            valid[row] = row % 7 != 0;
        }
        IntPredicate present = row -> valid[row] && probe[row] >= 0 && probe[row] % 3 == 0 && probe[row] <= 99;
        int[] evenRows = IntStream.range(0, rows).filter(row -> row % 2 == 0).toArray();
        try (BufferAllocator allocator = new RootAllocator();
                FieldVector buildKeys = vectorOf(type, build, null, allocator);
                FieldVector probeKeys = vectorOf(type, probe, valid, allocator)) {
            KeyLayout layout = new KeyLayout(List.of(buildKeys.getField()), new int[] {0}, NOT_NULL_EQUAL);
            KeyFilter filter = KeyFilter.of(layout.encode(new Batch(List.of(buildKeys), build.length)));
            Batch batch = new Batch(List.of(probeKeys), rows);
            int[] selected = new int[rows];

            int count = filter.select(layout, batch, selected);
            assertKept(
                    type,
                    Arrays.copyOf(selected, count),
                    IntStream.range(0, rows).filter(present).toArray(),
                    valid);

            count = filter.select(layout, batch, evenRows, evenRows.length, selected);
            int[] kept = Arrays.copyOf(selected, count);
            assertKept(type, kept, Arrays.stream(evenRows).filter(present).toArray(), valid);
            assertThat(Arrays.stream(kept).allMatch(row -> row % 2 == 0)).isTrue();
        }
    }

    /** Integer keys get an exact bitmap; floating-point ones (IEEE bits, far apart) a Bloom filter that may keep a few more. */
    private static void assertKept(ArrowType type, int[] kept, int[] expected, boolean[] valid) {
        if (type instanceof ArrowType.FloatingPoint) {
            assertThat(kept).contains(expected).isSorted();
            assertThat(Arrays.stream(kept).allMatch(row -> valid[row]))
                    .as("no NULL row kept")
                    .isTrue();
            assertThat(kept.length).isLessThan(expected.length * 2);
        } else {
            assertThat(kept).containsExactly(expected);
        }
    }

    @Test
    void aSelectionWhoseRowsAllPassIsDeclinedAndOneWhoseRowsAllMissIsEmptied() {
        long[] build = LongStream.range(0, 1000).toArray();
        long[] probe = LongStream.range(0, 4000)
                .map(row -> row % 2 == 0 ? row / 4 : 5000 + row)
                .toArray();
        int[] evenRows = IntStream.range(0, 4000).filter(row -> row % 2 == 0).toArray();
        int[] oddRows = IntStream.range(0, 4000).filter(row -> row % 2 == 1).toArray();
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector buildKeys = column(allocator, build, 0);
                BigIntVector probeKeys = column(allocator, probe, 0)) {
            KeyLayout layout = new KeyLayout(List.of(buildKeys.getField()), new int[] {0}, NOT_NULL_EQUAL);
            KeyFilter filter = KeyFilter.of(layout.encode(new Batch(List.<FieldVector>of(buildKeys), build.length)));
            Batch batch = new Batch(List.<FieldVector>of(probeKeys), probe.length);
            int[] selected = new int[probe.length];
            assertThat(filter.select(layout, batch, evenRows, evenRows.length, selected))
                    .isEqualTo(-1);
            assertThat(filter.select(layout, batch, oddRows, oddRows.length, selected))
                    .isZero();
            assertThat(filter.select(layout, batch, oddRows, 0, selected)).isZero(); // no rows at all
        }
    }

    @Test
    void minusZeroAndZeroAreOneDoubleKey() {
        try (BufferAllocator allocator = new RootAllocator();
                FieldVector buildKeys = PrimitiveColumns.writeDoubles(
                        new Field(
                                "k",
                                FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                                null),
                        new double[] {0.0, 2.5},
                        null,
                        0,
                        2,
                        allocator);
                FieldVector probeKeys = PrimitiveColumns.writeDoubles(
                        buildKeys.getField(),
                        DoubleStream.iterate(100, value -> value + 1)
                                .limit(2000)
                                .toArray(),
                        null,
                        0,
                        2000,
                        allocator)) {
            ((Float8Vector) probeKeys).set(17, -0.0);
            KeyLayout layout = new KeyLayout(List.of(buildKeys.getField()), new int[] {0}, NOT_NULL_EQUAL);
            KeyFilter filter = KeyFilter.of(layout.encode(new Batch(List.of(buildKeys), 2)));
            int[] selected = new int[2000];
            int count = filter.select(layout, new Batch(List.of(probeKeys), 2000), selected);
            assertThat(Arrays.copyOf(selected, count)).contains(17).hasSizeLessThan(50);
        }
    }
}
