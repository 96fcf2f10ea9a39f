/**
 * Helpers the expression kernels of {@code exec/expr} share, with no expression of their own:
 * Arrow buffer access ({@link dev.quiver.engine.exec.expr.support.Bits},
 * {@link dev.quiver.engine.exec.expr.support.Numbers},
 * {@link dev.quiver.engine.exec.expr.support.KernelVectors},
 * {@link dev.quiver.engine.exec.expr.support.VarWidthBuilder}), value kinds
 * ({@link dev.quiver.engine.exec.expr.support.ValueKind}), text ({@code Utf8}, {@code ByteText},
 * {@code NumberText}, {@code LikePattern}), dates ({@code DateTimes}) and exact decimals
 * ({@code DecimalMath}).
 *
 * <p>Everything here is stateless (or a per-evaluation builder) and depends only on Arrow and the
 * JDK; the kernels, their operands and their base classes stay in {@code exec/expr}.
 */
package dev.quiver.engine.exec.expr.support;
