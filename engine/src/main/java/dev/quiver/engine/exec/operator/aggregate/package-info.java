/**
 * Hash aggregation: {@link dev.quiver.engine.exec.operator.aggregate.HashAggregateOperator} and its
 * parts — {@link dev.quiver.engine.exec.operator.aggregate.Aggregation} (an aggregate call,
 * immutable), and per-thread state: group tables that number the distinct keys (with the shared
 * key layer, {@code exec.key}), accumulators that keep one typed array slot per group, and the
 * table that ties them together.
 */
package dev.quiver.engine.exec.operator.aggregate;
