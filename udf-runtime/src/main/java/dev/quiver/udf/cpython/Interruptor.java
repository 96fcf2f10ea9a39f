package dev.quiver.udf.cpython;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Interrupts the Python code running in one {@link SubInterpreter}, from another thread.
 *
 * <p>How it works: the interruptor owns a second thread state of the target interpreter, created
 * on — and only ever used on — the interruptor's own thread. {@link #interrupt} takes the target
 * interpreter's GIL with it (the busy worker yields the GIL at its next eval-breaker check, within
 * ~0.5 ms since the runtime lowers the switch interval), and, only if the same call is still
 * running, wakes any {@code time.sleep} (the runtime replaced it with an interruptible wait) and
 * raises {@code QuiverCancelled} in the worker with {@code PyThreadState_SetAsyncExc}. The worker
 * sees it between two bytecodes. Long loops inside one C call ({@code sum(range(10**12))}) are not
 * interruptible this way; the pool abandons such an interpreter after a grace period.
 *
 * <p>THREAD CONFINEMENT: create, use and {@link #close} on one thread. Close it before the target
 * interpreter ends: CPython aborts the process when an interpreter ends with another thread state.
 */
public final class Interruptor {
    private final SubInterpreter target;
    private final LibPython lib;
    private final Thread owner;
    private MemorySegment threadState;

    private Interruptor(SubInterpreter target) {
        this.target = target;
        this.lib = target.lib();
        this.owner = Thread.currentThread();
        this.threadState = lib.threadStateNew(target.interpreterState());
        if (threadState.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("PyThreadState_New failed");
        }
    }

    /** Creates an interruptor for {@code target}, owned by the calling thread. */
    public static Interruptor create(SubInterpreter target) {
        return new Interruptor(target);
    }

    /**
     * Interrupts call {@code callId} if it is still running. Blocks until the target's GIL is free,
     * which can take as long as the running UDF stays inside one C call.
     *
     * @return whether the call was still running and got the cancel
     */
    public boolean interrupt(long callId) {
        checkOwner();
        lib.evalRestoreThread(threadState);
        try (Arena arena = Arena.ofConfined()) {
            // runningCallId only changes while its writer holds this GIL, which we now hold.
            if (target.runningCallId() != callId) {
                return false;
            }
            MemorySegment woken = lib.vectorcall(target.runtimeObject("interrupt"), arena.allocate(8), 0);
            lib.decRef(woken);
            lib.errClear();
            MemorySegment cancelled = target.runtimeObject("QuiverCancelled");
            // interrupt() above ran Python code, which may have let the GIL go and the call end:
            // check again, with no Python code between this check and setting the exception.
            int threads =
                    target.runningCallId() == callId ? lib.threadStateSetAsyncExc(target.threadIdent(), cancelled) : 0;
            lib.errClear();
            return threads > 0;
        } finally {
            threadState = lib.evalSaveThread();
        }
    }

    /** Deletes this interruptor's thread state. */
    public void close() {
        if (threadState == null) {
            return;
        }
        checkOwner();
        lib.evalRestoreThread(threadState);
        lib.threadStateClear(threadState);
        lib.threadStateDeleteCurrent(); // also releases the GIL
        threadState = null;
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("interruptor used from thread '"
                    + Thread.currentThread().getName() + "', owned by '" + owner.getName() + "' (a bug in the caller)");
        }
        if (threadState == null) {
            throw new IllegalStateException("interruptor already closed");
        }
    }
}
