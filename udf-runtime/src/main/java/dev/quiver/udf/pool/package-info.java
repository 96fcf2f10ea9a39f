/**
 * The interpreter pool: worker threads that each own one sub-interpreter, a shared batch queue,
 * cancellation and deadlines, and the mapping of Python failures to {@link dev.quiver.udf.UdfException}.
 */
package dev.quiver.udf.pool;
