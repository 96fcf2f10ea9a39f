package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionIsolation;

/**
 * {@link TableFunctionTest}'s table functions with the functions in the process tier: generators
 * and UDTF classes streaming in bounded chunks from the worker process that holds the run.
 */
class ProcessTierTableFunctionTest extends TableFunctionTest {
    @Override
    FunctionIsolation isolation() {
        return FunctionIsolation.PROCESS;
    }
}
