/**
 * Sources of rows: stored tables ({@link dev.quiver.engine.exec.operator.scan.TableData}), files
 * and attached databases ({@link dev.quiver.engine.exec.operator.scan.ScanSource}), generated ranges
 * and VALUES lists. The runtime sees only these interfaces; the catalog and the DuckDB readers
 * implement them and the planner wires them in, so nothing here depends on either.
 */
package dev.quiver.engine.exec.operator.scan;
