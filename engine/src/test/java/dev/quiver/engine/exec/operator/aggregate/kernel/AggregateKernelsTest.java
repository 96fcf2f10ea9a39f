package dev.quiver.engine.exec.operator.aggregate.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import dev.quiver.engine.exec.operator.aggregate.OrderedState;
import dev.quiver.engine.exec.operator.aggregate.kernel.HolisticAggregates.QuantileInput;
import dev.quiver.engine.exec.operator.sort.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateKernelsTest {
    private static AggregateState fed(AggregateKernel kernel, Object[]... rows) {
        AggregateState state = kernel.newState();
        for (Object[] row : rows) {
            state.add(row);
        }
        return state;
    }

    @Test
    void argMinKeepsTheFirstRowOnTiesAcrossMerges() {
        AggregateKernel kernel = ValueAggregates.argExtreme("arg_min", false, false);
        AggregateState left = fed(kernel, new Object[] {"a", 2L}, new Object[] {"b", 1L});
        AggregateState right = fed(kernel, new Object[] {"c", 1L});
        left.merge(right);
        assertThat(left.result()).isEqualTo("b");
        assertThat(right.result()).as("the merged-in state is left as it was").isEqualTo("c");
    }

    @Test
    void statesOfNoRowsGiveDuckDbsEmptyResults() {
        assertThat(LogicAggregates.countIf("count_if").newState().result()).isNull();
        assertThat(HolisticAggregates.entropy("entropy").newState().result()).isEqualTo(0.0);
        assertThat(ApproximateAggregates.countDistinct("approx_count_distinct")
                        .newState()
                        .result())
                .isEqualTo(0L);
        assertThat(StatisticAggregates.pair("corr", StatisticAggregates.PairStatistic.CORR)
                        .newState()
                        .result())
                .isNull();
    }

    @Test
    void mergedCovarianceEqualsOnePass() {
        AggregateKernel kernel = StatisticAggregates.pair("covar_samp", StatisticAggregates.PairStatistic.COVAR_SAMP);
        AggregateState whole = kernel.newState();
        AggregateState first = kernel.newState();
        AggregateState second = kernel.newState();
        for (long x = 0; x < 100; x++) {
            Object[] row = {x * x % 17, x};
            whole.add(row);
            (x % 3 == 0 ? first : second).add(row);
        }
        first.merge(second);
        assertThat((Double) first.result()).isCloseTo((Double) whole.result(), within(1e-9));
    }

    @Test
    void hyperLogLogIsExactForSmallInputsAndCloseForLargeOnes() {
        AggregateKernel kernel = ApproximateAggregates.countDistinct("approx_count_distinct");
        AggregateState small = kernel.newState();
        for (long value = 0; value < 50; value++) {
            small.add(new Object[] {value % 20});
        }
        assertThat(small.result()).isEqualTo(20L);
        AggregateState evens = kernel.newState();
        AggregateState odds = kernel.newState();
        for (long value = 0; value < 200_000; value++) {
            (value % 2 == 0 ? evens : odds).add(new Object[] {value});
        }
        evens.merge(odds);
        assertThat((Long) evens.result()).isBetween(194_000L, 206_000L);
    }

    @Test
    void quantilesInterpolateOrPickAsDuckDb() {
        AggregateKernel continuous = HolisticAggregates.quantile("quantile_cont", true, QuantileInput.NUMBER, 0.3);
        AggregateKernel discrete = HolisticAggregates.quantile("quantile_disc", false, QuantileInput.NUMBER, 0.3);
        Object[][] rows = {{4L}, {1L}, {3L}, {2L}};
        assertThat((Double) fed(continuous, rows).result()).isCloseTo(1.9, within(1e-12));
        assertThat(fed(discrete, rows).result()).isEqualTo(2L);
    }

    @Test
    void orderedStateFeedsRowsInOrderByOrder() {
        AggregateKernel kernel = HolisticAggregates.stringAgg("string_agg");
        OrderedState state = new OrderedState(kernel, 2, List.of(new SortKey(0, true, true)));
        state.add(new Object[] {"a", "-", 1L});
        state.add(new Object[] {"b", "-", null});
        state.add(new Object[] {"c", "-", 3L});
        assertThat(state.result()).isEqualTo("b-c-a");
    }

    @Test
    void kahanSumKeepsWhatAPlainSumLoses() {
        AggregateState state = StatisticAggregates.kahan("fsum", false).newState();
        state.add(new Object[] {1.0});
        for (int index = 0; index < 10; index++) {
            state.add(new Object[] {1e-16});
        }
        assertThat((Double) state.result()).isEqualTo(1.000000000000001);
    }
}
