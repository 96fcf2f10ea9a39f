package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.NativeMemory;
import dev.quiver.udf.cpython.PythonMemoryAccounting.MemoryCounter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform thread that owns one sub-interpreter at a time and runs tasks from the pool's queue.
 *
 * <p>The interpreter is created, used and ended on this thread only. After a call that left a
 * view of batch memory behind, the interpreter is ended and replaced <em>before</em> the caller
 * learns the outcome, so no Python code can read the batch after the caller frees it. A worker
 * whose call ignored cancellation is abandoned: the pool stops counting it and starts a
 * replacement; if the call ever returns, the worker ends its interpreter and exits.
 */
final class Worker implements StateHolder {
    private static final long STACK_SIZE = 8L << 20;

    private final InterpreterPool pool;
    private final String name;
    private final Thread thread;
    final CompletableFuture<Long> started = new CompletableFuture<>();
    private volatile WorkerSession session;
    private volatile Task<?> current;
    private volatile boolean abandoned;
    private final java.util.concurrent.atomic.AtomicBoolean stuck = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Tasks only this worker may run: they read or free state kept in its interpreter (an
     * aggregation's per-group instances). Checked before the shared queue.
     */
    private final BlockingQueue<Task<?>> directed = new LinkedBlockingQueue<>();
    /** The table-function runs placed on this worker and not yet closed (see {@link InterpreterPool#placeTableRun}). */
    private final AtomicInteger tableRuns = new AtomicInteger();
    /**
     * How long an idle worker waits on the shared queue before it looks at its directed queue again:
     * a directed task waits at most this long (they run once per aggregation and interpreter), and
     * an idle worker wakes 200 times a second, which costs nothing measurable.
     */
    private static final long DIRECTED_CHECK_MILLIS = 5;
    /**
     * For this long after a directed task ended, an idle worker looks at its directed queue every
     * {@value #FOLLOW_UP_CHECK_MICROS} µs instead: the caller's next call about the same state (a
     * table function run's next chunk, asked for as soon as the last one arrived; an aggregation's
     * merge after its export) usually comes within a fraction of a millisecond, and waiting out the
     * 5 ms check left the interpreter idle for most of that time after every chunk.
     */
    private static final long FOLLOW_UP_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final long FOLLOW_UP_CHECK_MICROS = 100;

    Worker(InterpreterPool pool, int number) {
        this.pool = pool;
        this.name = "quiver-python-" + number;
        this.thread = Thread.ofPlatform()
                .name(name)
                .daemon(true)
                .stackSize(STACK_SIZE)
                .unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    boolean isAbandoned() {
        return abandoned;
    }

    String name() {
        return name;
    }

    /** The interpreter session now serving, or null; identifies the interpreter that holds state. */
    WorkerSession session() {
        return session;
    }

    /**
     * Queues a task for this worker alone; false when the worker no longer serves (abandoned or
     * exited), so the state the task is about is gone.
     */
    boolean direct(Task<?> task) {
        if (abandoned || !thread.isAlive()) {
            return false;
        }
        directed.add(task);
        if (abandoned || !thread.isAlive()) {
            failDirected();
        }
        return true;
    }

    @Override
    public <T> PendingCall<T> submitDirected(Task<T> task, java.time.Duration timeout, String functionName) {
        return pool.submitTo(this, task, timeout, functionName);
    }

    /** Fails every directed task not yet started: this worker will not run them. */
    private void failDirected() {
        Task<?> task;
        while ((task = directed.poll()) != null) {
            task.cancelIfQueued(new UdfException(
                    UdfException.Reason.POOL_UNAVAILABLE,
                    task.functionName(),
                    "interpreter " + name + " stopped serving before it could run this call"));
        }
    }

    /** What this worker's interpreter is doing now. Any thread. */
    InterpreterStatus status() {
        WorkerSession active = session;
        MemoryCounter counter = active == null ? null : active.interpreter.memoryCounter();
        String function = currentFunctionName();
        String state = abandoned ? "abandoned" : current != null ? "running" : "idle";
        return new InterpreterStatus(name, state, function, counter == null ? -1 : counter.inUse(), cpuNanos());
    }

    /** CPU time this worker's thread has used so far, or -1 when the JVM cannot say. Any thread. */
    private long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()
                ? threads.getThreadCpuTime(thread.threadId())
                : -1;
    }

    /** The task now running, or null. */
    Task<?> currentTask() {
        return current;
    }

    /** The function of the task now running, or null. */
    String currentFunctionName() {
        Task<?> task = current;
        return task == null ? null : task.functionName();
    }

    /**
     * Abandons this worker because its call ignored cancellation; true for the caller that did it
     * (once). The thread ends its interpreter and exits whenever the call returns.
     */
    boolean abandonStuck() {
        if (!stuck.compareAndSet(false, true)) {
            return false;
        }
        abandoned = true;
        WorkerSession active = session;
        if (active != null) {
            active.interpreter.lowerPriority(); // it keeps computing until its C call returns: at nice 19
        }
        return true;
    }

    /** The worker thread's operating-system id, or -1 before its interpreter exists. */
    long nativeThreadId() {
        WorkerSession active = session;
        return active == null ? -1 : active.interpreter.nativeThreadId();
    }

    /**
     * Cancels {@code task}, which this worker took from the queue. Any thread. Deliberately not
     * conditional on {@code current}: the task may be between {@code start} and its first Python
     * call, and the cancel must not be lost there; call ids make it harmless for any other task.
     */
    void interrupt(Task<?> task) {
        WorkerSession active = session;
        if (active != null) {
            active.interrupt(task.callId);
        }
    }

    int tableRuns() {
        return tableRuns.get();
    }

    void tableRunPlaced() {
        tableRuns.incrementAndGet();
    }

    void tableRunEnded() {
        tableRuns.decrementAndGet();
    }

    /** Cancels whatever this worker is running, for a closing pool. Any thread. */
    void interruptCurrent() {
        Task<?> task = current;
        if (task != null) {
            task.requestCancel(UdfException.Reason.CANCELLED);
            interrupt(task);
        }
    }

    private void run() {
        try {
            session = new WorkerSession(pool.runtime(), pool.options(), name, pool.retired());
            started.complete(session.createNanos());
        } catch (Throwable e) {
            started.completeExceptionally(e);
            return;
        }
        try {
            serve();
        } finally {
            failDirected();
            WorkerSession last = session;
            session = null;
            if (last != null) {
                last.end();
            }
            pool.workerExited(this);
        }
    }

    private void serve() {
        long followUpUntil = System.nanoTime();
        while (!abandoned) {
            Task<?> task;
            boolean isDirected;
            try {
                task = directed.poll();
                isDirected = task != null;
                if (task == null) {
                    task = System.nanoTime() - followUpUntil < 0
                            ? pool.queue().poll(FOLLOW_UP_CHECK_MICROS, TimeUnit.MICROSECONDS)
                            : pool.queue().poll(DIRECTED_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) {
                continue;
            }
            if (task == InterpreterPool.STOP) {
                return;
            }
            current = task; // published before start(), so a closing pool cannot miss it
            if (!task.start(this)) {
                current = null;
                continue; // cancelled while queued
            }
            if (pool.isClosed()) {
                // close() may have looked at current just before it was set: do not start now.
                current = null;
                task.finish(null, InterpreterPool.closedError(task.functionName()));
                continue;
            }
            runToEnd(task);
            if (isDirected) {
                followUpUntil = System.nanoTime() + FOLLOW_UP_WINDOW_NANOS;
            }
        }
    }

    private <T> void runToEnd(Task<T> task) {
        T value = null;
        RuntimeException failure = null;
        try {
            session.usePythonPath(pool.pythonPath()); // before the task: a changed package path applies to it
        } catch (RuntimeException e) {
            current = null;
            task.finish(null, e);
            return;
        }
        QueryMemoryLimit queryLimit = pool.queryLimitFor(task);
        MemoryCounter counter = session.interpreter.memoryCounter();
        if (queryLimit != null && counter != null) {
            queryLimit.callStarts(task, this, counter);
        }
        try {
            value = task.run(session);
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new UdfException(UdfException.Reason.INTERNAL, null, "worker failed: " + e, e);
        }
        long refused = queryLimit == null ? 0 : queryLimit.callEnds(task);
        if (refused > 0 && failure instanceof UdfException udf && isMemoryError(udf)) {
            failure = queryLimit.refusal(task.functionName(), refused);
        }
        current = null;
        if (task.cancelReason() == UdfException.Reason.MEMORY_LIMIT || refused > 0) {
            // The stopped call freed its memory; make sure it leaves the process, not just Python.
            NativeMemory.trim();
        }
        if (session.interpreter.isPoisoned() && !abandoned) {
            // Replace the interpreter before publishing: the escaped view dies with it.
            WorkerSession old = session;
            session = null;
            old.end();
            try {
                session = new WorkerSession(pool.runtime(), pool.options(), name, pool.retired());
            } catch (RuntimeException e) {
                abandoned = true; // no interpreter: let the pool start a fresh worker
                pool.replace(this);
            }
        }
        task.finish(value, failure);
    }

    /** A MemoryError raised in the function: after a refused allocation, the query's limit. */
    private static boolean isMemoryError(UdfException failure) {
        return failure.reason() == UdfException.Reason.PYTHON_ERROR && "MemoryError".equals(failure.pythonType());
    }
}
