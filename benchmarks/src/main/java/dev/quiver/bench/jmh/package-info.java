/**
 * JMH microbenchmarks of the UDF runtime: the round trip of a batch and the per-row cost of a call.
 */
package dev.quiver.bench.jmh;
