package dev.quiver.engine.source;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Copies in-memory tables into a DuckDB database, through the Arrow C stream interface (no
 * serialisation): DuckDB scans the batches directly while it runs {@code CREATE TABLE … AS SELECT}.
 * Used to give DuckDB the same data as Quiver for differential tests and benchmarks.
 */
public final class DuckDbWriter {
    private static final AtomicLong STREAM_COUNTER = new AtomicLong();

    private DuckDbWriter() {}

    /** Creates (or replaces) one DuckDB table per table, with the same names, columns and rows. */
    public static void createTables(DuckDBConnection connection, List<MemoryTable> tables, BufferAllocator allocator) {
        for (MemoryTable table : tables) {
            createTable(connection, table, allocator);
        }
    }

    /**
     * Creates (or replaces) DuckDB table {@code table.name()} with the table's columns and rows. The
     * MemoryTable is only read; {@code allocator} holds the few buffers the export needs meanwhile.
     */
    public static void createTable(DuckDBConnection connection, MemoryTable table, BufferAllocator allocator) {
        try {
            overBatches(
                    connection,
                    table.schema(),
                    table.batches(),
                    allocator,
                    view -> "CREATE OR REPLACE TABLE " + DuckDb.identifier(table.name()) + " AS SELECT * FROM "
                            + DuckDb.identifier(view));
        } catch (SQLException | RuntimeException e) {
            if (e instanceof QuiverException quiver) {
                throw quiver;
            }
            throw new QuiverException(
                    ErrorCode.IO_ERROR, "Could not copy table " + table.name() + " into DuckDB: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the statement {@code statement} builds from the name of a temporary DuckDB view over
     * {@code batches}, which DuckDB scans in place through the Arrow C stream interface. The batches
     * are only read; {@code allocator} holds the few buffers the export needs meanwhile.
     */
    static void overBatches(
            DuckDBConnection connection,
            Schema schema,
            List<Batch> batches,
            BufferAllocator allocator,
            Function<String, String> statement)
            throws SQLException {
        String view = "quiver_arrow_stream_" + STREAM_COUNTER.incrementAndGet();
        try (BufferAllocator exportAllocator = allocator.newChildAllocator("duckdb-export-" + view, 0, Long.MAX_VALUE);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(exportAllocator)) {
            try {
                Data.exportArrayStream(exportAllocator, new BatchListReader(exportAllocator, schema, batches), stream);
                // registerArrowStream creates a temporary view over the stream; scanning it moves the
                // stream into DuckDB, which releases it (closing our reader) when the scan ends. DuckDB
                // keeps a pointer to the struct, so the view is dropped before the struct is freed.
                connection.registerArrowStream(view, stream);
                try {
                    DuckDb.execute(connection, statement.apply(view));
                } finally {
                    DuckDb.execute(connection, "DROP VIEW IF EXISTS " + DuckDb.identifier(view));
                }
            } finally {
                stream.release(); // a no-op when DuckDB took the stream over; else it closes the reader
            }
        }
    }
}
