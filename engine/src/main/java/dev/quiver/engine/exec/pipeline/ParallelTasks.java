package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.exec.ExecutionContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread and the query's idle worker threads: the parallel
 * part of a sink's {@code finish} (a hash join's table), which runs when every worker thread of the
 * pipeline is done and would otherwise leave all but one core idle.
 *
 * <p>The calling thread takes tasks too, and helpers that have not started when the tasks run out
 * never take one, so the call finishes even when no worker thread is free (another query holds
 * them, or the caller is itself the pool's only thread). Each task is taken once, by whichever
 * thread asks first. A failure stops the others at their next task and is rethrown to the caller;
 * a cancelled query stops at the next task with CANCELLED. Every helper that took a task has
 * finished before the call returns, so what the tasks wrote is visible to the caller.
 */
final class ParallelTasks {
    private final ExecutorService workers;
    private final int threads;

    /** Tasks on {@code workers}, at most {@code threads} threads at a time (the caller included). */
    ParallelTasks(ExecutorService workers, int threads) {
        this.workers = workers;
        this.threads = threads;
    }

    /** Runs {@code task} for every number in [0, count) and returns when all have run; rethrows a task's failure. */
    void run(int count, IntConsumer task, ExecutionContext context) {
        Run run = new Run(count, task, context);
        int helpers = workers == null ? 0 : Math.min(threads, count) - 1;
        for (int helper = 0; helper < helpers; helper++) {
            try {
                workers.execute(run::help);
            } catch (RejectedExecutionException e) {
                break; // the pool is shutting down: the caller does the work alone
            }
        }
        run.work();
        run.awaitHelpers();
    }

    /** One call's tasks: the next number to take, the helpers inside, the first failure. */
    private static final class Run {
        private final int count;
        /** Cleared once the call returns: a helper still queued behind another query's work must not keep it alive. */
        private IntConsumer task;

        private final ExecutionContext context;
        private final AtomicInteger next = new AtomicInteger();
        /** Helpers that started before the caller finished; guarded by {@code this}. */
        private int active;
        /** Set once the caller ran out of tasks: later helpers leave at once. Guarded by {@code this}. */
        private boolean closed;
        /** The first failure; guarded by {@code this}. */
        private Throwable failure;

        Run(int count, IntConsumer task, ExecutionContext context) {
            this.count = count;
            this.task = task;
            this.context = context;
        }

        void help() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                active++;
            }
            try {
                work();
            } finally {
                synchronized (this) {
                    active--;
                    notifyAll();
                }
            }
        }

        void work() {
            try {
                for (int index = next.getAndIncrement(); index < count; index = next.getAndIncrement()) {
                    context.checkCancelled();
                    task.accept(index);
                }
            } catch (Throwable t) {
                next.set(count); // the other threads take no further task
                synchronized (this) {
                    if (failure == null) {
                        failure = t;
                    } else {
                        failure.addSuppressed(t);
                    }
                }
            }
        }

        /** Waits for the helpers that took tasks, then rethrows the first failure. */
        void awaitHelpers() {
            boolean interrupted = false;
            Throwable first;
            synchronized (this) {
                closed = true;
                while (active > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // the helpers' tasks still use memory the caller frees: let them stop first
                        interrupted = true;
                        context.cancel();
                    }
                }
                first = failure;
                task = null; // no helper is inside work(), and none will enter it
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            switch (first) {
                case null -> {}
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(first);
            }
        }
    }
}
