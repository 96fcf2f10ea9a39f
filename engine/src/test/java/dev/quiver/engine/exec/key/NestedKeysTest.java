package dev.quiver.engine.exec.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

class NestedKeysTest {
    /** STRUCT(l VARCHAR[], d DOUBLE)[]. */
    private static final Field FIELD = nullable(
            "v",
            ArrowType.List.INSTANCE,
            nullable(
                    "$data$",
                    ArrowType.Struct.INSTANCE,
                    nullable("l", ArrowType.List.INSTANCE, nullable("$data$", ArrowType.Utf8.INSTANCE)),
                    nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

    private static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    private static List<Object> struct(List<String> texts, Double number) {
        return Arrays.asList(texts, number);
    }

    /** Values in DuckDB's ascending order, equal neighbours marked by the same group number. */
    private static final List<List<Object>> ORDERED = Arrays.asList(
            List.of(),
            List.of(struct(List.of(), -1.5)),
            List.of(struct(List.of(""), 0.0)),
            List.of(struct(List.of("", "a"), Double.NEGATIVE_INFINITY)),
            List.of(struct(List.of("a"), -0.0)),
            List.of(struct(List.of("a"), 0.0)),
            List.of(struct(List.of("a"), Double.NaN)),
            List.of(struct(List.of("a"), null)),
            List.of(struct(Arrays.asList("a", null), 1.0)),
            List.of(struct(List.of("a\0"), 0.0)),
            List.of(struct(List.of("a\0b"), 0.0)),
            List.of(struct(List.of("a\u0001"), 0.0)),
            List.of(struct(null, 1.0)),
            Arrays.asList(struct(null, null), null),
            Arrays.asList((Object) null));

    @Test
    void bytesOrderAsDuckDbOrdersTheValuesAndDecodeBack() {
        try (BufferAllocator allocator = new RootAllocator();
                FieldVector vector = FIELD.createVector(allocator)) {
            vector.allocateNew();
            List<List<Object>> shuffled = new ArrayList<>(ORDERED.reversed());
            for (int row = 0; row < shuffled.size(); row++) {
                VectorWriter.set(vector, row, shuffled.get(row));
            }
            VectorWriter.set(vector, shuffled.size(), null);
            int rows = shuffled.size() + 1;
            vector.setValueCount(rows);
            NestedKeys.Encoded encoded = NestedKeys.encode(vector, rows);
            assertThat(encoded.length(rows - 1)).isZero(); // a NULL row has no encoding

            List<Integer> sorted = IntStream.range(0, rows - 1)
                    .boxed()
                    .sorted(Comparator.comparing(row -> row, (left, right) -> encoded.compare(left, encoded, right)))
                    .toList();
            List<Object> decoded = new ArrayList<>();
            for (int row : sorted) {
                decoded.add(NestedKeys.decode(FIELD, encoded.bytes(), encoded.starts()[row]));
            }
            // -0.0 and 0.0 are one key: both decode to 0.0, and compare equal
            assertThat(encoded.compare(shuffled.indexOf(ORDERED.get(4)), encoded, shuffled.indexOf(ORDERED.get(5))))
                    .isZero();
            List<Object> expected = new ArrayList<>(ORDERED);
            expected.set(4, ORDERED.get(5));
            assertThat(decoded).hasToString(expected.toString());

            byte[][] sources = {encoded.bytes(), null};
            try (FieldVector back = NestedKeys.decodeVector(
                    FIELD, sources, new int[] {encoded.starts()[sorted.getLast()], 0}, 2, allocator)) {
                assertThat(back.getObject(0)).hasToString("[null]");
                assertThat(back.isNull(1)).isTrue();
            }
        }
    }
}
