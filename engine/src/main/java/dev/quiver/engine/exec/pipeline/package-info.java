/**
 * Morsel-driven execution: a plan's operator tree is cut into pipelines at its breakers (hash
 * build, aggregate, sort); each pipeline runs a source's morsels through stream operators into a
 * sink on every worker thread. Operators are immutable and shared by the threads; what changes
 * while a query runs lives in per-thread and per-query state objects ({@link QueryState}).
 */
package dev.quiver.engine.exec.pipeline;
