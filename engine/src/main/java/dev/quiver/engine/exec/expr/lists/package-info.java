/**
 * Kernels of the functions over nested values — LIST, MAP (a list of key/value entries) and
 * STRUCT — with DuckDB's names and NULL rules: {@code len}, {@code list_contains},
 * {@code list_sort}, {@code list_transform} and the rest of the function registry's nested
 * built-ins.
 *
 * <p>A kernel reads list operands through {@link dev.quiver.engine.exec.expr.lists.ListColumn}
 * (offsets, validity and the flat element vector) and builds a list result the same way every
 * time: it decides, row by row, which elements of a flat element pool the result holds (their
 * positions in an {@code int[]}), then {@link dev.quiver.engine.exec.expr.lists.ListResults}
 * gathers those elements once and wraps them in offsets and validity. Element order and equality
 * come from the sort operator's comparators, so they agree with ORDER BY and GROUP BY.
 *
 * <p>Lambdas ({@code x -> x + 1}) are ordinary expressions evaluated over a batch of elements: see
 * {@link dev.quiver.engine.exec.expr.lists.LambdaBody}.
 */
package dev.quiver.engine.exec.expr.lists;
