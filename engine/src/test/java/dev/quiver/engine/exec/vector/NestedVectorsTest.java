package dev.quiver.engine.exec.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.expr.NestedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

class NestedVectorsTest {
    /** STRUCT(l INTEGER[][], m MAP(VARCHAR, INTEGER), a VARCHAR[]). */
    private static final Field FIELD = nullable(
            "s",
            ArrowType.Struct.INSTANCE,
            nullable("l", ArrowType.List.INSTANCE, nullable("$data$", ArrowType.List.INSTANCE, integer())),
            map("m", ArrowType.Utf8.INSTANCE, integerNamed("value")),
            nullable("a", ArrowType.List.INSTANCE, nullable("$data$", ArrowType.Utf8.INSTANCE)));

    /** VARCHAR[2]: Arrow Java cannot put a fixed-size list inside a struct (its struct writer refuses). */
    private static final Field ARRAY =
            nullable("a", new ArrowType.FixedSizeList(2), nullable("$data$", ArrowType.Utf8.INSTANCE));

    private static final List<String> TEXTS = Arrays.asList(
            "{'l': [[1, NULL], NULL, []], 'm': {k=1, 'a b='=NULL}, 'a': [x, NULL]}",
            null,
            "{'l': NULL, 'm': NULL, 'a': NULL}",
            "{'l': [], 'm': {}, 'a': ['', 'NULL']}");

    @Test
    void writesAndShowsValuesWithNullsAtEveryLevel() {
        try (BufferAllocator allocator = new RootAllocator();
                FieldVector vector = sample(allocator)) {
            assertThat(texts(vector)).isEqualTo(TEXTS);
            assertThat(TypeNamesOf.sql(vector.getField()))
                    .isEqualTo("STRUCT(l INTEGER[][], m MAP(VARCHAR, INTEGER), a VARCHAR[])");
        }
    }

    /** {@code map([], [])}: keys of the NULL type, whose NullVector reports itself nullable. */
    @Test
    void copiesAndRenamesMapsOfNullTypedKeysWithoutLeaking() {
        Field map = map(
                "m", ArrowType.Null.INSTANCE, new Field("value", FieldType.nullable(ArrowType.Null.INSTANCE), null));
        try (BufferAllocator allocator = new RootAllocator()) {
            FieldVector vector = map.createVector(allocator);
            vector.allocateNew();
            VectorWriter.set(vector, 0, Map.of());
            VectorWriter.set(vector, 1, null);
            vector.setValueCount(2);
            assertThat(vector.getField()
                            .getChildren()
                            .getFirst()
                            .getChildren()
                            .getFirst()
                            .isNullable())
                    .as("Arrow's NullVector reports a nullable field")
                    .isTrue();
            try (FieldVector renamed = Vectors.rename(vector, integerNamed("other"), allocator);
                    FieldVector gathered = Gather.gather(renamed, new int[] {1, 0}, 2, allocator);
                    FieldVector copy = Vectors.copy(gathered, allocator)) {
                assertThat(renamed.getName()).isEqualTo("other");
                assertThat(texts(copy)).containsExactly(null, "{}");
            }
        }
    }

    @Test
    void gathersConcatenatesAndCopies() {
        try (BufferAllocator allocator = new RootAllocator();
                FieldVector vector = sample(allocator);
                FieldVector gathered = Gather.gather(vector, new int[] {3, -1, 0, 0, 1}, 5, allocator);
                FieldVector concatenated = Vectors.concat(List.of(vector, gathered), vector.getField(), allocator);
                FieldVector copied = Vectors.copy(concatenated, allocator);
                FieldVector sliced = Vectors.slice(copied, 3, 3, allocator)) {
            List<String> expectedGathered = Arrays.asList(TEXTS.get(3), null, TEXTS.get(0), TEXTS.get(0), null);
            assertThat(texts(gathered)).isEqualTo(expectedGathered);
            List<String> all = new ArrayList<>(TEXTS);
            all.addAll(expectedGathered);
            assertThat(texts(concatenated)).isEqualTo(all);
            assertThat(texts(copied)).isEqualTo(all);
            assertThat(texts(sliced)).isEqualTo(all.subList(3, 6));
        }
    }

    @Test
    void fixedSizeArraysGatherAndShow() {
        try (BufferAllocator allocator = new RootAllocator();
                FieldVector vector = ARRAY.createVector(allocator)) {
            vector.allocateNew();
            VectorWriter.set(vector, 0, Arrays.asList("x y", null));
            VectorWriter.set(vector, 1, null);
            VectorWriter.set(vector, 2, List.of("[", "b"));
            vector.setValueCount(3);
            try (FieldVector gathered = Gather.gather(vector, new int[] {2, -1, 1, 0}, 4, allocator);
                    FieldVector copied = Vectors.copy(gathered, allocator)) {
                assertThat(texts(copied)).containsExactly("['[', b]", null, null, "[x y, NULL]");
                assertThat(TypeNamesOf.sql(copied.getField())).isEqualTo("VARCHAR[2]");
            }
        }
    }

    private static FieldVector sample(BufferAllocator allocator) {
        FieldVector vector = FIELD.createVector(allocator);
        vector.allocateNew();
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("k", 1);
        entries.put("a b=", null);
        VectorWriter.set(
                vector,
                0,
                List.of(Arrays.asList(Arrays.asList(1, null), null, List.of()), entries, Arrays.asList("x", null)));
        VectorWriter.set(vector, 1, null);
        VectorWriter.set(vector, 2, Arrays.asList(null, null, null));
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put("l", List.of());
        byName.put("m", Map.of());
        byName.put("a", List.of("", "NULL"));
        VectorWriter.set(vector, 3, byName);
        vector.setValueCount(4);
        return vector;
    }

    private static List<String> texts(FieldVector vector) {
        List<String> texts = new ArrayList<>();
        for (int row = 0; row < vector.getValueCount(); row++) {
            texts.add(NestedText.text(vector, row));
        }
        return texts;
    }

    private static Field integer() {
        return integerNamed("$data$");
    }

    /** MAP(key, value) named {@code name}, as Arrow wants it: a non-nullable {@code entries} struct and key. */
    private static Field map(String name, ArrowType key, Field value) {
        return new Field(
                name,
                FieldType.nullable(new ArrowType.Map(false)),
                List.of(new Field(
                        "entries",
                        FieldType.notNullable(ArrowType.Struct.INSTANCE),
                        List.of(new Field("key", FieldType.notNullable(key), null), value))));
    }

    private static Field integerNamed(String name) {
        return new Field(name, FieldType.nullable(new ArrowType.Int(32, true)), null);
    }

    private static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    /** DuckDB's type names of leaves, enough for this test. */
    private static final class TypeNamesOf {
        static String sql(Field field) {
            return NestedFields.sqlName(field, type -> type instanceof ArrowType.Int ? "INTEGER" : "VARCHAR");
        }
    }
}
