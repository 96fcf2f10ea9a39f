package dev.quiver.engine.exec.expr.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.ArithmeticExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lambdas over list elements: parameters, the index parameter, captured columns, and the fold. */
class LambdaKernelsTest extends ListTestSupport {

    private static Expr param(int index, org.apache.arrow.vector.types.pojo.Field field) {
        return new ColumnExpr(index, field);
    }

    @Test
    void transformSeesTheElementTheIndexAndCapturedColumns() {
        // list_transform(l, (x, i) -> x + i + y) with y a column of the outer row
        Batch batch = batch(list(ints(1, 2, null, 10), 3, null, 1), ints(100, 200, 300));
        Expr body = new ArithmeticExpr(
                ArithmeticExpr.Operator.ADD,
                new ArithmeticExpr(ArithmeticExpr.Operator.ADD, param(0, INTEGER), param(1, BIGINT), BIGINT),
                param(2, INTEGER),
                BIGINT);
        LambdaBody lambda = new LambdaBody(body, List.of(INTEGER, BIGINT), List.of(column(1, batch.column(1))));
        Expr transform = new ListLambdaExpr(
                "list_transform", ListLambdaExpr.Kind.TRANSFORM, column(0, batch.column(0)), lambda, listOf(BIGINT));
        assertThat(eval(transform, batch)).containsExactly("[102,104,null]", null, "[311]");
    }

    @Test
    void filterKeepsElementsTheLambdaHoldsTrueFor() {
        Batch batch = batch(list(ints(1, 5, null, 7, 2), 4, null, 1), ints(3, 0, 9));
        Expr body =
                new ComparisonExpr(ComparisonExpr.Operator.GREATER_THAN, param(0, INTEGER), param(1, INTEGER), BOOLEAN);
        LambdaBody lambda = new LambdaBody(body, List.of(INTEGER), List.of(column(1, batch.column(1))));
        Expr filter = new ListLambdaExpr(
                "list_filter", ListLambdaExpr.Kind.FILTER, column(0, batch.column(0)), lambda, listOf(INTEGER));
        assertThat(eval(filter, batch)).containsExactly("[5,7]", null, "[]");
    }

    @Test
    void reduceFoldsFromTheLeftWithOrWithoutAnInitialValue() {
        Batch batch = batch(list(ints(1, 2, 3, 4, 5), 3, null, 1, 0, 1), ints(10, 10, 10, 10, 10));
        Expr sum = new ArithmeticExpr(ArithmeticExpr.Operator.ADD, param(0, INTEGER), param(1, INTEGER), INTEGER);
        LambdaBody lambda = new LambdaBody(sum, List.of(INTEGER, INTEGER), List.of());
        Expr withInitial = new ListReduceExpr(
                "list_reduce", column(0, batch.column(0)), lambda, column(1, batch.column(1)), INTEGER);
        assertThat(eval(withInitial, batch)).containsExactly("16", null, "14", "10", "15");
        Expr withoutInitial = new ListReduceExpr("list_reduce", column(0, batch.column(0)), lambda, null, INTEGER);
        assertThatThrownBy(() -> eval(withoutInitial, batch))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("empty list");
        Batch nonEmpty = batch(list(ints(1, 2, 3, 4), 3, null, 1));
        Expr indexed = new ListReduceExpr(
                "list_reduce",
                column(0, nonEmpty.column(0)),
                new LambdaBody(
                        new ArithmeticExpr(
                                ArithmeticExpr.Operator.ADD,
                                new ArithmeticExpr(
                                        ArithmeticExpr.Operator.ADD, param(0, BIGINT), param(1, INTEGER), BIGINT),
                                param(2, BIGINT),
                                BIGINT),
                        List.of(BIGINT, INTEGER, BIGINT),
                        List.of()),
                null,
                BIGINT);
        assertThat(eval(indexed, nonEmpty)).containsExactly("11", null, "4");
    }
}
