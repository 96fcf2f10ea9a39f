/**
 * The runtime: operators over Arrow batches, expressions, pipelines and memory. It depends on
 * Arrow and the JDK only — no Calcite; plans reach it as immutable operator trees.
 */
package dev.quiver.engine.exec;
