package dev.quiver.udf.pool;

/**
 * What one interpreter of a pool is doing, as of the moment it was read.
 *
 * @param name             the worker's name, e.g. {@code quiver-python-3}
 * @param state            {@code idle}, {@code running}, or {@code abandoned} (stuck in a C call
 *                         that ignored its cancellation; still running at the lowest CPU priority)
 * @param function         the function whose call it runs, or null
 * @param pythonMemory     bytes CPython allocated on its thread and still holds, or -1 when
 *                         allocations are not counted (see
 *                         {@link dev.quiver.udf.cpython.PythonMemoryAccounting})
 * @param cpuNanos         CPU time the interpreter's thread has used since it started, or -1 when
 *                         unknown (worker processes, or a JVM without thread CPU time): the
 *                         difference across a query shows how evenly its Python work was spread
 */
public record InterpreterStatus(String name, String state, String function, long pythonMemory, long cpuNanos) {}
