package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call submitted to an {@link InterpreterPool}: wait for its result, or cancel it.
 *
 * <p>When its deadline passes (or {@link #cancel} is called), the running Python code is
 * interrupted; {@link #get} then throws a {@link UdfException} with reason TIMEOUT (or CANCELLED)
 * once Python has let go of the batch, or after the pool's cancel grace, when the interpreter
 * that ignored the interruption is abandoned and replaced. An abandoned call keeps its own
 * reference to the batch's buffers until its Python code really returns, so the caller may close
 * its vectors either way (its allocator counts that memory until then).
 *
 * <p>A cancel is never lost: one that arrives before the call reaches Python stops it there.
 *
 * @param <T> the result type
 */
public final class PendingCall<T> {
    private final CallStopper pool;
    private final Task<T> task;
    private final long deadlineNanos;
    private final String functionName;

    PendingCall(CallStopper pool, Task<T> task, Duration timeout, String functionName) {
        this.pool = pool;
        this.task = task;
        this.deadlineNanos = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        this.functionName = functionName;
    }

    /** Waits for the result; the caller owns it (a result vector must be closed). */
    public T get() {
        try {
            long remaining = deadlineNanos - System.nanoTime();
            if (deadlineNanos == Long.MAX_VALUE) {
                return task.result.get();
            }
            return task.result.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return stop(UdfException.Reason.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(UdfException.Reason.CANCELLED);
            throw new UdfException(
                    UdfException.Reason.CANCELLED,
                    functionName,
                    "interrupted while waiting for Python function " + functionName);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** Cancels the call; {@link #get} then fails with reason CANCELLED unless it had already finished. */
    public void cancel() {
        try {
            stop(UdfException.Reason.CANCELLED);
        } catch (UdfException e) {
            // get() reports it
        }
    }

    /**
     * Waits up to {@code timeout} for the call to finish, without consuming its result; true once it
     * has (then {@link #get} returns or throws at once). Lets a caller poll its own cancellation flag.
     */
    public boolean await(Duration timeout) {
        try {
            task.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isDone() {
        return task.result.isDone();
    }

    /**
     * Runs {@code action} once the call has finished (at once if it has): on the thread that
     * finished it, so the action must be short and must not throw (e.g. waking a waiting caller).
     */
    public void whenDone(Runnable action) {
        task.result.whenComplete((value, failure) -> action.run());
    }

    private T stop(UdfException.Reason reason) {
        pool.stop(task, reason, functionName);
        try {
            return task.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UdfException(reason, functionName, "interrupted while stopping Python function " + functionName);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (CancellationException e) {
            throw new UdfException(reason, functionName, "call of Python function " + functionName + " was cancelled");
        }
    }

    private UdfException unwrap(ExecutionException e) {
        if (e.getCause() instanceof UdfException udf) {
            // Rethrown on the caller's thread: keep the worker's stack as the cause for debugging.
            return new UdfException(
                    udf.reason(),
                    udf.functionName(),
                    udf.row(),
                    udf.pythonType(),
                    udf.pythonMessage(),
                    udf.pythonTraceback(),
                    udf.getMessage(),
                    udf);
        }
        return new UdfException(
                UdfException.Reason.INTERNAL,
                functionName,
                "call of Python function " + functionName + " failed: " + e.getCause(),
                e.getCause());
    }
}
