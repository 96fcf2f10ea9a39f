/**
 * The hash aggregate's parts: {@link dev.quiver.engine.exec.operator.aggregate.Aggregation} (an
 * aggregate call, immutable), and per-thread state — group tables that number the distinct keys,
 * accumulators that keep one typed array slot per group, and the table that ties them together.
 */
package dev.quiver.engine.exec.operator.aggregate;
