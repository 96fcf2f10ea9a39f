package dev.quiver.bench.udf;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Runs a workload on N python worker processes ({@code arrow_ipc_worker.py}), the way engines
 * without sub-interpreters get parallel Python: each batch is written as an Arrow IPC record batch
 * to a worker's stdin and its results come back as raw doubles over its stdout, into an Arrow
 * vector again. One Java thread drives each process; batches go to whichever is free.
 */
final class ProcessPoolRunner implements ModeRunner {
    private static final String SCRIPT = "arrow_ipc_worker.py";

    private final InputBatches input;
    private final BufferAllocator allocator;
    private final List<Channel> channels = new ArrayList<>();
    private final ExecutorService drivers;

    ProcessPoolRunner(Path python, Workload workload, int workers, InputBatches input, BufferAllocator parent)
            throws IOException {
        this.input = input;
        this.allocator = parent.newChildAllocator("bench-process-pool", 0, Long.MAX_VALUE);
        this.drivers = Executors.newFixedThreadPool(
                workers,
                Thread.ofPlatform()
                        .name("bench-process-driver-", 0)
                        .daemon(true)
                        .factory());
        try {
            for (int index = 0; index < workers; index++) {
                channels.add(new Channel(
                        new PythonProcess(python, SCRIPT, List.of(workload.source(), workload.handler())),
                        input.root(0),
                        allocator));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public Timing runOnce() throws Exception {
        Float8Vector[] results = new Float8Vector[input.batchCount()];
        AtomicInteger nextBatch = new AtomicInteger();
        try {
            long start = System.nanoTime();
            List<Future<Void>> running = new ArrayList<>();
            for (Channel channel : channels) {
                running.add(drivers.submit(() -> {
                    for (int index = nextBatch.getAndIncrement();
                            index < results.length;
                            index = nextBatch.getAndIncrement()) {
                        results[index] = channel.call(input.root(index));
                    }
                    return null;
                }));
            }
            for (Future<Void> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    nextBatch.set(results.length); // stop the other drivers
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            long nanos = System.nanoTime() - start;
            Checksum checksum = Checksum.EMPTY;
            for (Float8Vector result : results) {
                checksum = checksum.plus(Checksum.of(result));
            }
            return new Timing(nanos, checksum);
        } finally {
            for (Float8Vector result : results) {
                if (result != null) {
                    result.close();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        drivers.shutdownNow();
        for (Channel channel : channels) {
            channel.close();
        }
        allocator.close();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // the set-up error is the one to report
        }
    }

    /** One worker process with its Arrow IPC stream; used by one driver thread at a time. */
    private static final class Channel implements AutoCloseable {
        private final PythonProcess process;
        private final BufferAllocator allocator;
        private final VectorSchemaRoot outgoing;
        private final ArrowStreamWriter writer;
        private byte[] scratch = new byte[0];

        Channel(PythonProcess process, VectorSchemaRoot template, BufferAllocator allocator) throws IOException {
            this.process = process;
            this.allocator = allocator;
            this.outgoing = VectorSchemaRoot.create(template.getSchema(), allocator);
            this.writer = new ArrowStreamWriter(outgoing, null, Channels.newChannel(process.stdin()));
            writer.start(); // the schema message
        }

        /** Sends one batch and reads back its results; the caller owns the returned vector. */
        Float8Vector call(VectorSchemaRoot batch) throws IOException {
            // Point the writer's root at the batch's buffers (no copy), then serialize it.
            try (ArrowRecordBatch message = new VectorUnloader(batch).getRecordBatch()) {
                new VectorLoader(outgoing).load(message);
            }
            int rows = batch.getRowCount();
            long returned;
            try {
                writer.writeBatch();
                process.stdin().flush();
                returned = Long.reverseBytes(process.stdout().readLong()); // Python writes little-endian
            } catch (IOException e) {
                throw process.failure("batch of " + rows + " rows failed", e);
            }
            if (returned != rows) {
                throw process.failure("returned " + returned + " results for a batch of " + rows + " rows", null);
            }
            int bytes = rows * Float8Vector.TYPE_WIDTH;
            if (scratch.length < bytes) {
                scratch = new byte[bytes];
            }
            process.stdout().readFully(scratch, 0, bytes);
            Float8Vector result = new Float8Vector("result", allocator);
            try {
                result.allocateNew(rows);
                result.getDataBuffer().setBytes(0, scratch, 0, bytes);
                // The worker never returns NULL: every validity bit set.
                result.getValidityBuffer().setOne(0L, (long) BitVectorHelper.getValidityBufferSizeFromCount(rows));
                result.setValueCount(rows);
                return result;
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                writer.close(); // writes the end-of-stream marker (the worker's cue to exit), closes its stdin
            } catch (RuntimeException e) {
                // the worker died already; process.close() below still reaps it
            }
            outgoing.close();
            process.close();
        }
    }
}
