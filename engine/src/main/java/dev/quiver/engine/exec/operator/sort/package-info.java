/**
 * Order: {@link dev.quiver.engine.exec.operator.sort.SortOperator} collects its input, cuts it into ranges of
 * the order ({@link dev.quiver.engine.exec.operator.sort.SortRanges}) that every thread sorts, by
 * {@link dev.quiver.engine.exec.operator.sort.SortKey}s with comparators specialised per column type,
 * and {@link dev.quiver.engine.exec.operator.sort.LimitOperator} keeps a window of rows in morsel
 * order — a sort's order, when a sort feeds it.
 */
package dev.quiver.engine.exec.operator.sort;
