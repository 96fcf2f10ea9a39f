package dev.quiver.engine.source;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.scan.ScanSource;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * One running DuckDB query whose result arrives as Quiver batches, through DuckDB's Arrow export.
 * Opened by {@link DuckDbReader#scan}.
 *
 * <p>OWNERSHIP: each batch {@link #next} returns belongs to the caller. Its buffers are DuckDB's
 * memory, imported without a copy and accounted in the caller's allocator, together with a small
 * struct per batch that releases them back to DuckDB once every column of the batch is closed — so
 * batches may outlive the scan. Not thread-safe: one thread at a time.
 */
public final class DuckDbScan implements ScanSource.Stream {
    private static final String LOST_STREAMING_ERROR = "Invalid Input Error: Invalid result set";

    private final DuckDbSource source;
    private final BufferAllocator allocator;
    private final List<AutoCloseable> resources = new ArrayList<>(); // closed in reverse order
    private final ArrowReader reader;
    private final Schema schema;
    private boolean finished;

    /** Runs {@code sql} on {@code connection}, which the scan owns from now on (and closes, also on failure). */
    DuckDbScan(DuckDBConnection connection, String sql, DuckDbSource source, int batchSize, BufferAllocator allocator) {
        this.source = source;
        this.allocator = allocator;
        resources.add(connection);
        try {
            // One Statement per query: a failed execute closes its Statement in DuckDB JDBC.
            Statement statement = connection.createStatement();
            resources.add(statement);
            ResultSet result;
            try {
                result = statement.executeQuery(sql);
            } catch (SQLException e) {
                throw failure(source, recoverLostMessage(connection, sql, e));
            }
            resources.add(result);
            // The Arrow stream must be released before the result it reads from is closed. It imports
            // into the caller's allocator, not a child: imported buffers keep their batch's import
            // struct alive in the allocator they came from, which may be long after this scan is closed.
            reader = (ArrowReader) ((DuckDBResultSet) result).arrowExportStream(allocator, batchSize);
            resources.add(reader);
            schema = quiverSchema(reader.getVectorSchemaRoot().getSchema(), result.getMetaData());
        } catch (SQLException | IOException | RuntimeException e) {
            QuiverException failure = failure(source, e);
            closeQuietly(failure);
            throw failure;
        }
    }

    /**
     * DuckDB JDBC (2.0.0.1) reports a streamed query that fails before its first rows as just
     * "Invalid result set", losing DuckDB's message (a CSV error with its line, say). Run without
     * streaming — for this session only; the connection is the scan's own — the same query fails
     * with the real message. Only ever done on the error path.
     */
    private static SQLException recoverLostMessage(DuckDBConnection connection, String sql, SQLException error) {
        if (!LOST_STREAMING_ERROR.equals(error.getMessage())) {
            return error;
        }
        try {
            DuckDb.execute(connection, "SET SESSION jdbc_stream_results = false");
            try (Statement statement = connection.createStatement();
                    ResultSet ignored = statement.executeQuery(sql)) {
                return error; // it worked this time: nothing better to report
            }
        } catch (SQLException real) {
            return real;
        }
    }

    /** The columns of every batch: DuckDB's names, Quiver's types, all nullable. */
    public Schema schema() {
        return schema;
    }

    /** The next non-empty batch, owned by the caller, or null when the result is exhausted. */
    @Override
    public Batch next() {
        while (!finished) {
            VectorSchemaRoot root;
            try {
                if (!reader.loadNextBatch()) {
                    finished = true;
                    return null;
                }
                root = reader.getVectorSchemaRoot();
            } catch (IOException | RuntimeException e) {
                finished = true;
                throw failure(source, e);
            }
            if (root.getRowCount() > 0) {
                return takeBatch(root);
            }
        }
        return null;
    }

    /** Moves the loaded columns out of the reader (zero copy) and converts those Quiver stores differently. */
    private Batch takeBatch(VectorSchemaRoot root) {
        List<FieldVector> columns = new ArrayList<>(schema.getFields().size());
        try {
            for (int index = 0; index < schema.getFields().size(); index++) {
                TransferPair transfer = root.getVector(index).getTransferPair(allocator);
                transfer.transfer();
                columns.add(DuckDbTypes.convert(
                        (FieldVector) transfer.getTo(), schema.getFields().get(index), allocator));
            }
            return new Batch(columns, root.getRowCount());
        } catch (RuntimeException | Error e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
    }

    private Schema quiverSchema(Schema exported, ResultSetMetaData metaData) {
        List<Field> fields = new ArrayList<>();
        for (int index = 0; index < exported.getFields().size(); index++) {
            Field field = exported.getFields().get(index);
            fields.add(DuckDbTypes.quiverField(field, duckDbTypeName(metaData, index, field), source));
        }
        return new Schema(fields);
    }

    private static String duckDbTypeName(ResultSetMetaData metaData, int index, Field field) {
        try {
            return metaData.getColumnTypeName(index + 1);
        } catch (SQLException | RuntimeException e) {
            return field.getType().toString(); // DuckDB JDBC cannot describe every type; Arrow's name will do
        }
    }

    /**
     * A DuckDB failure as a QuiverException naming the source. DuckDB's message says what was wrong
     * (for CSV files with the line), so it is kept — without the parts that would mislead a Quiver
     * user: the caret under Quiver's internal query, and fixes that name DuckDB-only reader options.
     */
    static QuiverException failure(DuckDbSource source, Throwable error) {
        if (error instanceof QuiverException quiver) {
            return quiver;
        }
        String message = userMessage(error.getMessage());
        ErrorCode code;
        if (message.startsWith("Catalog Error")) {
            code = ErrorCode.UNKNOWN_TABLE;
        } else if (message.startsWith("Binder Error") && message.contains("Referenced column")) {
            code = ErrorCode.UNKNOWN_COLUMN;
        } else if (message.startsWith("Binder Error") || message.startsWith("Parser Error")) {
            code = ErrorCode.INVALID_ARGUMENT; // the projection or filter handed to DuckDB is wrong
        } else {
            code = ErrorCode.IO_ERROR;
        }
        return new QuiverException(code, "Could not read " + source.describe() + ": " + message, error);
    }

    /**
     * DuckDB's message without the parts that would mislead a Quiver user: the caret under Quiver's
     * internal query, and fixes that name DuckDB-only reader options.
     */
    static String userMessage(String duckDbMessage) {
        String message = String.valueOf(duckDbMessage);
        for (String tail : List.of("\n\nLINE ", "\nPossible fixes:", "\nPossible solutions:")) {
            int start = message.indexOf(tail);
            message = start < 0 ? message : message.substring(0, start);
        }
        return message.strip();
    }

    @Override
    public void close() {
        RuntimeException failure = closeQuietly(null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every resource, newest first; returns the first failure (added to {@code primary} if given). */
    private RuntimeException closeQuietly(RuntimeException primary) {
        RuntimeException first = null;
        for (int index = resources.size() - 1; index >= 0; index--) {
            try {
                resources.get(index).close();
            } catch (Exception e) {
                RuntimeException failure = e instanceof RuntimeException runtime
                        ? runtime
                        : QuiverException.internal("closing a DuckDB scan of " + source.describe() + " failed", e);
                if (primary != null) {
                    primary.addSuppressed(failure);
                } else if (first == null) {
                    first = failure;
                }
            }
        }
        resources.clear();
        return first;
    }
}
