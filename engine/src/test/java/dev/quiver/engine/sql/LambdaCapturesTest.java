package dev.quiver.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** Outside values of lambdas become trailing operands of their call and extra parameters. */
class LambdaCapturesTest {

    private static String rewritten(String expression) {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT " + expression + " FROM t");
        LambdaCaptures.rewrite(select);
        return select.getSelectList().getFirst().toString().replace("`", "").replace("\n", " ");
    }

    @Test
    void lambdasReadingOnlyTheirParametersStayAsWritten() {
        assertThat(rewritten("list_transform(l, (x, i) -> x + i)")).isEqualTo("list_transform(l, (x, i) -> x + i)");
    }

    @Test
    void eachOutsideValueIsPassedOnceAfterTheFunctionsOwnOperands() {
        assertThat(rewritten("list_reduce(l, (a, b) -> a + b * t.off + T.OFF + k, 0)"))
                .isEqualTo("list_reduce(l, (a, b, $quiver_captured_0, $quiver_captured_1) -> a + b * "
                        + "$quiver_captured_0 + $quiver_captured_0 + $quiver_captured_1, 0, t.off, k)");
    }

    @Test
    void aNestedLambdaReadsTheEnclosingParameterThroughItsOwnCall() {
        assertThat(rewritten("list_transform(ll, l -> list_transform(l, x -> x + len(l) + c))"))
                .isEqualTo("list_transform(ll, (l, $quiver_captured_2) -> list_transform(l, (x, $quiver_captured_0, "
                        + "$quiver_captured_1) -> x + len($quiver_captured_0) + $quiver_captured_1, l, "
                        + "$quiver_captured_2), c)");
    }

    @Test
    void subqueriesInsideTheBodyKeepTheirOwnScope() {
        assertThat(rewritten("list_filter(l, x -> x IN (SELECT y FROM u))"))
                .isEqualTo("list_filter(l, x -> x IN (SELECT y FROM u))");
    }
}
