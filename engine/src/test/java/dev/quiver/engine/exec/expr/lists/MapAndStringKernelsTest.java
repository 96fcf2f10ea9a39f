package dev.quiver.engine.exec.expr.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

/** Aggregates over lists, the string/list conversions, maps and struct fields. */
class MapAndStringKernelsTest extends ListTestSupport {

    @Test
    void aggregatesSkipNullsExceptFirstAndLast() {
        Batch batch = batch(list(ints(3, null, 1, null, 2), 3, null, 0, 2));
        Expr list = column(0, batch.column(0));
        assertThat(eval(aggregate(ListAggregateExpr.Aggregate.SUM, list, BIGINT), batch))
                .containsExactly("4", null, null, "2");
        assertThat(eval(aggregate(ListAggregateExpr.Aggregate.MIN, list, INTEGER), batch))
                .containsExactly("1", null, null, "2");
        assertThat(eval(aggregate(ListAggregateExpr.Aggregate.MAX, list, INTEGER), batch))
                .containsExactly("3", null, null, "2");
        assertThat(eval(aggregate(ListAggregateExpr.Aggregate.COUNT, list, BIGINT), batch))
                .containsExactly("2", null, "0", "1");
        assertThat(eval(aggregate(ListAggregateExpr.Aggregate.FIRST, list, INTEGER), batch))
                .containsExactly("3", null, null, null);
        assertThat(eval(aggregate(ListAggregateExpr.Aggregate.LAST, list, INTEGER), batch))
                .containsExactly("1", null, null, "2");
        assertThat(eval(aggregate(ListAggregateExpr.Aggregate.AVG, list, field(DOUBLE)), batch))
                .containsExactly("2.0", null, null, "2.0");
    }

    private static final ArrowType DOUBLE =
            new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE);

    private static Expr aggregate(ListAggregateExpr.Aggregate aggregate, Expr list, Field field) {
        return new ListAggregateExpr("list_aggregate", aggregate, list, null, field);
    }

    @Test
    void stringsSplitIntoListsAndListsJoinIntoStrings() {
        Batch batch = batch(strings("a,b,,c", null, "xy", ""), strings(",", ",", "", ","));
        Expr split = new StringListExpr(
                "string_split", false, column(0, batch.column(0)), column(1, batch.column(1)), listOf(VARCHAR));
        assertThat(eval(split, batch)).containsExactly("[\"a\",\"b\",\"\",\"c\"]", null, "[\"x\",\"y\"]", "[\"\"]");
        Batch lists = batch(list(ints(1, null, 2, 7), 3, null, 1), strings("-", "-", null));
        Expr join = new ListToStringExpr(
                "array_to_string", column(0, lists.column(0)), column(1, lists.column(1)), VARCHAR);
        assertThat(eval(join, lists)).containsExactly("1-2", null, "7");
    }

    @Test
    void mapsListTheirPartsAndLookKeysUp() {
        Batch batch = batch(map(strings("a", "b", "c"), ints(1, null, 3), 2, null, 1, 0), strings("b", "a", "c", "z"));
        Expr map = column(0, batch.column(0));
        Expr key = column(1, batch.column(1));
        assertThat(eval(new MapPartsExpr("map_keys", MapPartsExpr.Part.KEYS, map, listOf(VARCHAR)), batch))
                .containsExactly("[\"a\",\"b\"]", null, "[\"c\"]", "[]");
        assertThat(eval(new MapPartsExpr("map_values", MapPartsExpr.Part.VALUES, map, listOf(INTEGER)), batch))
                .containsExactly("[1,null]", null, "[3]", "[]");
        assertThat(eval(new MapLookupExpr("map_extract", MapLookupExpr.Answer.LIST, map, key, listOf(INTEGER)), batch))
                .containsExactly("[null]", null, "[3]", "[]");
        assertThat(eval(new MapLookupExpr("map_extract_value", MapLookupExpr.Answer.VALUE, map, key, INTEGER), batch))
                .containsExactly(null, null, "3", null);
        assertThat(eval(new MapLookupExpr("map_contains", MapLookupExpr.Answer.CONTAINS, map, key, BOOLEAN), batch))
                .containsExactly("true", null, "true", "false");
        assertThat(eval(new ListCountExpr("cardinality", ListCountExpr.Counted.ELEMENTS, map, BIGINT), batch))
                .containsExactly("2", null, "1", "0");
    }

    @Test
    void mapsComeFromEntryListsWithUniqueNonNullKeys() {
        Batch batch = batch(map(ints(1, 2, 3), strings("x", null, "z"), 2, null, 1));
        Expr entries =
                new MapPartsExpr("map_entries", MapPartsExpr.Part.ENTRIES, column(0, batch.column(0)), entriesList());
        assertThat(eval(entries, batch))
                .containsExactly("[{\"key\":1,\"value\":\"x\"},{\"key\":2}]", null, "[{\"key\":3,\"value\":\"z\"}]");
        try (ListVector lists = (ListVector) entries.evaluate(batch, context)) {
            Batch back = batch(lists);
            Expr map = new MapFromEntriesExpr("map_from_entries", List.of(column(0, lists)), mapOf(INTEGER, VARCHAR));
            assertThat(eval(map, back))
                    .containsExactly(
                            "[{\"key\":1,\"value\":\"x\"},{\"key\":2}]", null, "[{\"key\":3,\"value\":\"z\"}]");
        }
        Batch repeated = batch(map(ints(1, 1), ints(5, 6), 2));
        Expr twice = new MapFromEntriesExpr(
                "map_from_entries",
                List.of(new MapPartsExpr(
                        "map_entries", MapPartsExpr.Part.ENTRIES, column(0, repeated.column(0)), entriesList())),
                mapOf(INTEGER, INTEGER));
        assertThatThrownBy(() -> eval(twice, repeated))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("map keys must be unique");
    }

    /** STRUCT(key INTEGER, value VARCHAR)[] */
    private static Field entriesList() {
        Field struct = new Field(
                "element",
                FieldType.nullable(ArrowType.Struct.INSTANCE),
                List.of(
                        new Field("key", INTEGER.getFieldType(), null),
                        new Field("value", VARCHAR.getFieldType(), null)));
        return new Field("x", FieldType.nullable(ArrowType.List.INSTANCE), List.of(struct));
    }

    @Test
    void structExtractTakesOneFieldAndTheStructsNulls() {
        Batch batch = batch(map(ints(1, 2, 3), strings("x", null, "z"), 2, null, 1));
        Expr entries =
                new MapPartsExpr("map_entries", MapPartsExpr.Part.ENTRIES, column(0, batch.column(0)), entriesList());
        Expr values = new ListLambdaExpr(
                "list_transform",
                ListLambdaExpr.Kind.TRANSFORM,
                entries,
                new LambdaBody(
                        new StructExtractExpr(
                                "struct_extract",
                                new dev.quiver.engine.exec.expr.ColumnExpr(
                                        0, entriesList().getChildren().getFirst()),
                                1,
                                VARCHAR),
                        List.of(entriesList().getChildren().getFirst()),
                        List.of()),
                listOf(VARCHAR));
        assertThat(eval(values, batch)).containsExactly("[\"x\",null]", null, "[\"z\"]");
    }
}
