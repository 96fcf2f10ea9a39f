/**
 * DuckDB's {@code unnest}: {@link dev.quiver.engine.exec.operator.unnest.UnnestOperator} turns each
 * input row into one row per element of its lists, streamed in bounded batches.
 */
package dev.quiver.engine.exec.operator.unnest;
