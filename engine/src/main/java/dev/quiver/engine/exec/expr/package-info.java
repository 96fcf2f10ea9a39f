/**
 * Physical scalar expressions, evaluated a batch at a time by type-specialised kernels.
 *
 * <p>Every {@link dev.quiver.engine.exec.expr.Expr} is immutable and shared by all threads. A
 * kernel chooses its loop once per batch from the Arrow types of its operands — never per row — and
 * runs it on the Arrow buffers (comparisons, strings, CASE assembly) or on L1-sized primitive arrays
 * of 1024 rows (arithmetic, casts, EXTRACT). Results are new vectors owned by the caller; BOOLEAN
 * results are canonical: a NULL row's data bit is 0. One exception to "every operand is a vector":
 * a DECIMAL {@code + - *} under another is read by it a chunk at a time as longs ({@code DecimalChunks}).
 *
 * <p>Semantics are DuckDB's: exact DECIMAL arithmetic rounding half away from zero, integer overflow
 * and division by zero as errors, IEEE floating point, byte-order string comparison, DuckDB's text
 * forms of numbers and dates in CAST. Result types are the planner's (Calcite's) and are taken as
 * given. Data errors are {@link dev.quiver.engine.error.QuiverException}s naming the operation,
 * the type and the offending value.
 *
 * <p>Expressions that can fail are evaluated only over the rows that need them inside CASE,
 * COALESCE, AND and OR ({@code CASE WHEN x = 0 THEN 0 ELSE 1 / x END} never divides by zero); see
 * {@code KernelExpr}. Nothing here depends on Calcite: {@code dev.quiver.engine.plan.RexToExpr}
 * builds these expressions from the planner's row expressions, through the built-in function
 * registry ({@code dev.quiver.engine.function.BuiltinFunctions}) for functions.
 *
 * <p>Layout: {@link dev.quiver.engine.exec.expr.Expr} and the kernels ({@code *Expr}) live here,
 * with the bases that make a simple function a lambda —
 * {@link dev.quiver.engine.exec.expr.FunctionExpr} (name, operands, EXPLAIN text),
 * {@link dev.quiver.engine.exec.expr.DoubleKernelExpr}, {@link dev.quiver.engine.exec.expr.LongKernelExpr}
 * and {@link dev.quiver.engine.exec.expr.RowKernelExpr} (NULL in, NULL out handled by the base) —
 * and the row functions they call ({@code StringFunctions}, {@code MathFunctions}). Buffer, text,
 * date and decimal helpers are in {@code exec/expr/support}.
 */
package dev.quiver.engine.exec.expr;
