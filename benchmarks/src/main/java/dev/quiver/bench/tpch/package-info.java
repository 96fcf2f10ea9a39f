/** {@code ./quiver bench tpch}: the 22 TPC-H queries on Quiver and DuckDB in one run. */
package dev.quiver.bench.tpch;
