package dev.quiver.udf.cpython;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.quiver.udf.UdfException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CPython sub-interpreter, confined for its whole life to the platform thread that created it.
 *
 * <p>THREAD CONFINEMENT: {@link #create}, every call and {@link #end} must happen on the same thread;
 * each public method checks it. Between calls the interpreter's GIL is released
 * ({@code PyEval_SaveThread}); each call takes it back ({@code PyEval_RestoreThread}) and releases it
 * before returning. Java keeps no PyObject across calls: every object a call creates or receives
 * is released before it returns.
 *
 * <p>Before any user code, the interpreter executes Quiver's runtime module
 * ({@code quiver_runtime.py}, as {@code _quiver_runtime}), which installs the per-version import
 * blocker and the batch protocol.
 */
public final class SubInterpreter {
    private static final String RUNTIME_MODULE = "_quiver_runtime";
    /**
     * The runtime's entry points, resolved once when the interpreter starts and held until it ends:
     * a function that rebinds {@code builtins.__import__} or edits {@code sys.modules} cannot
     * change what Quiver calls (looking them up per call went through both).
     */
    private static final List<String> RUNTIME_OBJECTS = List.of(
            "define",
            "forget",
            "run_batch",
            "describe",
            "interrupt",
            "QuiverCancelled",
            "lingering_threads",
            "restore",
            "WATCHED",
            "agg_accumulate",
            "agg_export",
            "agg_merge_finish",
            "agg_window",
            "agg_free",
            "agg_live_tokens",
            "set_path",
            "tf_start",
            "tf_next",
            "tf_free",
            "tf_live_runs");
    /** {@code int (*)(PyDict_WatchEvent, PyObject *dict, PyObject *key, PyObject *new_value)}. */
    private static final FunctionDescriptor WATCH_CALLBACK =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);

    private static final MethodHandle DICT_CHANGED;

    static {
        try {
            DICT_CHANGED = MethodHandles.lookup()
                    .findStatic(
                            SubInterpreter.class,
                            "dictChanged",
                            MethodType.methodType(
                                    int.class,
                                    MemorySegment.class,
                                    int.class,
                                    MemorySegment.class,
                                    MemorySegment.class,
                                    MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Backs zero-length buffers: PyMemoryView_FromMemory wants a real address. */
    private static final MemorySegment EMPTY = Arena.global().allocate(16, 16);

    private final PythonRuntime runtime;
    private final LibPython lib;
    private final Thread owner;
    private final MemorySegment interpreterState;
    private final long threadIdent;
    private final long nativeThreadId;
    private final Isolation isolation;
    private final Map<String, MemorySegment> runtimeObjects = new HashMap<>();
    /** What this interpreter's thread allocates through CPython; null when counting is off. */
    private final PythonMemoryAccounting.MemoryCounter memoryCounter;
    /**
     * Set to 1 by CPython (through {@link #dictChanged}) when a function changes one of the shared
     * namespaces the runtime guards (builtins, sys.modules, sys, os, signal...): only then is the
     * runtime's full check run. Lives in {@link #watchArena} with the callback stub.
     */
    private final Arena watchArena = Arena.ofShared();

    private final MemorySegment namespacesChanged = watchArena.allocate(JAVA_INT);
    private int watcherId = -1;
    private MemorySegment threadState;
    private boolean ended;
    private boolean poisoned;
    /** The call now running, or 0. Written only with this interpreter's GIL held (see {@link Interruptor}). */
    private volatile long runningCallId;
    /** The last call {@link #cancel} was asked to stop; any thread writes it. */
    private volatile long cancelledCallId;

    private SubInterpreter(
            PythonRuntime runtime,
            Isolation isolation,
            MemorySegment threadState,
            PythonMemoryAccounting.MemoryCounter memoryCounter) {
        this.runtime = runtime;
        this.memoryCounter = memoryCounter;
        this.lib = runtime.lib();
        this.owner = Thread.currentThread();
        this.isolation = isolation;
        this.threadState = threadState;
        this.interpreterState = lib.threadStateGetInterpreter(threadState);
        this.threadIdent = lib.threadGetThreadIdent();
        this.nativeThreadId = lib.threadGetNativeId();
    }

    /**
     * Creates a sub-interpreter owned by the calling thread, which must be a platform thread with a
     * stack of 8 MB or more (deep recursion in CPython 3.13 overflows smaller ones).
     *
     * @throws UdfException when CPython refuses, or the runtime module fails to load
     */
    public static SubInterpreter create(PythonRuntime runtime, Isolation isolation) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("sub-interpreters must be owned by platform threads, not virtual threads");
        }
        LibPython lib = runtime.lib();
        MemorySegment threadState;
        // Bound first, so the counter also holds what creating the interpreter allocates.
        PythonMemoryAccounting.MemoryCounter counter =
                runtime.memoryAccounting().bindCurrentThread();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(CPythonLayout.INTERPRETER_CONFIG_SIZE, 4);
            int[] fields = isolation.interpreterConfig();
            for (int index = 0; index < fields.length; index++) {
                config.setAtIndex(JAVA_INT, index, fields[index]);
            }
            MemorySegment threadStateOut = arena.allocate(ADDRESS);
            MemorySegment status = lib.newInterpreterFromConfig(arena, threadStateOut, config);
            PythonRuntime.checkStatus(status, "Py_NewInterpreterFromConfig");
            threadState = threadStateOut.get(ADDRESS, 0);
        } catch (RuntimeException e) {
            unbind(counter);
            throw e;
        }
        runtime.interpreterStarted();
        // The new interpreter's thread state is current and its GIL held.
        SubInterpreter interpreter = new SubInterpreter(runtime, isolation, threadState, counter);
        try {
            interpreter.loadRuntimeModule();
        } catch (RuntimeException e) {
            lib.endInterpreter(threadState);
            runtime.interpreterEnded();
            unbind(counter);
            throw e;
        }
        try {
            interpreter.watchNamespaces();
        } catch (RuntimeException e) {
            interpreter.releaseRuntimeObjects();
            lib.endInterpreter(threadState);
            runtime.interpreterEnded();
            unbind(counter);
            throw e;
        }
        interpreter.threadState = lib.evalSaveThread();
        return interpreter;
    }

    private void loadRuntimeModule() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = lib.compileString(
                    arena.allocateFrom(runtime.runtimeSource()),
                    arena.allocateFrom("<quiver_runtime>"),
                    LibPython.PY_FILE_INPUT);
            MemorySegment module = code.equals(MemorySegment.NULL)
                    ? MemorySegment.NULL
                    : lib.importExecCodeModule(arena.allocateFrom(RUNTIME_MODULE), code);
            lib.decRef(code);
            if (module.equals(MemorySegment.NULL)) {
                throw new UdfException(
                        UdfException.Reason.INTERNAL,
                        null,
                        "Quiver's Python runtime module failed to load (a bug): " + takeErrorText());
            }
            try {
                for (String name : RUNTIME_OBJECTS) {
                    MemorySegment attribute = lib.getAttrString(module, arena.allocateFrom(name));
                    if (attribute.equals(MemorySegment.NULL)) {
                        throw internal("runtime module has no " + name + ": " + takeErrorText());
                    }
                    runtimeObjects.put(name, attribute);
                }
            } catch (RuntimeException e) {
                releaseRuntimeObjects();
                throw e;
            } finally {
                lib.decRef(module);
            }
        }
    }

    /**
     * Registers a dict watcher on the namespaces the runtime guards, so that the per-call check for a
     * function having changed them is one int read in Java instead of comparing ~300 entries in
     * Python. The GIL must be held.
     */
    private void watchNamespaces() {
        MemorySegment callback = Linker.nativeLinker()
                .upcallStub(
                        MethodHandles.insertArguments(DICT_CHANGED, 0, namespacesChanged), WATCH_CALLBACK, watchArena);
        watcherId = lib.dictAddWatcher(callback);
        if (watcherId < 0) {
            lib.errClear();
            throw internal("PyDict_AddWatcher failed");
        }
        MemorySegment watched = runtimeObject("WATCHED");
        long count = lib.tupleSize(watched);
        for (long index = 0; index < count; index++) {
            if (lib.dictWatch(watcherId, lib.tupleGetItem(watched, index)) != 0) {
                lib.errClear();
                throw internal("PyDict_Watch failed");
            }
        }
    }

    /**
     * The watcher callback: CPython calls it, with the interpreter's GIL held, on whatever thread
     * changes a watched namespace (a function's own thread too). Must not fail: it only sets a flag.
     */
    private static int dictChanged(
            MemorySegment flag, int event, MemorySegment dict, MemorySegment key, MemorySegment newValue) {
        flag.set(JAVA_INT, 0, 1);
        return 0;
    }

    /** Runs the runtime's full check if a watched namespace changed since the last one. GIL held. */
    private void restoreIfChanged(Arena arena) {
        if (namespacesChanged.get(JAVA_INT, 0) == 0) {
            return;
        }
        MemorySegment result = lib.vectorcall(runtimeObject("restore"), arena.allocate(ADDRESS), 0);
        lib.decRef(result);
        lib.errClear();
        // Cleared after: the check itself may write to a watched namespace (putting things back).
        namespacesChanged.set(JAVA_INT, 0, 0);
    }

    public Isolation isolation() {
        return isolation;
    }

    /**
     * Gives the owner thread the lowest CPU priority, for an interpreter abandoned while stuck in
     * a C call: it still runs to the end of that call, but yields the cores to everything else.
     * Any thread. Returns whether it took effect (Linux only).
     */
    public boolean lowerPriority() {
        return ThreadPriority.lowest(nativeThreadId);
    }

    /** The owner thread's operating-system id (a Linux TID). */
    public long nativeThreadId() {
        return nativeThreadId;
    }

    /** True once a call found escaped views: the interpreter must be ended and replaced. */
    public boolean isPoisoned() {
        return poisoned;
    }

    /**
     * Calls {@code _quiver_runtime.<function>(*arguments)} and reads its reply tuple.
     *
     * <p>Arguments may be {@code Long}, {@code Integer}, {@code String} or {@code NativeBuffer[]}
     * (a tuple of memoryviews over that memory, {@code null} entries becoming {@code None}). The
     * views are checked after the call: if Python still holds a view derived from one (a slice a UDF
     * kept), the reply becomes {@link RuntimeReply.Status#ESCAPED_VIEW} and the interpreter is
     * poisoned, because such a view would read freed memory once the caller releases the batch.
     *
     * @param callId non-zero to make the call interruptible through {@link Interruptor#interrupt}
     * @param sink   receives the reply's bytes payloads (success replies only); may be null
     */
    public RuntimeReply call(long callId, String function, ReplySink sink, Object... arguments) {
        checkOwner();
        lib.evalRestoreThread(threadState);
        List<MemorySegment> views = new ArrayList<>();
        List<MemorySegment> owned = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callable = runtimeObject(function);
            restoreIfChanged(arena); // a function's background thread may have changed them since
            MemorySegment argv = arena.allocate(ADDRESS, Math.max(1, arguments.length));
            for (int index = 0; index < arguments.length; index++) {
                MemorySegment argument = toPython(arena, arguments[index], views);
                owned.add(argument);
                argv.setAtIndex(ADDRESS, index, argument);
            }
            MemorySegment result;
            runningCallId = callId;
            // A cancel that came before runningCallId was set found nothing to interrupt: honour it
            // here. (cancel() writes the flag before the Interruptor reads runningCallId, and this
            // thread writes runningCallId before reading the flag, so one of the two sees the other.)
            if (callId != 0 && cancelledCallId == callId) {
                runningCallId = 0;
                return new RuntimeReply(
                        RuntimeReply.Status.CANCELLED, -1, "QuiverCancelled", "cancelled before it started", "");
            }
            try {
                result = lib.vectorcall(callable, argv, arguments.length);
            } finally {
                runningCallId = 0;
                // A cancel that raced with the end of the call must not hit the next one.
                lib.threadStateSetAsyncExc(threadIdent, MemorySegment.NULL);
            }
            owned.add(result);
            RuntimeReply reply =
                    result.equals(MemorySegment.NULL) ? describeRaised(arena) : readReply(arena, result, sink);
            restoreIfChanged(arena);
            if (countEscapedViews(views) > 0) {
                poisoned = true;
                return new RuntimeReply(RuntimeReply.Status.ESCAPED_VIEW, -1, "BufferError", "", "");
            }
            if (reply.status() == RuntimeReply.Status.ESCAPED_VIEW) {
                poisoned = true;
            }
            releaseViews(arena, views);
            return reply;
        } finally {
            for (MemorySegment object : owned) {
                lib.decRef(object);
            }
            lib.errClear();
            threadState = lib.evalSaveThread();
        }
    }

    /**
     * Marks call {@code callId} as cancelled, from any thread: if it has not reached Python yet, it
     * returns {@link RuntimeReply.Status#CANCELLED} without running. A call already running is
     * stopped by an {@link Interruptor}; callers do both, this first.
     */
    public void cancel(long callId) {
        cancelledCallId = callId;
    }

    /** Ends the interpreter on its own thread. Every {@link Interruptor} of it must be closed first. */
    public void end() {
        checkOwner();
        if (ended) {
            return;
        }
        ended = true;
        lib.evalRestoreThread(threadState);
        if (watcherId >= 0) {
            lib.dictClearWatcher(watcherId); // no callbacks while the interpreter's dicts are torn down
            lib.errClear();
        }
        releaseRuntimeObjects();
        lib.endInterpreter(threadState);
        watchArena.close();
        runtime.interpreterEnded();
        unbind(memoryCounter);
    }

    private static void unbind(PythonMemoryAccounting.MemoryCounter counter) {
        if (counter != null) {
            counter.unbind();
        }
    }

    /**
     * What this interpreter's thread allocated through CPython and still holds, with the limit
     * that refuses big allocations; null when counting is off ({@link PythonMemoryAccounting}).
     * Read from any thread; the limit is set on the owner thread only.
     */
    public PythonMemoryAccounting.MemoryCounter memoryCounter() {
        return memoryCounter;
    }

    public boolean isEnded() {
        return ended;
    }

    MemorySegment interpreterState() {
        return interpreterState;
    }

    long threadIdent() {
        return threadIdent;
    }

    long runningCallId() {
        return runningCallId;
    }

    LibPython lib() {
        return lib;
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("sub-interpreter owned by thread '" + owner.getName()
                    + "' used from thread '" + Thread.currentThread().getName() + "' (a bug in the caller)");
        }
        if (ended) {
            throw new IllegalStateException("sub-interpreter already ended");
        }
    }

    /**
     * A borrowed reference to one of the runtime's entry points, valid until {@link #end}; any
     * thread holding this interpreter's GIL may use it.
     */
    MemorySegment runtimeObject(String name) {
        MemorySegment object = runtimeObjects.get(name);
        if (object == null) {
            throw internal("runtime object " + name + " was not resolved");
        }
        return object;
    }

    /** Drops the references to the runtime's entry points; the GIL must be held. */
    private void releaseRuntimeObjects() {
        runtimeObjects.values().forEach(lib::decRef);
        runtimeObjects.clear();
    }

    private MemorySegment toPython(Arena arena, Object argument, List<MemorySegment> views) {
        MemorySegment object = switch (argument) {
            case Long value -> lib.longFromLong(value);
            case Integer value -> lib.longFromLong(value);
            case String value -> {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                MemorySegment text = arena.allocate(Math.max(1, utf8.length));
                MemorySegment.copy(utf8, 0, text, JAVA_BYTE, 0, utf8.length);
                yield lib.unicodeFromStringAndSize(text, utf8.length);
            }
            case NativeBuffer[] buffers -> bufferTuple(buffers, views);
            default -> throw new IllegalArgumentException("cannot pass " + argument.getClass() + " to Python");
        };
        if (object.equals(MemorySegment.NULL)) {
            throw internal("creating a Python argument failed: " + takeErrorText());
        }
        return object;
    }

    private MemorySegment bufferTuple(NativeBuffer[] buffers, List<MemorySegment> views) {
        MemorySegment tuple = lib.tupleNew(buffers.length);
        for (int index = 0; index < buffers.length; index++) {
            NativeBuffer buffer = buffers[index];
            MemorySegment item;
            if (buffer == null) {
                item = lib.none();
                lib.incRef(item);
            } else {
                MemorySegment memory = buffer.length() == 0 ? EMPTY : MemorySegment.ofAddress(buffer.address());
                int flags = buffer.writable() ? LibPython.PY_BUF_WRITE : LibPython.PY_BUF_READ;
                item = lib.memoryViewFromMemory(memory, buffer.length(), flags);
                if (item.equals(MemorySegment.NULL)) {
                    lib.decRef(tuple);
                    throw internal("PyMemoryView_FromMemory failed: " + takeErrorText());
                }
                views.add(item);
            }
            lib.tupleSetItem(tuple, index, item); // steals item; the tuple keeps the view alive
        }
        return tuple;
    }

    /**
     * How many raw views still have other views registered on their managed buffer. Each raw view
     * counts itself once in {@code _PyManagedBufferObject.exports}; anything above 1 is a slice or
     * cast that outlived the call.
     */
    private int countEscapedViews(List<MemorySegment> views) {
        CPythonLayout layout = runtime.layout();
        int escaped = 0;
        for (MemorySegment view : views) {
            MemorySegment object = view.reinterpret(layout.memoryViewMbuf() + ADDRESS.byteSize());
            MemorySegment managedBuffer = object.get(ADDRESS, layout.memoryViewMbuf())
                    .reinterpret(layout.managedExports() + JAVA_LONG.byteSize());
            if (managedBuffer.get(JAVA_LONG, layout.managedExports()) != 1) {
                escaped++;
            }
        }
        return escaped;
    }

    /** Releases the raw views so nothing that still references them can read the memory. */
    private void releaseViews(Arena arena, List<MemorySegment> views) {
        MemorySegment name = arena.allocateFrom("release");
        for (MemorySegment view : views) {
            MemorySegment release = lib.getAttrString(view, name);
            MemorySegment result = release.equals(MemorySegment.NULL)
                    ? MemorySegment.NULL
                    : lib.vectorcall(release, arena.allocate(ADDRESS), 0);
            if (result.equals(MemorySegment.NULL)) {
                poisoned = true; // something holds a buffer exported by the raw view itself
                lib.errClear();
            }
            lib.decRef(result);
            lib.decRef(release);
        }
    }

    private RuntimeReply readReply(Arena arena, MemorySegment tuple, ReplySink sink) {
        long size = lib.tupleSize(tuple);
        if (size < 5) {
            lib.errClear();
            throw internal("runtime reply has " + size + " items");
        }
        RuntimeReply.Status status = RuntimeReply.Status.of(lib.longAsLong(lib.tupleGetItem(tuple, 0)));
        long row = lib.longAsLong(lib.tupleGetItem(tuple, 1));
        // A failure tied to a row may carry that row's argument values as a sixth item.
        String arguments = status != RuntimeReply.Status.OK && size > 5 ? utf8(arena, lib.tupleGetItem(tuple, 5)) : "";
        RuntimeReply reply = new RuntimeReply(
                status,
                row,
                utf8(arena, lib.tupleGetItem(tuple, 2)),
                utf8(arena, lib.tupleGetItem(tuple, 3)),
                utf8(arena, lib.tupleGetItem(tuple, 4)),
                arguments);
        if (status == RuntimeReply.Status.OK && sink != null) {
            int slots = (int) (size - 5);
            long[] addresses = new long[slots];
            long[] lengths = new long[slots];
            MemorySegment bufferOut = arena.allocate(ADDRESS);
            MemorySegment lengthOut = arena.allocate(JAVA_LONG);
            for (int slot = 0; slot < slots; slot++) {
                MemorySegment item = lib.tupleGetItem(tuple, slot + 5);
                if (item.equals(lib.none())) {
                    continue;
                }
                if (lib.bytesAsStringAndSize(item, bufferOut, lengthOut) != 0) {
                    throw internal("runtime reply payload " + slot + " is not bytes: " + takeErrorText());
                }
                addresses[slot] = bufferOut.get(ADDRESS, 0).address();
                lengths[slot] = lengthOut.get(JAVA_LONG, 0);
            }
            sink.accept(addresses, lengths);
        }
        return reply;
    }

    /** The reply for an exception that escaped the runtime entry point, via {@code describe(exc)}. */
    private RuntimeReply describeRaised(Arena arena) {
        MemorySegment exception = lib.errGetRaisedException();
        if (exception.equals(MemorySegment.NULL)) {
            return new RuntimeReply(
                    RuntimeReply.Status.INTERNAL_ERROR,
                    -1,
                    "SystemError",
                    "the runtime returned NULL without an exception",
                    "");
        }
        MemorySegment argv = arena.allocate(ADDRESS);
        argv.set(ADDRESS, 0, exception);
        MemorySegment described = lib.vectorcall(runtimeObject("describe"), argv, 1);
        try {
            if (described.equals(MemorySegment.NULL)) {
                lib.errClear();
                return new RuntimeReply(
                        RuntimeReply.Status.INTERNAL_ERROR,
                        -1,
                        "SystemError",
                        "describing an exception failed: " + text(arena, exception),
                        "");
            }
            return readReply(arena, described, null);
        } finally {
            lib.decRef(described);
            lib.decRef(exception);
        }
    }

    /** Takes the pending Python exception and returns its text. */
    private String takeErrorText() {
        MemorySegment exception = lib.errGetRaisedException();
        if (exception.equals(MemorySegment.NULL)) {
            return "(no Python exception set)";
        }
        try (Arena arena = Arena.ofConfined()) {
            return text(arena, exception);
        } finally {
            lib.decRef(exception);
        }
    }

    private String text(Arena arena, MemorySegment object) {
        MemorySegment string = lib.str(object);
        try {
            return string.equals(MemorySegment.NULL) ? "(unprintable)" : utf8(arena, string);
        } finally {
            lib.decRef(string);
            lib.errClear();
        }
    }

    private String utf8(Arena arena, MemorySegment unicode) {
        MemorySegment sizeOut = arena.allocate(JAVA_LONG);
        MemorySegment data = lib.unicodeAsUtf8AndSize(unicode, sizeOut);
        if (data.equals(MemorySegment.NULL)) {
            lib.errClear();
            return "(not text)";
        }
        long length = sizeOut.get(JAVA_LONG, 0);
        return new String(data.reinterpret(length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static UdfException internal(String message) {
        return new UdfException(
                UdfException.Reason.INTERNAL, null, "Python runtime: " + message + " (a bug in Quiver)");
    }
}
