package dev.quiver.server.flight;

import dev.quiver.engine.QueryStream;
import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sends a {@link QueryStream}'s batches to a Flight client as they come: each batch's buffers are
 * handed to the stream's root without copying a row (ownership moves to {@code allocator}, so
 * that gRPC can still hold them after the query's memory is freed), and the next batch is read
 * only when the client can take more (Flight's back-pressure), so a slow client slows the query
 * instead of filling memory. A client that cancels or goes away cancels the query.
 *
 * <p>THREADING: {@link #watch} must run inside the DoGet call (gRPC takes handlers only then);
 * {@link #send} must run on another thread, after the call returned. gRPC runs a call's callbacks
 * one at a time on the call's executor, so while the call itself is busy sending, the "ready
 * again" and "cancelled" callbacks cannot run: a sender waiting for readiness inside the call
 * only ever woke at its timeout (a second per wait).
 */
final class ResultStreamer {
    /** How long to wait for a slow client before checking again whether the server stops. */
    private static final long WAIT_MILLIS = 1000;

    private ResultStreamer() {}

    /** What happened to the stream. */
    enum Outcome {
        COMPLETED,
        CLIENT_CANCELLED
    }

    /**
     * Registers the back-pressure and cancel handlers on {@code listener}; a cancel from the client
     * cancels {@code stream} at once. Call inside the DoGet call, before it returns.
     */
    static BackpressureStrategy watch(QueryStream stream, ServerStreamListener listener) {
        BackpressureStrategy backpressure = new CancellingBackpressure(stream);
        backpressure.register(listener);
        return backpressure;
    }

    /**
     * Streams every batch of {@code stream} to {@code listener} and completes it. A query error
     * propagates (the caller reports it to the client).
     *
     * @param backpressure what {@link #watch} returned for this listener
     */
    static Outcome send(
            QueryStream stream,
            Schema schema,
            ServerStreamListener listener,
            BackpressureStrategy backpressure,
            BufferAllocator allocator) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            listener.start(root);
            VectorLoader loader = new VectorLoader(root);
            for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                // ready while less than ResultStreamThreshold.BYTES are queued: a few batches
                if (!listener.isReady() && !awaitClient(backpressure, listener)) {
                    stream.cancel();
                    return Outcome.CLIENT_CANCELLED;
                }
                load(batch, loader, allocator);
                if (listener.isCancelled()) { // a write to a cancelled call may never free its buffers
                    stream.cancel();
                    return Outcome.CLIENT_CANCELLED;
                }
                listener.putNext();
            }
            listener.completed();
            return Outcome.COMPLETED;
        }
    }

    /** Moves the batch's buffers into the root (zero copy: reference-counted buffers change owner). */
    private static void load(Batch batch, VectorLoader loader, BufferAllocator allocator) {
        List<FieldVector> moved = new ArrayList<>(batch.columnCount());
        try {
            for (int column = 0; column < batch.columnCount(); column++) {
                moved.add(batch.retainColumn(column, allocator));
            }
            List<FieldVector> owned = List.copyOf(moved);
            moved.clear(); // batchRoot owns them now
            try (VectorSchemaRoot batchRoot = new VectorSchemaRoot(
                            owned.stream().map(FieldVector::getField).toList(), owned, batch.rowCount());
                    ArrowRecordBatch record = new VectorUnloader(batchRoot).getRecordBatch()) {
                loader.load(record);
            }
        } finally {
            moved.forEach(FieldVector::close);
        }
    }

    /** Waits until the client can take the next batch; false when it cancelled or went away. */
    private static boolean awaitClient(BackpressureStrategy backpressure, ServerStreamListener listener) {
        while (true) {
            switch (backpressure.waitForListener(WAIT_MILLIS)) {
                case READY:
                    return true;
                case CANCELLED:
                    return false;
                default:
                    if (listener.isCancelled()) {
                        return false;
                    }
            }
        }
    }

    /** Flight's callback strategy that also cancels the query the moment the client cancels. */
    private static final class CancellingBackpressure extends BackpressureStrategy.CallbackBackpressureStrategy {
        private final QueryStream stream;

        CancellingBackpressure(QueryStream stream) {
            this.stream = stream;
        }

        @Override
        protected void cancelCallback() {
            stream.cancel();
        }
    }
}
