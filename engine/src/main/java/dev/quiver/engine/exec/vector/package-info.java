/**
 * Kernels that move values between vectors, batches and primitive arrays: gather, concatenation,
 * the vector ⇄ {@code long[]}/{@code double[]} loops that expressions, keys and aggregates share
 * ({@link dev.quiver.engine.exec.vector.PrimitiveColumns}), one loop per layout.
 */
package dev.quiver.engine.exec.vector;
