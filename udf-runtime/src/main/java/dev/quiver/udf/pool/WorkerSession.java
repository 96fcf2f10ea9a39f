package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.Interruptor;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.cpython.RuntimeReply;
import dev.quiver.udf.cpython.SubInterpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One sub-interpreter's life on a worker thread, with the interrupter thread that can cancel it and
 * the functions already compiled in it.
 *
 * <p>THREAD CONFINEMENT: created, used and ended on the worker's thread, except
 * {@link #interrupt}, which only posts a request to the interrupter thread.
 */
final class WorkerSession {
    private static final long CLOSE = 0;
    private static final long STACK_SIZE = 8L << 20; // CPython 3.13 overflows 1 MB stacks on deep recursion
    /** How long threads a function started may take to finish when the interpreter ends. */
    static final long THREAD_GRACE_MILLIS = 1_000;

    final SubInterpreter interpreter;
    private final Set<Integer> defined = new HashSet<>();
    private final LinkedBlockingQueue<Long> interruptRequests = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> interrupterReady = new CompletableFuture<>();
    private final CompletableFuture<Void> interrupterClosed = new CompletableFuture<>();
    private final long createNanos;
    private final String name;

    /** Function versions the pool no longer needs; shared by every worker of the pool. */
    private final Set<Integer> retired;
    /** {@code sys.path} as the installation's own python sees it (a virtual environment's included). */
    private final List<String> installationPath;
    /** The package path this interpreter's sys.path was last built with; null before the first. */
    private List<Path> appliedPythonPath;

    WorkerSession(PythonRuntime runtime, PoolOptions options, String name, Set<Integer> retired) {
        this.retired = retired;
        this.name = name;
        this.installationPath = runtime.installation().searchPath();
        long start = System.nanoTime();
        this.interpreter = SubInterpreter.create(runtime, options.isolation());
        this.createNanos = System.nanoTime() - start;
        Thread.ofPlatform()
                .name(name + "-interrupter")
                .daemon(true)
                .stackSize(STACK_SIZE)
                .start(this::serveInterrupts);
        try {
            interrupterReady.get();
        } catch (InterruptedException | ExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            interpreter.end();
            throw new UdfException(UdfException.Reason.POOL_UNAVAILABLE, null, "interrupter thread failed to start", e);
        }
    }

    long createNanos() {
        return createNanos;
    }

    /**
     * Makes this interpreter's {@code sys.path} the package path {@code pythonPath} followed by the
     * installation's own entries, unless it already is (the pool hands every worker the same list
     * object until the path changes). On the worker thread, between calls.
     */
    void usePythonPath(List<Path> pythonPath) {
        if (pythonPath == appliedPythonPath) {
            return;
        }
        List<String> entries = new ArrayList<>();
        pythonPath.forEach(entry -> entries.add(entry.toString()));
        entries.addAll(installationPath);
        RuntimeReply reply = interpreter.call(0, "set_path", null, String.join("\0", entries));
        if (!reply.isOk()) {
            throw new UdfException(
                    UdfException.Reason.INTERNAL,
                    null,
                    "setting sys.path failed (a bug): " + reply.pythonType() + ": " + reply.message());
        }
        appliedPythonPath = pythonPath;
    }

    /**
     * Compiles the function in this interpreter unless this version already is.
     *
     * @param callId the task's call id, so module-level code that loops can be interrupted too
     */
    RuntimeReply ensureDefined(RegisteredFunction function, long callId) {
        forgetRetired(callId);
        if (defined.contains(function.id())) {
            return null;
        }
        RuntimeReply reply = interpreter.call(
                callId,
                "define",
                null,
                function.id(),
                function.specJson(),
                function.definition().source());
        if (reply.isOk()) {
            defined.add(function.id());
        }
        return reply;
    }

    /**
     * Drops the compiled versions of released functions from this interpreter, so that replacing
     * or dropping functions does not keep their modules alive. A version still in use by a query
     * that was planned before is simply compiled again when its next batch arrives.
     */
    private void forgetRetired(long callId) {
        if (retired.isEmpty() || defined.isEmpty()) {
            return;
        }
        for (var ids = defined.iterator(); ids.hasNext(); ) {
            int id = ids.next();
            if (retired.contains(id)) {
                interpreter.call(callId, "forget", null, id);
                ids.remove();
            }
        }
    }

    /**
     * Cancels {@code callId}: marks it so that it never starts running Python, and asks the
     * interrupter thread to stop it if it already does. Any thread.
     */
    void interrupt(long callId) {
        interpreter.cancel(callId);
        interruptRequests.add(callId);
    }

    /**
     * Closes the interrupter's thread state, then ends the interpreter. On the worker thread.
     *
     * <p>Ending an interpreter waits for every non-daemon thread its functions started, forever if
     * one never ends. So threads get a short grace first; if some still run, the interpreter is
     * left running (Python is then not finalized at exit) and a log line names the functions.
     */
    void end() {
        String lingering = lingeringThreads();
        interruptRequests.add(CLOSE);
        try {
            interrupterClosed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // ending now could abort the process ("not the last thread"); leak instead
        } catch (ExecutionException e) {
            return;
        }
        if (!lingering.isEmpty()) {
            System.err.println("quiver: " + name + ": Python " + lingering + " still running "
                    + THREAD_GRACE_MILLIS + " ms after its interpreter was asked to end; the interpreter is left "
                    + "running (ending it would wait for the thread forever) and Python will not be finalized at exit");
            return;
        }
        interpreter.end();
    }

    /** The threads functions left running after the grace, described; empty when none. */
    private String lingeringThreads() {
        try {
            RuntimeReply reply = interpreter.call(0, "lingering_threads", null, THREAD_GRACE_MILLIS);
            return reply.isOk() ? reply.message() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void serveInterrupts() {
        Interruptor interruptor;
        try {
            interruptor = Interruptor.create(interpreter);
            interrupterReady.complete(null);
        } catch (RuntimeException e) {
            interrupterReady.completeExceptionally(e);
            return;
        }
        try {
            while (true) {
                long callId = interruptRequests.take();
                if (callId == CLOSE) {
                    break;
                }
                interruptor.interrupt(callId);
            }
            interruptor.close();
            interrupterClosed.complete(null);
        } catch (InterruptedException | RuntimeException e) {
            interrupterClosed.completeExceptionally(e);
        }
    }
}
