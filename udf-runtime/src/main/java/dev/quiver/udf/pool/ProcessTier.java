package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.convert.BatchExchange;
import dev.quiver.udf.cpython.ReplySink;
import dev.quiver.udf.cpython.RuntimeReply;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The process tier: Python functions run in a pool of worker processes instead of sub-interpreters,
 * for functions whose imports (numpy, pandas, pyarrow ...) cannot load in a sub-interpreter, and to
 * contain crashes — a worker that segfaults, aborts or exits fails only its own call and is replaced.
 *
 * <p>One slot per worker, each a platform thread that takes tasks from the tier's queue and drives
 * its worker process (started lazily, restarted after it died). Cancel and deadlines: SIGTERM first
 * (QuiverCancelled in the worker), then, after the cancel grace, SIGKILL and a fresh worker.
 * Thread-safe.
 */
public final class ProcessTier implements CallStopper, AutoCloseable {
    private final Path python;
    private final long memoryLimit;
    private final Duration cancelGrace;
    private final Supplier<List<Path>> pythonPath;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Set<Integer> retired = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param workers     number of worker processes
     * @param python      the Python executable the workers run (any CPython >= 3.10)
     * @param memoryLimit each worker's data limit in bytes (a call above it fails and the worker is replaced), 0 for none
     * @param cancelGrace how long an interrupted call may take to stop before its worker is killed
     * @param pythonPath  the package path in force, put first on each worker's sys.path before every task
     */
    public ProcessTier(
            int workers, Path python, long memoryLimit, Duration cancelGrace, Supplier<List<Path>> pythonPath) {
        if (workers < 1) {
            throw new IllegalArgumentException("the process tier needs at least 1 worker, got " + workers);
        }
        this.python = python;
        this.memoryLimit = memoryLimit;
        this.cancelGrace = cancelGrace;
        this.pythonPath = pythonPath;
        for (int index = 0; index < workers; index++) {
            slots.add(new Slot("quiver-process-" + index));
        }
    }

    /** The Python executable the workers run. */
    public Path python() {
        return python;
    }

    public int workerCount() {
        return slots.size();
    }

    /** Each worker's data limit in bytes, 0 for none. */
    public long memoryLimit() {
        return memoryLimit;
    }

    /**
     * What each worker slot is doing, for {@code python_info()}: the name carries the process id
     * ({@code quiver-process-0 (pid 1234)}), the state is {@code not started}, {@code idle} or
     * {@code running}, and the memory is the process's resident memory (-1 when unknown).
     */
    public List<InterpreterStatus> workerStatus() {
        List<InterpreterStatus> status = new ArrayList<>();
        for (Slot slot : slots) {
            ProcessWorker worker = slot.worker;
            Task<?> running = slot.current;
            if (worker == null) {
                status.add(new InterpreterStatus(slot.name, "not started", null, -1, -1));
            } else {
                status.add(new InterpreterStatus(
                        slot.name + " (pid " + worker.pid() + ", Python " + worker.pythonVersion() + ")",
                        running == null ? "idle" : "running",
                        running == null ? null : running.functionName(),
                        worker.residentBytes(),
                        -1));
            }
        }
        return status;
    }

    /** The process ids of the running workers (a worker starts with its first task). */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Slot slot : slots) {
            ProcessWorker worker = slot.worker;
            if (worker != null) {
                pids.add(worker.pid());
            }
        }
        return pids;
    }

    /**
     * Compiles and imports a function in one worker, for CREATE FUNCTION; the reply says whether it
     * worked (a DEFINITION_ERROR reply carries the Python error).
     */
    RuntimeReply define(RegisteredFunction function, Duration timeout) {
        return submit(
                        new ProcessTask<RuntimeReply>() {
                            @Override
                            RuntimeReply runIn(ProcessWorker worker, ProcessTier tier) {
                                tier.applyPath(worker);
                                return worker.define(function);
                            }

                            @Override
                            String functionName() {
                                return function.name();
                            }

                            @Override
                            void discard(RuntimeReply value) {}
                        },
                        timeout,
                        function.name())
                .get();
    }

    /**
     * Whether the workers' Python can import every module in {@code modules}: null when it can, else
     * the error of the first it cannot (for a batch format's package).
     */
    public String missingModule(List<String> modules) {
        RuntimeReply reply = submit(
                        new ProcessTask<RuntimeReply>() {
                            @Override
                            RuntimeReply runIn(ProcessWorker worker, ProcessTier tier) {
                                tier.applyPath(worker);
                                return worker.probe(modules);
                            }

                            @Override
                            void discard(RuntimeReply value) {}
                        },
                        Duration.ofMinutes(2),
                        null)
                .get();
        return reply.isOk() ? null : reply.pythonType() + ": " + reply.message();
    }

    /** Queues a batch of a SCALAR or VECTORIZED function; see {@link InterpreterPool#submit}. */
    PendingCall<FieldVector> submit(
            RegisteredFunction function,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            Duration timeout,
            LongUnaryOperator callerRow) {
        FunctionKind kind = function.definition().kind();
        if (kind != FunctionKind.SCALAR && kind != FunctionKind.VECTORIZED) {
            throw new IllegalArgumentException("function " + function.name() + " is " + kind
                    + ": run it through aggregation(function) or tableFunction(function)");
        }
        BatchExchange.checkSignature(function.definition(), arguments, rowCount);
        return submit(
                new ProcessBatchTask(function, arguments, rowCount, allocator, callerRow), timeout, function.name());
    }

    /** Queues an aggregate or table function task (see {@link TierTask}) for any worker. */
    <T> PendingCall<T> submitTask(TierTask<T> task, Duration timeout, String functionName) {
        return submit(task, timeout, functionName);
    }

    /**
     * The sum of a counting task ({@code agg_live_tokens}, {@code tf_live_runs}) over the workers
     * now running; one that has not started holds no state.
     */
    long sumOverWorkers(Supplier<AggregationStateTask> count) {
        long sum = 0;
        for (Slot slot : slots) {
            if (slot.worker != null) {
                try {
                    sum += slot.submitDirected(count.get(), Duration.ofSeconds(30), null)
                            .get();
                } catch (UdfException e) {
                    // the worker ended meanwhile: its state went with it
                }
            }
        }
        return sum;
    }

    /** A released function version: each worker forgets it before its next task. */
    void release(RegisteredFunction function) {
        retired.add(function.id());
    }

    private <T> PendingCall<T> submit(Task<T> task, Duration timeout, String functionName) {
        if (closed) {
            throw InterpreterPool.closedError(functionName);
        }
        synchronized (slots) {
            for (Slot slot : slots) {
                slot.startThread();
            }
        }
        queue.add(task);
        if (closed && task.cancelIfQueued(InterpreterPool.closedError(functionName))) {
            queue.remove(task);
        }
        return new PendingCall<>(this, task, timeout, functionName);
    }

    @Override
    public void stop(Task<?> task, UdfException.Reason reason, String functionName) {
        task.requestCancel(reason);
        UdfException failure = reason == UdfException.Reason.TIMEOUT
                ? new UdfException(
                        reason,
                        functionName,
                        "Python function " + functionName
                                + " ran past its deadline before it started (the worker processes were busy)")
                : new UdfException(reason, functionName, "call of Python function " + functionName + " was cancelled");
        if (task.cancelIfQueued(failure)) {
            queue.remove(task);
            return;
        }
        Slot slot = slotRunning(task);
        if (slot == null) {
            return;
        }
        slot.signal(task, false);
        try {
            task.result.get(cancelGrace.toNanos(), TimeUnit.NANOSECONDS);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // timed out (killed below) or finished with a failure (get() reports it)
        }
        if (!task.result.isDone()) {
            slot.signal(task, true); // the slot's thread then reports the call as stopped
        }
    }

    private Slot slotRunning(Task<?> task) {
        for (Slot slot : slots) {
            if (slot.current == task) {
                return slot;
            }
        }
        return null;
    }

    /** Puts the package path in force on {@code worker}'s sys.path. */
    void applyPath(ProcessWorker worker) {
        worker.applyPythonPath(pythonPath.get());
    }

    /** Defines {@code function} in {@code worker} unless it already is; forgets retired versions first. */
    void ensureDefined(ProcessWorker worker, RegisteredFunction function, Task<?> task) {
        RuntimeReply reply = defineIfNeeded(worker, function);
        if (reply != null && !reply.isOk()) {
            throw failure(function, reply, row -> row, task);
        }
    }

    /** As {@link #ensureDefined}, answering the define reply (null when it was defined already). */
    private RuntimeReply defineIfNeeded(ProcessWorker worker, RegisteredFunction function) {
        for (int id : retired) {
            worker.forget(id);
        }
        applyPath(worker);
        return worker.isDefined(function.id()) ? null : worker.define(function);
    }

    /** The error for a failed reply; a MemoryError under the worker's data limit is the limit's error. */
    UdfException failure(RegisteredFunction function, RuntimeReply reply, LongUnaryOperator rowMapper, Task<?> task) {
        if (memoryLimit > 0
                && reply.status() == RuntimeReply.Status.PYTHON_ERROR
                && "MemoryError".equals(reply.pythonType())) {
            return new UdfException(
                    UdfException.Reason.MEMORY_LIMIT,
                    function.name(),
                    "Python function " + function.name() + " ran out of memory in its worker process (max_memory "
                            + memoryLimit / (1024 * 1024) + " MiB per worker); the worker was replaced");
        }
        return UdfErrors.fromReply(function, reply, rowMapper, task);
    }

    private UdfException died(Task<?> task, WorkerDiedException died) {
        String name = task.functionName() == null ? "(a probe)" : task.functionName();
        UdfException.Reason stopped = task.cancelReason();
        if (stopped != null) {
            return new UdfException(
                    stopped,
                    name,
                    "Python function " + name
                            + (stopped == UdfException.Reason.TIMEOUT ? " ran past its deadline" : " was cancelled")
                            + " and did not stop within " + cancelGrace.toMillis() + " ms of being interrupted "
                            + "(probably inside one long C call); its worker process " + died.pid()
                            + " was killed and replaced");
        }
        String tail = died.stderrTail().isBlank()
                ? ""
                : "\nLast lines of its standard error:\n" + died.stderrTail().stripTrailing();
        return new UdfException(
                UdfException.Reason.WORKER_DIED,
                name,
                "Python function " + name + " crashed its worker process: process " + died.pid() + " " + died.ending()
                        + " while running it; only this call failed, and the worker was replaced" + tail);
    }

    /**
     * Cancels queued calls and ends every worker: closes their control channels, kills what lingers.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Task<?>> pending = new ArrayList<>();
        queue.drainTo(pending);
        for (Task<?> task : pending) {
            task.cancelIfQueued(InterpreterPool.closedError(task.functionName()));
        }
        for (Slot slot : slots) {
            slot.shutDown();
        }
    }

    /** A {@link PythonSite} that is one worker process, on its slot's thread. */
    private final class ProcessSite implements PythonSite {
        private final ProcessWorker worker;
        private final Slot slot;

        ProcessSite(ProcessWorker worker, Slot slot) {
            this.worker = worker;
            this.slot = slot;
        }

        @Override
        public RuntimeReply ensureDefined(RegisteredFunction function, long callId) {
            return defineIfNeeded(worker, function);
        }

        @Override
        public RuntimeReply call(long callId, String entryPoint, ReplySink sink, Object... arguments) {
            return worker.call(entryPoint, sink, arguments);
        }

        @Override
        public StateHolder holder() {
            return slot;
        }

        @Override
        public Object identity() {
            return worker;
        }

        @Override
        public UdfException failure(
                RegisteredFunction function, RuntimeReply reply, LongUnaryOperator rowMapper, Task<?> task) {
            return ProcessTier.this.failure(function, reply, rowMapper, task);
        }

        @Override
        public UdfException stateLost(String functionName, String state) {
            return new UdfException(
                    UdfException.Reason.WORKER_DIED,
                    functionName,
                    "the worker process that held " + state + " ended during the query (it crashed, or a call in "
                            + "it was killed or went over its memory cap) and was replaced; that state is lost, run "
                            + "the query again");
        }
    }

    /**
     * One worker process and the thread that feeds it; the keeper of the aggregation instances and
     * table function runs its worker holds (tasks about them are directed to it).
     */
    private final class Slot implements StateHolder {
        private final String name;
        private Thread thread;
        private volatile ProcessWorker worker;
        private volatile Task<?> current;
        /** Tasks only this slot may run: they read or free state kept in its worker. Checked first. */
        private final BlockingQueue<Task<?>> directed = new LinkedBlockingQueue<>();

        Slot(String name) {
            this.name = name;
        }

        void startThread() {
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name(name).start(this::serve);
            }
        }

        @Override
        public <T> PendingCall<T> submitDirected(Task<T> task, Duration timeout, String functionName) {
            if (closed) {
                throw InterpreterPool.closedError(functionName);
            }
            synchronized (slots) {
                startThread();
            }
            directed.add(task);
            if (closed && task.cancelIfQueued(InterpreterPool.closedError(functionName))) {
                directed.remove(task);
            }
            return new PendingCall<>(ProcessTier.this, task, timeout, functionName);
        }

        private void serve() {
            while (!closed) {
                Task<?> task = directed.poll();
                try {
                    // A short wait on the shared queue, so a directed task waits at most this long.
                    task = task != null ? task : queue.poll(5, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (task == null || !task.start(null)) {
                    continue;
                }
                runTask(task);
            }
            Task<?> left;
            while ((left = directed.poll()) != null) {
                left.cancelIfQueued(InterpreterPool.closedError(left.functionName()));
            }
            closeWorker();
        }

        private <T> T runOn(Task<T> task, ProcessWorker live) {
            if (task instanceof TierTask<T> shared) {
                return shared.runAt(new ProcessSite(live, this));
            }
            return ((ProcessTask<T>) task).runIn(live, ProcessTier.this);
        }

        private <T> void runTask(Task<T> task) {
            T value = null;
            RuntimeException failure = null;
            synchronized (this) {
                current = task;
            }
            try {
                value = runOn(task, liveWorker());
            } catch (WorkerDiedException e) {
                failure = died(task, e);
                closeWorker();
            } catch (UdfException e) {
                failure = e;
                if (ProcessBatchTask.replacesWorker(e)) {
                    closeWorker();
                }
            } catch (UncheckedIOException e) {
                failure = new UdfException(
                        UdfException.Reason.POOL_UNAVAILABLE,
                        task.functionName(),
                        "cannot start a worker process for the process tier with " + python + ": " + e.getMessage(),
                        e);
            } catch (RuntimeException e) {
                failure = new UdfException(
                        UdfException.Reason.INTERNAL,
                        task.functionName(),
                        "internal error in Quiver's process tier (a bug): " + e,
                        e);
                closeWorker();
            } finally {
                synchronized (this) {
                    current = null;
                }
            }
            task.finish(value, failure);
        }

        private ProcessWorker liveWorker() {
            if (worker == null) {
                worker = ProcessWorker.start(python, memoryLimit, name);
            }
            return worker;
        }

        /** Interrupts (SIGTERM) or kills (SIGKILL) the worker if it still runs {@code task}. */
        synchronized void signal(Task<?> task, boolean kill) {
            ProcessWorker running = worker;
            if (current != task || running == null) {
                return;
            }
            if (kill) {
                running.kill();
            } else {
                running.interrupt();
            }
        }

        private void closeWorker() {
            ProcessWorker ending = worker;
            worker = null;
            if (ending != null) {
                ending.close();
            }
        }

        void shutDown() {
            ProcessWorker running = worker;
            if (running != null && current != null) {
                running.kill(); // a call still running must not keep close() waiting
            }
            Thread serving = thread;
            if (serving != null) {
                try {
                    serving.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                closeWorker();
            }
        }
    }
}
