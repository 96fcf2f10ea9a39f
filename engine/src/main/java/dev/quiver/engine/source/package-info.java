/**
 * Where table data comes from: the TPC-H generator ({@link dev.quiver.engine.source.TpchGenerator}),
 * DuckDB's readers for Parquet, CSV and DuckDB database files ({@link dev.quiver.engine.source.DuckDbReader}),
 * and the way back into DuckDB for differential tests ({@link dev.quiver.engine.source.DuckDbWriter}).
 *
 * <p>Everything here produces {@link dev.quiver.engine.exec.Batch}es holding only the Arrow types
 * Quiver supports, allocated from the allocator the caller passes and owned by the caller.
 */
package dev.quiver.engine.source;
