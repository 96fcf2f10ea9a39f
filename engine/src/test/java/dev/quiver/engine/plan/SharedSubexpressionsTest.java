package dev.quiver.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class SharedSubexpressionsTest {
    private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
    private final RexBuilder rex = new RexBuilder(types);
    private final RelDataType bigint = types.createSqlType(SqlTypeName.BIGINT);

    private RexNode column(int index) {
        return rex.makeInputRef(bigint, index);
    }

    private RexNode call(SqlOperator operator, RexNode... operands) {
        return rex.makeCall(operator, operands);
    }

    @Test
    void hoistsTheLargestRepeatedCallOnce() {
        // $0 * (1 - $1) and $0 * (1 - $1) * (1 + $2): TPC-H Q1's shape
        RexNode oneMinus = call(SqlStdOperatorTable.MINUS, rex.makeExactLiteral(BigDecimal.ONE), column(1));
        RexNode product = call(SqlStdOperatorTable.MULTIPLY, column(0), oneMinus);
        RexNode charge = call(
                SqlStdOperatorTable.MULTIPLY,
                product,
                call(SqlStdOperatorTable.PLUS, rex.makeExactLiteral(BigDecimal.ONE), column(2)));

        SharedSubexpressions.Split split = SharedSubexpressions.of(List.of(column(0), product, charge), 3);

        assertThat(split.shared()).containsExactly(product);
        assertThat(split.projects().toString()).isEqualTo("[$0, $3, *($3, +(1, $2))]");
    }

    @Test
    void leavesCallsInsideCaseAndNonDeterministicCallsAlone() {
        RexNode quotient = call(SqlStdOperatorTable.DIVIDE, column(0), column(1));
        RexNode guarded = rex.makeCall(
                SqlStdOperatorTable.CASE,
                call(SqlStdOperatorTable.NOT_EQUALS, column(1), rex.makeExactLiteral(BigDecimal.ZERO)),
                quotient,
                rex.makeNullLiteral(quotient.getType()));
        RexNode random = call(SqlStdOperatorTable.RAND);
        List<RexNode> projects = List.of(guarded, guarded, random, random);

        SharedSubexpressions.Split split = SharedSubexpressions.of(projects, 2);

        // the CASE itself is evaluated on every row, so it is shared; the division inside it is not
        assertThat(split.shared()).containsExactly(guarded);
        assertThat(split.projects().subList(2, 4)).containsExactly(random, random);
    }

    @Test
    void changesNothingWithoutRepeats() {
        List<RexNode> projects = List.of(call(SqlStdOperatorTable.PLUS, column(0), column(1)), column(1));

        SharedSubexpressions.Split split = SharedSubexpressions.of(projects, 2);

        assertThat(split.shared()).isEmpty();
        assertThat(split.projects()).isSameAs(projects);
    }
}
