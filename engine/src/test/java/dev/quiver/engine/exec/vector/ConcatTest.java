package dev.quiver.engine.exec.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

class ConcatTest {
    /** Part sizes that put later parts at every bit offset within a byte, with empty parts between. */
    private static final int[] SIZES = {3, 0, 13, 8, 1, 64, 7, 0, 100, 5, 2, 9};

    @Test
    void bigIntsWithAndWithoutNullsAtEveryBitOffset() {
        check(new Field("v", FieldType.nullable(new ArrowType.Int(64, true)), null), (vector, seed) -> {
            BigIntVector longs = (BigIntVector) vector;
            longs.setSafe(seed[0], seed[1] * 31L - 7);
        });
    }

    @Test
    void booleansAreBitPackedInDataToo() {
        check(
                new Field("v", FieldType.nullable(ArrowType.Bool.INSTANCE), null),
                (vector, seed) -> ((BitVector) vector).setSafe(seed[0], seed[1] % 3 == 0 ? 1 : 0));
    }

    @Test
    void decimalsAndStrings() {
        check(
                new Field("v", FieldType.nullable(new ArrowType.Decimal(15, 2, 128)), null),
                (vector, seed) -> ((DecimalVector) vector).setSafe(seed[0], seed[1] * 1234567L));
        check(
                new Field("v", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
                (vector, seed) -> ((VarCharVector) vector)
                        .setSafe(seed[0], ("s" + "x".repeat(seed[1] % 5) + seed[1]).getBytes(StandardCharsets.UTF_8)));
    }

    /** Builds parts (every other one with NULLs), concatenates them and compares each value with its source. */
    private static void check(Field field, BiConsumer<FieldVector, int[]> set) {
        try (BufferAllocator allocator = new RootAllocator()) {
            List<FieldVector> parts = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            Random random = new Random(7);
            try {
                for (int part = 0; part < SIZES.length; part++) {
                    FieldVector vector = field.createVector(allocator);
                    parts.add(vector);
                    vector.allocateNew();
                    for (int row = 0; row < SIZES[part]; row++) {
                        if (part % 2 == 1 && random.nextInt(3) == 0) {
                            vector.setNull(row);
                        } else {
                            set.accept(vector, new int[] {row, random.nextInt(1000)});
                        }
                    }
                    vector.setValueCount(SIZES[part]);
                    for (int row = 0; row < SIZES[part]; row++) {
                        expected.add(vector.getObject(row));
                    }
                }
                try (FieldVector result = Concat.concat(parts, field, allocator)) {
                    assertThat(result.getValueCount()).isEqualTo(expected.size());
                    List<Object> actual = new ArrayList<>();
                    for (int row = 0; row < result.getValueCount(); row++) {
                        actual.add(result.getObject(row));
                    }
                    assertThat(actual).isEqualTo(expected);
                    assertThat(result.getNullCount())
                            .isEqualTo(expected.stream().filter(v -> v == null).count());
                }
            } finally {
                parts.forEach(FieldVector::close);
            }
        }
    }
}
