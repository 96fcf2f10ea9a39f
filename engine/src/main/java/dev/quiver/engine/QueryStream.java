package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.StreamingResultSink;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.plan.PlannedQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The outcome of one statement read batch by batch: for a query, its rows while the query runs —
 * it runs only as far ahead of the reader as a few batches (back-pressure), and closing or
 * cancelling the stream stops it and its Python calls; for other statements, their finished
 * result (SHOW, EXPLAIN) or update count.
 *
 * <p>OWNERSHIP: a batch returned by {@link #next} belongs to the stream and stays valid until the
 * next call of {@code next} or {@link #close}; keep its columns longer by transferring them.
 * THREADS: one reader; {@link #cancel} from any thread.
 */
public final class QueryStream implements AutoCloseable {
    /** Batches the query may run ahead of its reader. */
    private static final int AHEAD_BATCHES = 4;

    private final List<Field> fields;
    private final long updateCount;
    // a running query
    private final ExecutionContext context;
    private final StreamingResultSink.Channel channel;
    private final BufferAllocator allocator;
    private final Thread runner;
    /** The table versions the query scans, retained until it stopped (a commit meanwhile frees none). */
    private final List<MemoryTable> tables;
    // a finished result
    private final QueryResult finished;
    private final Iterator<Batch> finishedBatches;

    private Batch lent;
    private long rowsRead;
    private boolean closed;

    private QueryStream(
            List<Field> fields,
            long updateCount,
            ExecutionContext context,
            StreamingResultSink.Channel channel,
            BufferAllocator allocator,
            Thread runner,
            List<MemoryTable> tables,
            QueryResult finished) {
        this.fields = List.copyOf(fields);
        this.updateCount = updateCount;
        this.context = context;
        this.channel = channel;
        this.allocator = allocator;
        this.runner = runner;
        this.tables = tables;
        this.finished = finished;
        this.finishedBatches = finished == null ? null : finished.batches().iterator();
    }

    /** A statement that ran already: its rows (SHOW, EXPLAIN) or its update count. Takes ownership. */
    static QueryStream of(QueryResult result) {
        return new QueryStream(result.fields(), result.updateCount(), null, null, null, null, List.of(), result);
    }

    /**
     * Starts {@code plan} on {@code threads}, its parameters taking {@code parameters} (a prepared
     * plan's run-time values; empty otherwise); its batches are allocated from {@code allocator},
     * which the stream then owns (and closes, also when starting fails). The stream retains the
     * table versions the plan scans until it closes, so call it while the statement's transaction
     * still holds them.
     */
    static QueryStream start(
            PlannedQuery plan,
            List<Object> parameters,
            BufferAllocator allocator,
            int threads,
            int batchRows,
            PipelineExecutor executor) {
        List<MemoryTable> tables = new ArrayList<>(plan.tablesScanned().size());
        try {
            for (MemoryTable table : plan.tablesScanned()) {
                tables.add(table.retain());
            }
            ExecutionContext context = new ExecutionContext(allocator, threads, batchRows, parameters);
            StreamingResultSink sink = new StreamingResultSink(plan.root(), Math.max(AHEAD_BATCHES, threads));
            List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), sink);
            StreamingResultSink.Channel channel = sink.channel();
            Thread runner = Thread.ofPlatform()
                    .name("quiver-stream")
                    .daemon(true)
                    .unstarted(() -> {
                        try (QueryState state = new QueryState(context)) {
                            executor.run(pipelines, state);
                            channel.finishInput(); // the sink's finish did so already, unless no pipeline ran
                        } catch (QuiverException e) {
                            channel.fail(e);
                        } catch (RuntimeException | Error e) {
                            channel.fail(QuiverException.internal(String.valueOf(e), e));
                        }
                    });
            QueryStream stream = new QueryStream(plan.fields(), -1, context, channel, allocator, runner, tables, null);
            runner.start();
            return stream;
        } catch (RuntimeException | Error e) {
            allocator.close();
            tables.forEach(MemoryTable::close);
            throw e;
        }
    }

    /** The columns of the rows (none for a statement that returns an update count). */
    public List<Field> fields() {
        return fields;
    }

    /** Whether the statement returns rows rather than an update count. */
    public boolean hasRows() {
        return updateCount < 0;
    }

    /** Rows changed by a statement without rows (0 for DDL); -1 for one with rows. */
    public long updateCount() {
        return updateCount;
    }

    /** Rows handed to the reader so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /**
     * The next batch, or null after the last; waits while the query computes it. The batch is
     * valid until the next call or {@link #close} (see the class comment).
     *
     * @throws QuiverException the query's error, or CANCELLED
     */
    public Batch next() {
        releaseLent();
        if (closed) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "the result stream is closed");
        }
        Batch batch;
        if (finished != null) {
            batch = finishedBatches.hasNext() ? finishedBatches.next() : null;
        } else {
            batch = channel.next();
            lent = batch;
        }
        if (batch != null) {
            rowsRead += batch.rowCount();
        }
        return batch;
    }

    /** Stops the query (and its Python calls); the reader's next call fails with CANCELLED. Any thread. */
    public void cancel() {
        if (context != null) {
            context.cancel();
            channel.wake();
        }
    }

    private void releaseLent() {
        if (lent != null) {
            lent.close();
            lent = null;
        }
    }

    /** Stops the query if it still runs, waits for its threads and frees its memory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseLent();
        if (finished != null) {
            finished.close();
            return;
        }
        context.cancel();
        channel.discard();
        boolean interrupted = false;
        while (runner.isAlive()) {
            try {
                runner.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        channel.discard(); // batches deposited while the query stopped
        allocator.close();
        tables.forEach(MemoryTable::close);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
