package dev.quiver.engine.exec.operator.udf;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.error.UdfFailures;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.Vectors;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.pool.PythonTableFunction;
import dev.quiver.udf.pool.TableChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Drives runs of a Python table function over consecutive slices of one batch's argument columns:
 * up to {@code maxActive} runs at once (the next slice starts when a run ends), each answering in
 * chunks that start small ({@link PythonTableFunctionOperator#FIRST_CHUNK_ROWS}) and double up to
 * the query's batch size. The next chunk of a run is requested before the current one goes to the
 * consumer, so Python and the rest of the pipeline overlap while at most two chunks per run exist.
 *
 * <p>Used on one thread; stops every run (cancelling the chunk being computed and freeing what the
 * interpreters hold) when it returns, fails, the query is cancelled, or the consumer needs no more.
 */
final class TableRuns {
    private static final Duration POLL = Duration.ofMillis(10);

    /** Receives a slice's chunk; owns nothing (the chunk is closed after the call). */
    interface ChunkConsumer {
        void accept(int slice, TableChunk chunk);
    }

    private TableRuns() {}

    /**
     * Runs every slice: slice {@code s} is rows {@code [sliceStarts[s], sliceStarts[s + 1])} of
     * {@code arguments}, one run (one fresh handler instance) each; returns early once {@code
     * satisfied} says so (a LIMIT has its rows).
     */
    static void drive(
            PythonTableFunction function,
            List<FieldVector> arguments,
            int[] sliceStarts,
            int maxActive,
            int chunkRows,
            ExecutionContext context,
            ChunkConsumer consumer,
            BooleanSupplier satisfied) {
        BufferAllocator allocator = context.allocator();
        int slices = sliceStarts.length - 1;
        int firstChunk = Math.min(PythonTableFunctionOperator.FIRST_CHUNK_ROWS, chunkRows);
        List<Active> active = new ArrayList<>();
        // Every requested chunk wakes this thread when it is there: the run that finishes first is
        // taken and asked for its next chunk at once, so no interpreter idles behind a slower run.
        Thread driver = Thread.currentThread();
        Runnable wake = () -> LockSupport.unpark(driver);
        int nextSlice = 0;
        try {
            while (nextSlice < slices || !active.isEmpty()) {
                while (nextSlice < slices && active.size() < maxActive) {
                    Active started = start(function, arguments, sliceStarts, nextSlice++, firstChunk, allocator);
                    active.add(started);
                    started.run.whenDone(wake);
                }
                boolean progressed = false;
                for (int position = 0; position < active.size(); position++) {
                    Active run = active.get(position);
                    if (!run.run.isDone()) {
                        continue;
                    }
                    progressed = true;
                    try (TableChunk chunk = run.run.take()) {
                        if (chunk.more()) {
                            run.chunkRows = (int) Math.min(chunkRows, 2L * run.chunkRows);
                            run.run.requestNext(run.chunkRows); // computed while this chunk goes downstream
                            run.run.whenDone(wake);
                        } else {
                            active.remove(position--);
                            run.close();
                        }
                        consumer.accept(run.slice, chunk);
                    }
                    if (satisfied.getAsBoolean()) {
                        return; // closing the runs stops their generators
                    }
                }
                if (!progressed && !active.isEmpty()) {
                    LockSupport.parkNanos(POLL.toNanos()); // a wake that came first makes this return at once
                }
                if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                    active.forEach(run -> run.run.cancel());
                    context.checkCancelled();
                    throw new QuiverException(ErrorCode.CANCELLED, "query interrupted");
                }
            }
        } catch (UdfException e) {
            active.forEach(Active::close);
            context.checkCancelled(); // a cancelled query says so, not which run noticed first
            throw UdfFailures.toQuiver(e);
        } finally {
            active.forEach(Active::close);
        }
    }

    private static Active start(
            PythonTableFunction function,
            List<FieldVector> arguments,
            int[] sliceStarts,
            int slice,
            int firstChunk,
            BufferAllocator allocator) {
        int first = sliceStarts[slice];
        int length = sliceStarts[slice + 1] - first;
        List<FieldVector> sliced = new ArrayList<>(arguments.size());
        List<FieldVector> temporaries = new ArrayList<>();
        try {
            for (FieldVector whole : arguments) {
                FieldVector part = length == whole.getValueCount() && first == 0
                        ? whole
                        : Vectors.slice(whole, first, length, allocator);
                if (part != whole) {
                    temporaries.add(part);
                }
                sliced.add(part);
            }
            PythonTableFunction.Run run =
                    function.start(sliced, length, allocator, firstChunk, null, row -> first + row);
            return new Active(slice, run, temporaries, firstChunk);
        } catch (RuntimeException e) {
            temporaries.forEach(FieldVector::close);
            throw e;
        }
    }

    /** A started run, the slice vectors it reads, and the size of the chunk it was asked for. */
    private static final class Active implements AutoCloseable {
        final int slice;
        final PythonTableFunction.Run run;
        final List<FieldVector> temporaries;
        int chunkRows;

        Active(int slice, PythonTableFunction.Run run, List<FieldVector> temporaries, int chunkRows) {
            this.slice = slice;
            this.run = run;
            this.temporaries = temporaries;
            this.chunkRows = chunkRows;
        }

        /** Stops the run (if still going) and frees its slices; safe to call again. */
        @Override
        public void close() {
            run.close();
            temporaries.forEach(FieldVector::close);
            temporaries.clear();
        }
    }
}
