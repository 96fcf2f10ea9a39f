package dev.quiver.engine.exec.expr.lists;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.Test;

/** The list kernels over hand-built vectors, with DuckDB's answers and NULL rules. */
class ListKernelsTest extends ListTestSupport {

    /** [[3, 1, NULL, 2], NULL, [], [5, 5]] */
    private Batch numbers() {
        return batch(list(ints(3, 1, null, 2, 5, 5), 4, null, 0, 2));
    }

    @Test
    void lengthCountsElementsAndUniqueCountsDistinctNonNullOnes() {
        Batch batch = numbers();
        Expr list = column(0, batch.column(0));
        assertThat(eval(new ListCountExpr("len", ListCountExpr.Counted.ELEMENTS, list, BIGINT), batch))
                .containsExactly("4", null, "0", "2");
        assertThat(eval(new ListCountExpr("list_unique", ListCountExpr.Counted.DISTINCT, list, BIGINT), batch))
                .containsExactly("3", null, "0", "1");
    }

    @Test
    void reorderingKeepsNullRowsAndPlacesNullElements() {
        Batch batch = numbers();
        Expr list = column(0, batch.column(0));
        Expr sorted = new ListReorderExpr("list_sort", ListReorderExpr.Kind.SORT, false, false, list, listOf(INTEGER));
        assertThat(eval(sorted, batch)).containsExactly("[1,2,3,null]", null, "[]", "[5,5]");
        Expr descending =
                new ListReorderExpr("list_sort", ListReorderExpr.Kind.SORT, true, true, list, listOf(INTEGER));
        assertThat(eval(descending, batch)).containsExactly("[null,3,2,1]", null, "[]", "[5,5]");
        Expr reversed =
                new ListReorderExpr("list_reverse", ListReorderExpr.Kind.REVERSE, false, false, list, listOf(INTEGER));
        assertThat(eval(reversed, batch)).containsExactly("[2,null,1,3]", null, "[]", "[5,5]");
        Expr distinct = new ListReorderExpr(
                "list_distinct", ListReorderExpr.Kind.DISTINCT, false, false, list, listOf(INTEGER));
        assertThat(eval(distinct, batch)).containsExactly("[1,2,3]", null, "[]", "[5]");
    }

    @Test
    void searchFindsValuesAndNullsAsDuckDb() {
        Batch batch = batch(list(ints(3, 1, null, 2, 5, 5), 4, null, 0, 2), ints(2, 1, 1, null));
        Expr list = column(0, batch.column(0));
        Expr value = column(1, batch.column(1));
        assertThat(eval(
                        new ListSearchExpr("list_contains", ListSearchExpr.Answer.CONTAINS, list, value, BOOLEAN),
                        batch))
                .containsExactly("true", null, "false", null);
        assertThat(eval(
                        new ListSearchExpr("list_position", ListSearchExpr.Answer.POSITION, list, value, INTEGER),
                        batch))
                .containsExactly("4", null, null, null);
        Batch nulls = batch(list(ints(3, null), 2), ints((Integer) null));
        Expr position = new ListSearchExpr(
                "list_position",
                ListSearchExpr.Answer.POSITION,
                column(0, nulls.column(0)),
                column(1, nulls.column(1)),
                INTEGER);
        assertThat(eval(position, nulls)).containsExactly("2");
    }

    @Test
    void sliceCountsFromBothEndsAndSteps() {
        Batch batch = batch(
                list(ints(1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3), 5, 5, 5, 3),
                bigints(2L, -1L, 5L, -10L),
                bigints(4L, 1L, 1L, 2L),
                bigints(2L, -1L, -2L, 1L));
        Expr slice = new ListSliceExpr(
                "list_slice",
                column(0, batch.column(0)),
                column(1, batch.column(1)),
                column(2, batch.column(2)),
                column(3, batch.column(3)),
                listOf(INTEGER));
        assertThat(eval(slice, batch)).containsExactly("[2,4]", "[5,4,3,2,1]", "[5,3,1]", "[1,2]");
    }

    @Test
    void concatSkipsNullListsUnlessAsked() {
        Batch batch = batch(list(ints(1, 2), 2, null, null), list(ints(3, 4), 1, 1, null));
        List<Expr> operands = List.of(column(0, batch.column(0)), column(1, batch.column(1)));
        boolean[] lists = {false, false};
        assertThat(eval(new ListConcatExpr("list_concat", operands, lists, false, listOf(INTEGER)), batch))
                .containsExactly("[1,2,3]", "[4]", "[]");
        assertThat(eval(new ListConcatExpr("||", operands, lists, true, listOf(INTEGER)), batch))
                .containsExactly("[1,2,3]", null, null);
    }

    @Test
    void appendAndPrependTakeSingleElements() {
        Batch batch = batch(list(ints(1, 2), 2, null), ints(9, null));
        Expr list = column(0, batch.column(0));
        Expr element = column(1, batch.column(1));
        assertThat(eval(
                        new ListConcatExpr(
                                "list_append",
                                List.of(list, element),
                                new boolean[] {false, true},
                                false,
                                listOf(INTEGER)),
                        batch))
                .containsExactly("[1,2,9]", "[null]");
        assertThat(eval(
                        new ListConcatExpr(
                                "list_prepend",
                                List.of(element, list),
                                new boolean[] {true, false},
                                false,
                                listOf(INTEGER)),
                        batch))
                .containsExactly("[9,1,2]", "[null]");
    }

    @Test
    void flattenJoinsInnerListsAndExtractPicksByPosition() {
        ListVector inner = list(ints(1, 2, 3), 2, null, 1, 0);
        Batch batch = batch(list(inner, 3, 1, null));
        assertThat(eval(new FlattenExpr("flatten", column(0, batch.column(0)), listOf(INTEGER)), batch))
                .containsExactly("[1,2,3]", "[]", null);
        Batch lists = batch(list(ints(1, 2, 3, 4, 5), 3, 2, null), bigints(-1L, 3L, 1L));
        Expr extract =
                new ListExtractExpr("list_extract", column(0, lists.column(0)), column(1, lists.column(1)), INTEGER);
        assertThat(eval(extract, lists)).containsExactly("3", null, null);
    }

    @Test
    void overlapIgnoresNullElements() {
        Batch batch = batch(list(ints(1, 2, null, 1), 2, 1, 1), list(ints(2, 3, null, null, 5), 2, 1, 2));
        Expr left = column(0, batch.column(0));
        Expr right = column(1, batch.column(1));
        assertThat(eval(new ListOverlapExpr("list_has_any", false, left, right, BOOLEAN), batch))
                .containsExactly("true", "false", "false");
        assertThat(eval(new ListOverlapExpr("list_has_all", true, left, right, BOOLEAN), batch))
                .containsExactly("false", "true", "false");
    }
}
