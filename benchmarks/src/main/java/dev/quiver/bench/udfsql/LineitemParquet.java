package dev.quiver.bench.udfsql;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.source.DuckDb;
import dev.quiver.engine.source.DuckDbWriter;
import dev.quiver.engine.source.TpchGenerator;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/** Writes TPC-H lineitem as a Parquet file, so that several engines and processes read the same rows. */
public final class LineitemParquet {
    private LineitemParquet() {}

    /** Generates lineitem at {@code scaleFactor} and writes it to {@code parquet} through DuckDB. */
    public static void write(double scaleFactor, Path parquet) throws Exception {
        // The generated tables and the DuckDB copy live only in here: closed before the benchmark starts.
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection duckdb = DuckDb.openInMemory()) {
            List<MemoryTable> tables = TpchGenerator.generate(scaleFactor, allocator);
            try {
                MemoryTable lineitem = tables.stream()
                        .filter(table -> table.name().equals("lineitem"))
                        .findFirst()
                        .orElseThrow();
                DuckDbWriter.createTable(duckdb, lineitem, allocator);
            } finally {
                tables.forEach(MemoryTable::close);
            }
            try (Statement statement = duckdb.createStatement()) {
                statement.execute("COPY lineitem TO '" + parquet.toString().replace("'", "''") + "' (FORMAT parquet)");
            }
        }
    }
}
