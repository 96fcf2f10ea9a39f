/**
 * The {@code udf} benchmark: one UDF workload run on a single interpreter, N own-GIL interpreters,
 * N interpreters sharing one GIL, N Python worker processes fed Arrow IPC, and a bare Python loop.
 */
package dev.quiver.bench.udf;
