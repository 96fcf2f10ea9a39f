package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionIsolation;

/**
 * {@link AggregationTest}'s aggregate protocol with the functions in the process tier: the same
 * instances per group, pickled states crossing as bytes, NULL handling, errors and cancels.
 */
class ProcessTierAggregationTest extends AggregationTest {
    @Override
    FunctionIsolation isolation() {
        return FunctionIsolation.PROCESS;
    }
}
