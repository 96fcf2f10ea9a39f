/** {@code ./quiver bench udf-sql}: Python UDFs, aggregates and table functions in SQL over TPC-H lineitem on Quiver (1 and N interpreters) and on DuckDB. */
package dev.quiver.bench.udfsql;
