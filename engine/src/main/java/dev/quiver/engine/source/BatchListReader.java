package dev.quiver.engine.source;

import dev.quiver.engine.exec.Batch;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over batches already in memory, for exporting them through the Arrow C
 * stream interface. Zero copy: each loaded batch shares (reference counts) the batch's buffers.
 *
 * <p>OWNERSHIP: the batches stay owned by whoever passed them and must outlive the reader; closing
 * the reader releases only its own references. The reader may be driven from another thread (DuckDB
 * pulls from its worker threads), one call at a time.
 */
final class BatchListReader extends ArrowReader {
    private final Schema schema;
    private final Iterator<Batch> batches;

    BatchListReader(BufferAllocator allocator, Schema schema, List<Batch> batches) {
        super(allocator);
        this.schema = schema;
        this.batches = List.copyOf(batches).iterator();
    }

    @Override
    public boolean loadNextBatch() {
        if (!batches.hasNext()) {
            return false;
        }
        Batch batch = batches.next();
        VectorSchemaRoot view = new VectorSchemaRoot(schema.getFields(), batch.columns(), batch.rowCount());
        // The record batch retains the buffers; loading it retains them again for our root; it then
        // closes the record batch. The view is not closed: it does not own the batch's vectors.
        ArrowRecordBatch recordBatch = new VectorUnloader(view).getRecordBatch();
        loadRecordBatch(recordBatch);
        return true;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        // Nothing to close: the batches belong to the caller.
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
