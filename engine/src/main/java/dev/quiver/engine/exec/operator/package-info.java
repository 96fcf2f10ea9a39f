/**
 * The runtime operators, one sub-package per family — {@code scan}, {@code project} (filter and
 * projection), {@code join}, {@code aggregate}, {@code set}, {@code sort} (with LIMIT), {@code udf}
 * — and here what several families share: the buffers breakers collect into and hand out from,
 * and the {@link dev.quiver.engine.exec.operator.ResultCollector} that ends every query.
 */
package dev.quiver.engine.exec.operator;
