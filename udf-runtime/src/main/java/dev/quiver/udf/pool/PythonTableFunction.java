package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A registered {@link dev.quiver.udf.FunctionKind#TABLE TABLE} function, ready to run over slices
 * of input rows on the pool: each {@link #start} is one <em>run</em> — one fresh handler instance
 * (for a class handler) that sees the slice's rows in order, then {@code terminate()} once.
 *
 * <p>Streaming: a run answers in chunks of at most {@code maxRows} output rows. The first chunk
 * comes from the interpreter holding the fewest open runs (the run is placed when it starts; in
 * the process tier, whichever worker takes it); while a chunk says {@link TableChunk#more()},
 * {@link Run#requestNext} asks the same interpreter (the run's generator lives there) for the next one.
 * Nothing is computed ahead of the caller's request, so a function yielding a hundred million rows
 * holds at most one chunk per run in memory: the caller's pace is the back-pressure.
 *
 * <p>Threading: any thread may start runs; one run is driven by one caller at a time. Every run must
 * be closed — also after a failure or cancel: close frees the state its interpreter still holds.
 */
public final class PythonTableFunction {
    private static final AtomicLong NEXT_TOKEN = new AtomicLong();

    private final InterpreterPool pool;
    private final RegisteredFunction function;
    /** The argument whose STRUCT values reach Python as row objects, or -1. */
    private final int rowArgument;

    PythonTableFunction(InterpreterPool pool, RegisteredFunction function) {
        this(pool, function, -1);
    }

    private PythonTableFunction(InterpreterPool pool, RegisteredFunction function, int rowArgument) {
        this.pool = pool;
        this.function = function;
        this.rowArgument = rowArgument;
    }

    /**
     * This function with argument {@code argument} (a STRUCT) passed as a row object instead of a
     * dict: readable by column name ({@code row['ts']}, {@code row.ts}) and by position ({@code
     * row[0]}) — a table argument's rows, one per call of {@code eval}.
     */
    public PythonTableFunction withRowArgument(int argument) {
        List<UdfType> types = function.definition().argumentTypes();
        if (argument < 0 || argument >= types.size() || types.get(argument).name() != UdfType.Name.STRUCT) {
            throw new IllegalArgumentException("argument " + argument + " of " + function.name() + " is not a STRUCT");
        }
        return new PythonTableFunction(pool, function, argument);
    }

    int rowArgument() {
        return rowArgument;
    }

    public RegisteredFunction function() {
        return function;
    }

    /**
     * Starts a run over {@code rowCount} input rows; its first chunk is being computed at once. The
     * argument vectors must stay unchanged until that first chunk arrived (or failed).
     *
     * @param arguments one vector per declared argument, of the declared types
     * @param maxRows   the most output rows one chunk holds (at least 1)
     * @param timeout   the deadline of each call of the run, or null for none
     * @param callerRow maps a row of this slice to the row errors should name
     */
    public Run start(
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            int maxRows,
            Duration timeout,
            LongUnaryOperator callerRow) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        Run run = new Run(maxRows, timeout, allocator, callerRow);
        TableTask first = TableTask.start(run, arguments, rowCount, allocator, callerRow);
        // A run stays on the interpreter that computes its first chunk (its generator lives there).
        // Taken from the shared queue, a free interpreter took several runs at once and kept their
        // work while another idled: place each run on the interpreter holding the fewest.
        Worker placed = function.inProcess() ? null : pool.placeTableRun();
        if (placed == null) {
            run.current = pool.submitFor(function, first, timeout);
        } else {
            run.placed = placed;
            run.current = pool.submitTo(placed, first, timeout, function.name());
        }
        return run;
    }

    /** One slice of input rows going through the function, chunk by chunk. */
    public final class Run implements AutoCloseable {
        private final long token = NEXT_TOKEN.incrementAndGet();
        private final int maxRows;
        private final Duration timeout;
        private final BufferAllocator allocator;
        private final LongUnaryOperator callerRow;
        private volatile StateHolder holder;
        /** The interpreter or process holding the run's generator (see {@link PythonSite#identity}). */
        private volatile Object holderIdentity;
        /** Whether the interpreter dropped the run's state (done, or failed). */
        private volatile boolean ended;
        /** The worker this run was placed on, counted in its runs until {@link #close}; or null. */
        private volatile Worker placed;

        private volatile PendingCall<TableChunk> current;
        /** Whether the caller took the current call's chunk (or its failure). */
        private volatile boolean taken;

        private Run(int maxRows, Duration timeout, BufferAllocator allocator, LongUnaryOperator callerRow) {
            this.maxRows = maxRows;
            this.timeout = timeout;
            this.allocator = allocator;
            this.callerRow = callerRow;
        }

        /** Waits up to {@code timeout} for the requested chunk; true once it is there (or failed). */
        public boolean await(Duration timeout) {
            return current.await(timeout);
        }

        /** Whether the requested chunk is there (or failed). */
        public boolean isDone() {
            return current.isDone();
        }

        /**
         * Runs {@code action} once the requested chunk is there (or failed), as {@link
         * PendingCall#whenDone}: a caller driving several runs waits for whichever is first.
         */
        public void whenDone(Runnable action) {
            current.whenDone(action);
        }

        /**
         * The requested chunk, waiting for it; it belongs to the caller.
         *
         * @throws UdfException the function's error (naming the input row), or a cancel
         */
        public TableChunk take() {
            taken = true;
            return current.get();
        }

        /** Stops the chunk being computed (the run fails with CANCELLED); then close the run. */
        public void cancel() {
            current.cancel();
        }

        /**
         * Requests the next chunk from the interpreter holding the run; call only after {@link #take}
         * returned a chunk that said {@link TableChunk#more()}.
         */
        public void requestNext() {
            requestNext(maxRows);
        }

        /**
         * As {@link #requestNext()}, for a chunk of at most {@code rows} rows (at least 1): a caller
         * that may stop soon (a LIMIT) starts with small chunks and lets them grow.
         */
        public void requestNext(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("a chunk holds at least 1 row, got " + rows);
            }
            if (ended || holder == null || !taken) {
                throw new IllegalStateException("table function run of " + function.name() + " has no more rows");
            }
            taken = false;
            current = holder.submitDirected(TableTask.next(this, allocator, callerRow, rows), timeout, function.name());
        }

        RegisteredFunction function() {
            return function;
        }

        long token() {
            return token;
        }

        int rowArgument() {
            return rowArgument;
        }

        int maxRows() {
            return maxRows;
        }

        /** Called on the worker before Python keeps state for this run. */
        void holds(StateHolder stateHolder, Object identity) {
            holder = stateHolder;
            holderIdentity = identity;
        }

        void checkHolder(PythonSite site) {
            if (site.identity() != holderIdentity) {
                ended = true;
                throw site.stateLost(function.name(), "the generator of table function " + function.name());
            }
        }

        void ended() {
            ended = true;
        }

        /**
         * Stops the run: cancels a chunk still being computed (its rows are dropped), then frees the
         * state the interpreter holds. Waits for both, so nothing of the run outlives this call.
         */
        @Override
        public void close() {
            boolean interrupted = Thread.interrupted(); // a cancelled query's thread: clean up all the same
            try {
                PendingCall<TableChunk> call = current;
                if (call != null && !taken) {
                    taken = true;
                    call.cancel(); // nothing if it is done
                    try {
                        call.get().close(); // a chunk nobody will read
                    } catch (UdfException e) {
                        // stopped or failed: the first failure is the caller's to report
                    }
                }
                StateHolder keeper = holder;
                if (!ended && keeper != null) {
                    ended = true;
                    try {
                        keeper.submitDirected(
                                        AggregationStateTask.freeTableRun(function.name(), token),
                                        Duration.ofSeconds(30),
                                        function.name())
                                .get();
                    } catch (UdfException e) {
                        // its interpreter ended (abandoned or closed): the state went with it
                    }
                }
            } finally {
                Worker worker = placed;
                placed = null;
                if (worker != null) {
                    worker.tableRunEnded();
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
