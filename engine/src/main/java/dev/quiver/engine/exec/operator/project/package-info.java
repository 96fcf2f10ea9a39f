/**
 * Row-wise streaming operators: {@link dev.quiver.engine.exec.operator.project.FilterOperator} keeps
 * the rows where a predicate is TRUE, {@link dev.quiver.engine.exec.operator.project.ProjectOperator}
 * computes expressions; both work a batch at a time, with no state between batches.
 */
package dev.quiver.engine.exec.operator.project;
