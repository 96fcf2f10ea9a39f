/** Built-in functions: one registry feeds both Calcite's validator and the physical plan builder. */
package dev.quiver.engine.function;
