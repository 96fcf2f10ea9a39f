/**
 * From SQL text to a runnable plan: {@link QueryPlanner} parses, validates and rewrites a statement
 * with Calcite, lets the rules in {@code rules/} and {@code rel/} turn it into {@code Vec*} rels,
 * and {@link PhysicalPlanBuilder} — the one class that sees both Calcite rels and runtime
 * operators — builds the immutable {@code exec} operator tree. {@link RexToExpr} does the same for
 * expressions.
 */
package dev.quiver.engine.plan;
