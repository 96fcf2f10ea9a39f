/**
 * Window functions: {@link dev.quiver.engine.exec.operator.window.WindowOperator} collects its input,
 * hashes the PARTITION BY keys into buckets that the pipeline's threads then sort and evaluate in
 * parallel, one bucket per morsel request; ranking, value and framed aggregate functions are
 * computed over the sorted rows in whole-column loops.
 */
package dev.quiver.engine.exec.operator.window;
