/**
 * What the planner estimates about relational expressions beyond Calcite's defaults: distinct
 * counts from table statistics, and join selectivity from those distinct counts. They decide join
 * order and which join input is hashed.
 */
package dev.quiver.engine.plan.metadata;
