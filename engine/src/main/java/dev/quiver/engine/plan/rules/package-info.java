/** Quiver's own logical rewrite rules, for plans Calcite's rules leave in a shape the runtime runs worse. */
package dev.quiver.engine.plan.rules;
