package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.convert.BatchExchange;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.cpython.RuntimeReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A pool of CPython sub-interpreters, one per worker thread, that runs Python functions over Arrow
 * batches in parallel.
 *
 * <p>Batches wait in one shared queue and go to whichever worker is free, so one slow batch never
 * idles the others. Each worker owns its interpreter for life (create, every call, end — all on
 * its thread). Any thread may register functions and submit calls.
 *
 * <p>Closing the pool cancels running calls, ends every interpreter on its own thread and waits
 * for the workers; Python itself is finalized at JVM exit (see {@link PythonRuntime}). A pool still
 * open at JVM exit is closed by the runtime's shutdown hook.
 */
public final class InterpreterPool implements CallStopper, AutoCloseable {
    /** The task that tells a worker to end its interpreter and exit. */
    static final Task<Void> STOP = new Task<>() {
        @Override
        Void run(WorkerSession session) {
            throw new IllegalStateException("STOP is never run");
        }

        @Override
        void discard(Void value) {}
    };

    private final PythonRuntime runtime;
    private final PoolOptions options;
    private final Set<Integer> retired = ConcurrentHashMap.newKeySet();
    /** Function versions refused for the pool's life because a call of theirs had to be abandoned. */
    private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
    /** Abandoned workers whose Python code still runs (their interpreters are still alive). */
    private final Set<Worker> abandoned = ConcurrentHashMap.newKeySet();

    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextWorkerNumber = new AtomicInteger();
    /**
     * Function ids are unique in the process, not per pool: interpreters cache compiled functions
     * by id, and a RegisteredFunction may be used on another pool (or outlive its own), where a
     * per-pool id would name a different function and run its code.
     */
    private static final AtomicInteger NEXT_FUNCTION_ID = new AtomicInteger();

    private final PythonRuntime.Closeable shutdownAction = this::close;
    private final long startNanos;
    private final List<Long> interpreterCreateNanos = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private final MemoryWatchdog memoryWatchdog;
    /** Put first on every interpreter's sys.path; replaced (never changed in place) by setPythonPath. */
    private volatile List<Path> pythonPath;
    /** Worker processes for functions that cannot run in a sub-interpreter; started on first use. */
    private ProcessTier processTier;
    /** The open per-query limits, by the query's allocator (see {@link #limitQueryMemory}). */
    private final Map<BufferAllocator, QueryMemoryLimit> queryLimits = new ConcurrentHashMap<>();

    private InterpreterPool(PythonRuntime runtime, PoolOptions options) {
        this.runtime = runtime;
        this.options = options;
        this.pythonPath = options.pythonPath();
        long start = System.nanoTime();
        List<Worker> starting = new ArrayList<>();
        for (int index = 0; index < options.workers(); index++) {
            Worker worker = newWorker();
            starting.add(worker);
        }
        try {
            for (Worker worker : starting) {
                interpreterCreateNanos.add(worker.started.get());
            }
        } catch (InterruptedException | ExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof UdfException udf) {
                throw udf;
            }
            throw new UdfException(
                    UdfException.Reason.POOL_UNAVAILABLE,
                    null,
                    "starting the Python interpreter pool failed: " + cause,
                    cause);
        }
        this.startNanos = System.nanoTime() - start;
        this.memoryWatchdog = MemoryWatchdog.start(
                options.memoryLimit(),
                () -> workers.stream().anyMatch(worker -> worker.currentTask() != null),
                this::stopForMemory,
                runtime.memoryAccounting().isAvailable() ? this::checkQueryLimits : null);
        runtime.onShutdown(shutdownAction);
    }

    /** Starts a pool on this process's Python runtime (started first if needed). */
    public static InterpreterPool start(PoolOptions options) {
        return new InterpreterPool(PythonRuntime.get(), options);
    }

    public static InterpreterPool start() {
        return start(PoolOptions.defaults());
    }

    public PoolOptions options() {
        return options;
    }

    /** Wall time it took to start every interpreter (they start in parallel). */
    public Duration startupTime() {
        return Duration.ofNanos(startNanos);
    }

    /** How long each initial interpreter took to create, runtime module included. */
    public List<Duration> interpreterCreateTimes() {
        return interpreterCreateNanos.stream().map(Duration::ofNanos).toList();
    }

    /** Workers currently serving (abandoned ones excluded). */
    public int workerCount() {
        return (int) workers.stream().filter(worker -> !worker.isAbandoned()).count();
    }

    /**
     * Interpreters abandoned because a call ignored its cancellation (stuck in one C call) and whose
     * Python code still runs, using CPU and the memory of its batch. Each is logged when abandoned
     * and again when it finally ends.
     */
    public int abandonedInterpreters() {
        return abandoned.size();
    }

    /** Every interpreter of the pool, serving ones first, then the abandoned ones still running. */
    public List<InterpreterStatus> interpreterStatus() {
        List<InterpreterStatus> status = new ArrayList<>();
        for (Worker worker : workers) {
            if (!abandoned.contains(worker)) {
                status.add(worker.status());
            }
        }
        abandoned.forEach(worker -> status.add(worker.status()));
        return status;
    }

    /** The operating-system thread ids of the abandoned interpreters still running, for tests. */
    List<Long> abandonedThreadIds() {
        return abandoned.stream().map(Worker::nativeThreadId).toList();
    }

    /**
     * Registers a function: its source is compiled and imported once, in one interpreter, and a
     * failure is reported now, before any query runs.
     *
     * @throws UdfException DEFINITION_ERROR with the Python error and traceback
     */
    public RegisteredFunction register(PythonFunction function) {
        RegisteredFunction registered = new RegisteredFunction(NEXT_FUNCTION_ID.incrementAndGet(), function);
        return submit(new DefineTask(registered), options.callTimeout(), function.name())
                .get();
    }

    /**
     * Registers a function in the tier {@code isolation} asks for. {@link FunctionIsolation#AUTO}
     * tries a sub-interpreter first and takes the process tier only when an import cannot work in a
     * sub-interpreter but does in a worker process (see {@link FunctionIsolation}); the returned
     * registration's {@link RegisteredFunction#placement} says why.
     *
     * @throws UdfException DEFINITION_ERROR with the Python error and traceback
     */
    public RegisteredFunction register(PythonFunction function, FunctionIsolation isolation) {
        return switch (isolation) {
            case SUBINTERPRETER -> register(function);
            case PROCESS -> registerInProcess(function, "isolation = 'process'");
            case AUTO -> {
                try {
                    yield register(function);
                } catch (UdfException e) {
                    String why = SubInterpreterRefusal.reason(e);
                    if (why == null) {
                        throw e;
                    }
                    try {
                        yield registerInProcess(function, why);
                    } catch (UdfException inProcess) {
                        // The worker's Python cannot import it either: the sub-interpreter's error
                        // says best what is wrong, unless the refusal was CPython's specific one.
                        throw SubInterpreterRefusal.isSpecific(e) ? inProcess : e;
                    }
                }
            }
        };
    }

    private RegisteredFunction registerInProcess(PythonFunction function, String placement) {
        RegisteredFunction registered = new RegisteredFunction(
                NEXT_FUNCTION_ID.incrementAndGet(), function, FunctionIsolation.PROCESS, placement);
        ProcessTier tier = processTier();
        RuntimeReply reply = tier.define(registered, options.callTimeout());
        if (!reply.isOk()) {
            throw tier.failure(registered, reply, row -> row, PROBE_TASK);
        }
        return registered;
    }

    /** Stands for the task of a CREATE-time definition in error messages (it is never stopped). */
    private static final Task<Void> PROBE_TASK = STOP;

    /**
     * The process tier, started on first use with as many workers as this pool has interpreters and
     * the Python named by {@link PoolOptions#workerPython} (default: {@code QUIVER_WORKER_PYTHON},
     * else the embedded CPython's executable).
     */
    public synchronized ProcessTier processTier() {
        if (closed) {
            throw closedError(null);
        }
        if (processTier == null) {
            processTier = new ProcessTier(
                    options.workers(),
                    workerPython(),
                    options.workerMemoryLimit(),
                    options.cancelGrace(),
                    this::pythonPath);
        }
        return processTier;
    }

    /** The Python executable the process tier's workers run. */
    public Path workerPython() {
        if (options.workerPython() != null) {
            return options.workerPython();
        }
        String configured = System.getProperty(WORKER_PYTHON_PROPERTY, System.getenv(WORKER_PYTHON_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return runtime.installation().executable();
    }

    /** Environment variable naming the process tier's Python executable. */
    public static final String WORKER_PYTHON_ENV = "QUIVER_WORKER_PYTHON";
    /** System property naming the process tier's Python executable (wins over the environment). */
    public static final String WORKER_PYTHON_PROPERTY = "quiver.worker.python";

    /**
     * Tells the pool a registration will not be called again (its function was replaced or
     * dropped): each interpreter forgets its compiled version before its next batch. Calling it
     * anyway still works — it is compiled again.
     */
    public void release(RegisteredFunction function) {
        if (function.inProcess()) {
            ProcessTier tier = processTier;
            if (tier != null) {
                tier.release(function);
            }
            return;
        }
        retired.add(function.id());
    }

    /** The released function versions, for the workers. */
    Set<Integer> retired() {
        return retired;
    }

    /**
     * Runs a batch through a function with the pool's default deadline and waits for the result.
     *
     * @param arguments one vector per argument, of the declared types, with at least {@code rowCount} values
     * @param allocator allocates the result (and scratch memory, freed before returning)
     * @return a vector of {@code rowCount} values, owned by the caller
     */
    public FieldVector call(
            RegisteredFunction function,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator) {
        return submit(function, arguments, rowCount, allocator, options.callTimeout())
                .get();
    }

    /**
     * Queues a batch and returns at once. The argument vectors must stay unchanged until the call's
     * {@link PendingCall#get} returns or throws. Closing them then is always safe: if the call was
     * abandoned (it ignored its cancellation), the buffers Python reads stay referenced until its
     * code really returns — the allocator keeps counting them until then.
     *
     * @param timeout the call's deadline, or null for none
     */
    public PendingCall<FieldVector> submit(
            RegisteredFunction function,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            Duration timeout) {
        return submit(function, arguments, rowCount, allocator, timeout, LongUnaryOperator.identity());
    }

    /**
     * Like {@link #submit(RegisteredFunction, List, int, BufferAllocator, Duration)}, for a batch that
     * is a part of a larger one (a slice, or the rows a condition selected).
     *
     * @param callerRow maps a row of this batch to the row the caller wants errors to name (the
     *                  row of the operator's whole input batch)
     */
    public PendingCall<FieldVector> submit(
            RegisteredFunction function,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            Duration timeout,
            LongUnaryOperator callerRow) {
        if (rowCount < 0) {
            throw new IllegalArgumentException("negative row count " + rowCount);
        }
        // A caller's mistake: report it on the caller's thread, not as a worker failure.
        if (function.definition().kind() == dev.quiver.udf.FunctionKind.AGGREGATE) {
            throw new IllegalArgumentException(
                    "function " + function.name() + " is an aggregate: run it through aggregation(function)");
        }
        if (function.definition().kind() == dev.quiver.udf.FunctionKind.TABLE) {
            throw new IllegalArgumentException(
                    "function " + function.name() + " is a table function: run it through tableFunction(function)");
        }
        if (function.inProcess()) {
            return processTier().submit(function, arguments, rowCount, allocator, timeout, callerRow);
        }
        BatchExchange.checkSignature(function.definition(), arguments, rowCount);
        if (refused.contains(function.id())) {
            throw new UdfException(
                    UdfException.Reason.REFUSED,
                    function.name(),
                    "Python function " + function.name()
                            + " is refused for the rest of this session: an earlier call of it did not stop when it was "
                            + "cancelled (probably stuck inside one long C call, such as sum(range(10**12))), so its "
                            + "interpreter had to be abandoned while still running. Fix the function and replace it "
                            + "(CREATE OR REPLACE FUNCTION) to use it again.");
        }
        return submit(new BatchTask(function, arguments, rowCount, allocator, callerRow), timeout, function.name());
    }

    /**
     * Starts an aggregation of a registered {@link dev.quiver.udf.FunctionKind#AGGREGATE AGGREGATE}
     * function: one per query operator and function. Close it when done, also after a failure.
     */
    public PythonAggregation aggregation(RegisteredFunction function) {
        if (function.definition().kind() != dev.quiver.udf.FunctionKind.AGGREGATE) {
            throw new IllegalArgumentException("function " + function.name() + " is "
                    + function.definition().kind() + ", not AGGREGATE");
        }
        return new PythonAggregation(this, function);
    }

    /**
     * A registered {@link dev.quiver.udf.FunctionKind#AGGREGATE AGGREGATE} function as a window
     * aggregate: to compute it over the frames of slices of sorted partitions.
     */
    public PythonWindowAggregate windowAggregate(RegisteredFunction function) {
        return new PythonWindowAggregate(this, function);
    }

    /**
     * A registered {@link dev.quiver.udf.FunctionKind#TABLE TABLE} function, to start runs of it
     * over slices of input rows (see {@link PythonTableFunction}).
     */
    public PythonTableFunction tableFunction(RegisteredFunction function) {
        if (function.definition().kind() != dev.quiver.udf.FunctionKind.TABLE) {
            throw new IllegalArgumentException("function " + function.name() + " is "
                    + function.definition().kind() + ", not TABLE");
        }
        return new PythonTableFunction(this, function);
    }

    /**
     * How many table function runs hold state in the serving interpreters: 0 whenever no query with
     * a table function runs (a leak check). Waits for the calls queued before it.
     */
    public long liveTableRuns() {
        long live = 0;
        for (Worker worker : servingWorkers()) {
            live += submitTo(worker, AggregationStateTask.countLiveTableRuns(), Duration.ofSeconds(30), null)
                    .get();
        }
        return live + processTierCount(AggregationStateTask::countLiveTableRuns);
    }

    /** The sum of a counting task over the process tier's running workers (0 when it never started). */
    private long processTierCount(java.util.function.Supplier<AggregationStateTask> count) {
        ProcessTier tier;
        synchronized (this) {
            tier = processTier;
        }
        return tier == null ? 0 : tier.sumOverWorkers(count);
    }

    /** Queues a task that only {@code worker} may run (it reads state kept in that interpreter). */
    <T> PendingCall<T> submitTo(Worker worker, Task<T> task, Duration timeout, String functionName) {
        if (closed) {
            throw new UdfException(
                    UdfException.Reason.POOL_UNAVAILABLE, functionName, "the interpreter pool is closed");
        }
        if (!worker.direct(task)) {
            task.cancelIfQueued(new UdfException(
                    UdfException.Reason.POOL_UNAVAILABLE,
                    functionName,
                    "interpreter " + worker.name() + " stopped serving (abandoned or closed) and its state of "
                            + functionName + " is gone"));
        }
        return new PendingCall<>(this, task, timeout, functionName);
    }

    /**
     * How many aggregations hold per-group handler instances in the serving interpreters, summed
     * over interpreters: 0 whenever no query with a Python aggregate runs (a leak check). Asks
     * every interpreter, so it waits for the calls queued before it.
     */
    public long liveAggregations() {
        long live = 0;
        for (Worker worker : servingWorkers()) {
            live += submitTo(worker, AggregationStateTask.countLive(), Duration.ofSeconds(30), null)
                    .get();
        }
        return live + processTierCount(AggregationStateTask::countLive);
    }

    /**
     * The serving worker holding the fewest table-function runs, now counting one more; null when
     * none serves. Synchronized, so that runs started at once by several threads spread too.
     */
    synchronized Worker placeTableRun() {
        Worker best = null;
        for (Worker worker : servingWorkers()) {
            if (best == null || worker.tableRuns() < best.tableRuns()) {
                best = worker;
            }
        }
        if (best != null) {
            best.tableRunPlaced();
        }
        return best;
    }

    /** Every serving worker, for tasks that must reach each interpreter. */
    List<Worker> servingWorkers() {
        return workers.stream().filter(worker -> !worker.isAbandoned()).toList();
    }

    /** Queues a task of {@code function} in its tier: the process tier's queue or the interpreters'. */
    <T> PendingCall<T> submitFor(RegisteredFunction function, TierTask<T> task, Duration timeout) {
        if (function.inProcess()) {
            return processTier().submitTask(task, timeout, function.name());
        }
        return submit(task, timeout, function.name());
    }

    private <T> PendingCall<T> submit(Task<T> task, Duration timeout, String functionName) {
        if (closed) {
            throw new UdfException(
                    UdfException.Reason.POOL_UNAVAILABLE, functionName, "the interpreter pool is closed");
        }
        queue.add(task);
        if (closed && task.cancelIfQueued(closedError(functionName))) {
            queue.remove(task);
        }
        return new PendingCall<>(this, task, timeout, functionName);
    }

    /**
     * Stops a task for its caller: drops it if still queued; else interrupts it and waits up to the
     * cancel grace, then abandons the worker that ignores the interruption.
     */
    @Override
    public void stop(Task<?> task, UdfException.Reason reason, String functionName) {
        task.requestCancel(reason);
        UdfException failure = reason == UdfException.Reason.TIMEOUT
                ? new UdfException(
                        reason,
                        functionName,
                        "Python function " + functionName
                                + " ran past its deadline before it started (the pool was busy)")
                : new UdfException(reason, functionName, "call of Python function " + functionName + " was cancelled");
        if (task.cancelIfQueued(failure)) {
            queue.remove(task);
            return;
        }
        Worker worker = task.runner();
        if (worker == null || task.result.isDone()) {
            return;
        }
        worker.interrupt(task);
        awaitGrace(task);
        if (!task.result.isDone()) {
            abandon(worker, task, reason, functionName);
        }
    }

    /**
     * Gives up on a worker whose call ignored its cancellation: the caller gets its TIMEOUT or
     * CANCELLED at once, the batch's memory moves out of the caller's accounting (freed when the
     * call ends), the function version is refused from now on — so a stuck function cannot pile up
     * abandoned interpreters — and a fresh worker takes the abandoned one's place.
     */
    private void abandon(Worker worker, Task<?> task, UdfException.Reason reason, String functionName) {
        if (!worker.abandonStuck()) {
            return; // another caller (or close) abandoned it first
        }
        abandoned.add(worker);
        task.handOverMemory();
        if (task.functionId() >= 0) {
            refused.add(task.functionId());
        }
        replace(worker);
        System.err.println("quiver: Python function " + functionName + " did not stop within "
                + options.cancelGrace().toMillis() + " ms of being cancelled (probably stuck inside one long C call); "
                + "interpreter " + worker.name() + " was abandoned (still running, now at the lowest CPU priority) "
                + "and replaced; " + functionName
                + " is refused for the rest of this session (" + abandoned.size()
                + " abandoned interpreter(s) running)");
        task.result.completeExceptionally(new UdfException(
                reason,
                functionName,
                "Python function " + functionName
                        + (reason == UdfException.Reason.TIMEOUT ? " ran past its deadline" : " was cancelled")
                        + " and did not stop within " + options.cancelGrace().toMillis() + " ms of being interrupted "
                        + "(probably inside one long C call); its interpreter was abandoned and replaced, and "
                        + functionName + " is refused for the rest of this session"));
    }

    /**
     * Replaces the package path: directories (or zip files) put first on every interpreter's
     * {@code sys.path}, before the installation's own entries. Each interpreter applies it before
     * its next call; modules already imported stay. The hook for a {@code SET python_path}.
     */
    public void setPythonPath(List<Path> directories) {
        pythonPath = List.copyOf(directories);
    }

    /** The package path now in force (see {@link #setPythonPath}). */
    public List<Path> pythonPath() {
        return pythonPath;
    }

    /**
     * Limits the Python memory of one query: every call whose allocator is {@code queryAllocator}
     * or one of its descendants counts against {@code bytes} (see {@link QueryMemoryLimit}). Close
     * the limit when the query ends. Without allocation counting
     * ({@link dev.quiver.udf.cpython.PythonMemoryAccounting#isAvailable()}) nothing is enforced and
     * only the process-wide limit applies.
     *
     * @param bytes the limit; 0 for none (the returned limit then does nothing)
     */
    public QueryMemoryLimit limitQueryMemory(BufferAllocator queryAllocator, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("query memory limit must be 0 (none) or positive, got " + bytes);
        }
        QueryMemoryLimit limit = new QueryMemoryLimit(this, queryAllocator, bytes);
        if (bytes > 0 && runtime.memoryAccounting().isAvailable()) {
            queryLimits.put(queryAllocator, limit);
        }
        return limit;
    }

    /** The per-query limits now open (one per running query with a limit), for status displays. */
    public List<QueryMemoryLimit> queryMemoryLimits() {
        return List.copyOf(queryLimits.values());
    }

    void forget(QueryMemoryLimit limit) {
        queryLimits.remove(limit.queryAllocator(), limit);
    }

    /** The open limit of the query a task belongs to, found through its allocator's parents; or null. */
    QueryMemoryLimit queryLimitFor(Task<?> task) {
        if (queryLimits.isEmpty()) {
            return null;
        }
        for (BufferAllocator allocator = task.allocator();
                allocator != null;
                allocator = allocator.getParentAllocator()) {
            QueryMemoryLimit limit = queryLimits.get(allocator);
            if (limit != null) {
                return limit;
            }
        }
        return null;
    }

    /** Stops the running calls of every query over its limit. Watchdog thread. */
    private void checkQueryLimits() {
        for (QueryMemoryLimit limit : queryLimits.values()) {
            limit.stopIfOver();
        }
    }

    /** Stops every running call (once each): the process passed the memory limit. Watchdog thread. */
    private void stopForMemory(String why) {
        for (Worker worker : workers) {
            Task<?> task = worker.currentTask();
            if (task != null && task.requestMemoryStop(why)) {
                worker.interrupt(task);
            }
        }
    }

    /**
     * Waits up to the cancel grace for an interrupted task to end. Not cut short by an interrupt of
     * the waiting thread — {@link PendingCall#get} stops its call precisely because it was
     * interrupted, and giving up at once would abandon a worker that was about to stop. The wait is
     * bounded; the interrupt is re-asserted afterwards.
     */
    private void awaitGrace(Task<?> task) {
        long deadline = System.nanoTime() + options.cancelGrace().toNanos();
        boolean interrupted = false;
        try {
            while (!task.result.isDone()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    task.result.get(remaining, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    return; // done, or the grace is over
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts a worker in place of one that was abandoned. Under the pool's lock, like the
     * {@code closed} flip in {@link #close}: a replacement is either started before close() takes
     * its list of workers to stop, or not at all — never left running after close.
     */
    void replace(Worker abandoned) {
        workers.remove(abandoned);
        synchronized (this) {
            if (!closed) {
                newWorker();
            }
        }
    }

    void workerExited(Worker worker) {
        workers.remove(worker);
        if (abandoned.remove(worker)) {
            System.err.println("quiver: abandoned interpreter " + worker.name() + " finished its call and ended ("
                    + abandoned.size() + " abandoned interpreter(s) still running)");
        }
    }

    PythonRuntime runtime() {
        return runtime;
    }

    BlockingQueue<Task<?>> queue() {
        return queue;
    }

    private Worker newWorker() {
        Worker worker = new Worker(this, nextWorkerNumber.incrementAndGet());
        workers.add(worker);
        worker.start();
        return worker;
    }

    /**
     * Cancels queued and running calls, ends every interpreter on its own thread and waits for the
     * workers — up to the cancel grace plus the grace for threads functions started; a worker still
     * stuck in C code after that is left behind (a daemon thread), with a log line naming its function.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        runtime.removeShutdownAction(shutdownAction);
        ProcessTier tier;
        synchronized (this) {
            tier = processTier;
        }
        if (tier != null) {
            tier.close();
        }
        if (memoryWatchdog != null) {
            memoryWatchdog.close();
        }
        List<Task<?>> pending = new ArrayList<>();
        queue.drainTo(pending);
        for (Task<?> task : pending) {
            task.cancelIfQueued(closedError(task.functionName()));
        }
        List<Worker> serving = new ArrayList<>(workers);
        for (Worker worker : serving) {
            queue.add(STOP);
            worker.interruptCurrent(); // a running UDF must not keep close() (or JVM exit) waiting
        }
        long deadline = System.nanoTime()
                + options.cancelGrace().toNanos()
                + Duration.ofMillis(2 * WorkerSession.THREAD_GRACE_MILLIS).toNanos();
        for (Worker worker : serving) {
            try {
                long remaining = deadline - System.nanoTime();
                if (remaining > 0) {
                    worker.thread().join(Duration.ofNanos(remaining));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Worker worker : serving) {
            if (worker.thread().isAlive() && worker.abandonStuck()) {
                abandoned.add(worker);
                String running = worker.currentFunctionName();
                System.err.println("quiver: closing the Python interpreter pool: interpreter " + worker.name()
                        + (running == null
                                ? " did not end"
                                : " is still running Python function " + running
                                        + ", which did not stop when cancelled (probably stuck inside one long C call)")
                        + "; it is left behind and Python will not be finalized at exit");
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    static UdfException closedError(String functionName) {
        return new UdfException(UdfException.Reason.POOL_UNAVAILABLE, functionName, "the interpreter pool was closed");
    }
}
