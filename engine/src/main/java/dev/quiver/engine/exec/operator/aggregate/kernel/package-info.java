/**
 * The built-in aggregate functions' runtime logic as {@link
 * dev.quiver.engine.exec.operator.aggregate.AggregateKernel}s — value picking (first, arg_min,
 * mode), statistics (corr, regr_*, kurtosis), holistic ones (quantiles, string_agg) and estimates
 * (approx_count_distinct) — which {@code function.AggregateBuiltins} names and types.
 */
package dev.quiver.engine.exec.operator.aggregate.kernel;
