package dev.quiver.udf.cpython;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The downcall handles into libpython: the only place that names CPython's C API.
 *
 * <p>Every method is a thin {@code invokeExact} wrapper; none checks the thread or the GIL — callers
 * ({@link PythonRuntime}, {@link SubInterpreter}, {@link Interruptor}) own those rules. CPython
 * macros that FFM cannot call are replaced by their exported twins ({@code Py_DecRef} for
 * {@code Py_DECREF}, {@code _Py_NoneStruct} for {@code Py_None}).
 */
final class LibPython {
    /** {@code PyStatus}: int _type; const char *func; const char *err_msg; int exitcode — 32 bytes. */
    static final StructLayout PY_STATUS = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("func"), ADDRESS.withName("err_msg"),
            JAVA_INT.withName("exitcode"), MemoryLayout.paddingLayout(4));
    /** {@code Py_file_input}: compile a module's worth of statements. */
    static final int PY_FILE_INPUT = 257;
    /** {@code PyBUF_READ} and {@code PyBUF_WRITE} for {@code PyMemoryView_FromMemory}. */
    static final int PY_BUF_READ = 0x100;

    static final int PY_BUF_WRITE = 0x200;
    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_GLOBAL = 0x100;

    private final MethodHandle pyGetVersion;
    private final MethodHandle pyConfigInitIsolatedConfig;
    private final MethodHandle pyConfigSetBytesString;
    private final MethodHandle pyConfigClear;
    private final MethodHandle pyInitializeFromConfig;
    private final MethodHandle pyFinalizeEx;
    private final MethodHandle pyEvalSaveThread;
    private final MethodHandle pyEvalRestoreThread;
    private final MethodHandle pyNewInterpreterFromConfig;
    private final MethodHandle pyEndInterpreter;
    private final MethodHandle pyThreadStateGet;
    private final MethodHandle pyThreadStateGetInterpreter;
    private final MethodHandle pyThreadStateNew;
    private final MethodHandle pyThreadStateClear;
    private final MethodHandle pyThreadStateDeleteCurrent;
    private final MethodHandle pyThreadStateSetAsyncExc;
    private final MethodHandle pyThreadGetThreadIdent;
    private final MethodHandle pyThreadGetNativeId;
    private final MethodHandle pyCompileString;
    private final MethodHandle pyImportExecCodeModule;
    private final MethodHandle pyImportImportModule;
    private final MethodHandle pyObjectGetAttrString;
    private final MethodHandle pyObjectVectorcall;
    private final MethodHandle pyObjectStr;
    private final MethodHandle pyLongFromLongLong;
    private final MethodHandle pyLongAsLongLong;
    private final MethodHandle pyUnicodeFromStringAndSize;
    private final MethodHandle pyUnicodeAsUtf8AndSize;
    private final MethodHandle pyBytesAsStringAndSize;
    private final MethodHandle pyMemoryViewFromMemory;
    private final MethodHandle pyTupleNew;
    private final MethodHandle pyTupleSetItem;
    private final MethodHandle pyTupleGetItem;
    private final MethodHandle pyTupleSize;
    private final MethodHandle pyIncRef;
    private final MethodHandle pyDecRef;
    private final MethodHandle pyErrGetRaisedException;
    private final MethodHandle pyErrSetRaisedException;
    private final MethodHandle pyErrClear;
    private final MethodHandle pyDictAddWatcher;
    private final MethodHandle pyDictWatch;
    private final MethodHandle pyDictClearWatcher;
    private final MemorySegment none;

    private LibPython(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        Handles handles = new Handles(linker, lookup);
        pyGetVersion = handles.find("Py_GetVersion", FunctionDescriptor.of(ADDRESS));
        pyConfigInitIsolatedConfig = handles.find("PyConfig_InitIsolatedConfig", FunctionDescriptor.ofVoid(ADDRESS));
        pyConfigSetBytesString =
                handles.find("PyConfig_SetBytesString", FunctionDescriptor.of(PY_STATUS, ADDRESS, ADDRESS, ADDRESS));
        pyConfigClear = handles.find("PyConfig_Clear", FunctionDescriptor.ofVoid(ADDRESS));
        pyInitializeFromConfig = handles.find("Py_InitializeFromConfig", FunctionDescriptor.of(PY_STATUS, ADDRESS));
        pyFinalizeEx = handles.find("Py_FinalizeEx", FunctionDescriptor.of(JAVA_INT));
        pyEvalSaveThread = handles.find("PyEval_SaveThread", FunctionDescriptor.of(ADDRESS));
        pyEvalRestoreThread = handles.find("PyEval_RestoreThread", FunctionDescriptor.ofVoid(ADDRESS));
        pyNewInterpreterFromConfig =
                handles.find("Py_NewInterpreterFromConfig", FunctionDescriptor.of(PY_STATUS, ADDRESS, ADDRESS));
        pyEndInterpreter = handles.find("Py_EndInterpreter", FunctionDescriptor.ofVoid(ADDRESS));
        pyThreadStateGet = handles.find("PyThreadState_Get", FunctionDescriptor.of(ADDRESS));
        pyThreadStateGetInterpreter =
                handles.find("PyThreadState_GetInterpreter", FunctionDescriptor.of(ADDRESS, ADDRESS));
        pyThreadStateNew = handles.find("PyThreadState_New", FunctionDescriptor.of(ADDRESS, ADDRESS));
        pyThreadStateClear = handles.find("PyThreadState_Clear", FunctionDescriptor.ofVoid(ADDRESS));
        pyThreadStateDeleteCurrent = handles.find("PyThreadState_DeleteCurrent", FunctionDescriptor.ofVoid());
        pyThreadStateSetAsyncExc =
                handles.find("PyThreadState_SetAsyncExc", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        pyThreadGetThreadIdent = handles.find("PyThread_get_thread_ident", FunctionDescriptor.of(JAVA_LONG));
        pyThreadGetNativeId = handles.find("PyThread_get_thread_native_id", FunctionDescriptor.of(JAVA_LONG));
        pyCompileString = handles.find("Py_CompileString", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        pyImportExecCodeModule =
                handles.find("PyImport_ExecCodeModule", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        pyImportImportModule = handles.find("PyImport_ImportModule", FunctionDescriptor.of(ADDRESS, ADDRESS));
        pyObjectGetAttrString =
                handles.find("PyObject_GetAttrString", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        pyObjectVectorcall = handles.find(
                "PyObject_Vectorcall", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        pyObjectStr = handles.find("PyObject_Str", FunctionDescriptor.of(ADDRESS, ADDRESS));
        pyLongFromLongLong = handles.find("PyLong_FromLongLong", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        pyLongAsLongLong = handles.find("PyLong_AsLongLong", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        pyUnicodeFromStringAndSize =
                handles.find("PyUnicode_FromStringAndSize", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
        pyUnicodeAsUtf8AndSize =
                handles.find("PyUnicode_AsUTF8AndSize", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        pyBytesAsStringAndSize =
                handles.find("PyBytes_AsStringAndSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        pyMemoryViewFromMemory =
                handles.find("PyMemoryView_FromMemory", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        pyTupleNew = handles.find("PyTuple_New", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        pyTupleSetItem = handles.find("PyTuple_SetItem", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        pyTupleGetItem = handles.find("PyTuple_GetItem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
        pyTupleSize = handles.find("PyTuple_Size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        pyIncRef = handles.find("Py_IncRef", FunctionDescriptor.ofVoid(ADDRESS));
        pyDecRef = handles.find("Py_DecRef", FunctionDescriptor.ofVoid(ADDRESS));
        pyErrGetRaisedException = handles.find("PyErr_GetRaisedException", FunctionDescriptor.of(ADDRESS));
        pyErrSetRaisedException = handles.find("PyErr_SetRaisedException", FunctionDescriptor.ofVoid(ADDRESS));
        pyErrClear = handles.find("PyErr_Clear", FunctionDescriptor.ofVoid());
        pyDictAddWatcher = handles.find("PyDict_AddWatcher", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pyDictWatch = handles.find("PyDict_Watch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        pyDictClearWatcher = handles.find("PyDict_ClearWatcher", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        none = lookup.find("_Py_NoneStruct").orElseThrow(() -> missing("_Py_NoneStruct"));
    }

    /**
     * Loads libpython with {@code RTLD_GLOBAL} and binds its API. The global flag matters: extension
     * modules under lib-dynload are not linked against libpython and resolve its symbols from the
     * global namespace ({@code SymbolLookup.libraryLookup} and {@code System.load} use RTLD_LOCAL,
     * which gives "undefined symbol: PyFloat_Type" on the first C-module import).
     */
    static LibPython load(String libraryPath) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle dlopen = linker.downcallHandle(
                libc.find("dlopen").orElseThrow(() -> missing("dlopen")),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        MethodHandle dlerror = linker.downcallHandle(
                libc.find("dlerror").orElseThrow(() -> missing("dlerror")), FunctionDescriptor.of(ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle =
                    (MemorySegment) dlopen.invokeExact(arena.allocateFrom(libraryPath), RTLD_NOW | RTLD_GLOBAL);
            if (handle.equals(MemorySegment.NULL)) {
                MemorySegment error = (MemorySegment) dlerror.invokeExact();
                String reason = error.equals(MemorySegment.NULL) ? "unknown reason" : cString(error);
                throw new IllegalStateException("cannot load " + libraryPath + ": " + reason);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot load " + libraryPath + ": " + t, t);
        }
        // The library is now loaded globally; look its symbols up through a process-wide lookup.
        return new LibPython(SymbolLookup.libraryLookup(libraryPath, Arena.global()));
    }

    private static IllegalStateException missing(String symbol) {
        return new IllegalStateException("symbol " + symbol + " not found in libpython");
    }

    /** Reads a NUL-terminated UTF-8 C string. */
    static String cString(MemorySegment pointer) {
        return pointer.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    MemorySegment none() {
        return none;
    }

    String version() {
        try {
            return cString((MemorySegment) pyGetVersion.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void configInitIsolated(MemorySegment config) {
        try {
            pyConfigInitIsolatedConfig.invokeExact(config);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment configSetBytesString(
            SegmentAllocator allocator, MemorySegment config, MemorySegment field, MemorySegment value) {
        try {
            return (MemorySegment) pyConfigSetBytesString.invokeExact(allocator, config, field, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void configClear(MemorySegment config) {
        try {
            pyConfigClear.invokeExact(config);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment initializeFromConfig(SegmentAllocator allocator, MemorySegment config) {
        try {
            return (MemorySegment) pyInitializeFromConfig.invokeExact(allocator, config);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int finalizeEx() {
        try {
            return (int) pyFinalizeEx.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment evalSaveThread() {
        try {
            return (MemorySegment) pyEvalSaveThread.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void evalRestoreThread(MemorySegment threadState) {
        try {
            pyEvalRestoreThread.invokeExact(threadState);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment newInterpreterFromConfig(
            SegmentAllocator allocator, MemorySegment threadStateOut, MemorySegment config) {
        try {
            return (MemorySegment) pyNewInterpreterFromConfig.invokeExact(allocator, threadStateOut, config);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void endInterpreter(MemorySegment threadState) {
        try {
            pyEndInterpreter.invokeExact(threadState);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment threadStateGet() {
        try {
            return (MemorySegment) pyThreadStateGet.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment threadStateGetInterpreter(MemorySegment threadState) {
        try {
            return (MemorySegment) pyThreadStateGetInterpreter.invokeExact(threadState);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment threadStateNew(MemorySegment interpreter) {
        try {
            return (MemorySegment) pyThreadStateNew.invokeExact(interpreter);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void threadStateClear(MemorySegment threadState) {
        try {
            pyThreadStateClear.invokeExact(threadState);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void threadStateDeleteCurrent() {
        try {
            pyThreadStateDeleteCurrent.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code PyDict_AddWatcher}: registers a callback in the current interpreter; its id, or -1. */
    int dictAddWatcher(MemorySegment callback) {
        try {
            return (int) pyDictAddWatcher.invokeExact(callback);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int dictWatch(int watcherId, MemorySegment dict) {
        try {
            return (int) pyDictWatch.invokeExact(watcherId, dict);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int dictClearWatcher(int watcherId) {
        try {
            return (int) pyDictClearWatcher.invokeExact(watcherId);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int threadStateSetAsyncExc(long threadIdent, MemorySegment exception) {
        try {
            return (int) pyThreadStateSetAsyncExc.invokeExact(threadIdent, exception);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The calling thread's operating-system id (a Linux TID). */
    long threadGetNativeId() {
        try {
            return (long) pyThreadGetNativeId.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long threadGetThreadIdent() {
        try {
            return (long) pyThreadGetThreadIdent.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment compileString(MemorySegment source, MemorySegment filename, int start) {
        try {
            return (MemorySegment) pyCompileString.invokeExact(source, filename, start);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment importExecCodeModule(MemorySegment name, MemorySegment code) {
        try {
            return (MemorySegment) pyImportExecCodeModule.invokeExact(name, code);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment importModule(MemorySegment name) {
        try {
            return (MemorySegment) pyImportImportModule.invokeExact(name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment getAttrString(MemorySegment object, MemorySegment name) {
        try {
            return (MemorySegment) pyObjectGetAttrString.invokeExact(object, name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment vectorcall(MemorySegment callable, MemorySegment args, long nargs) {
        try {
            return (MemorySegment) pyObjectVectorcall.invokeExact(callable, args, nargs, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment str(MemorySegment object) {
        try {
            return (MemorySegment) pyObjectStr.invokeExact(object);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment longFromLong(long value) {
        try {
            return (MemorySegment) pyLongFromLongLong.invokeExact(value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long longAsLong(MemorySegment object) {
        try {
            return (long) pyLongAsLongLong.invokeExact(object);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment unicodeFromStringAndSize(MemorySegment utf8, long length) {
        try {
            return (MemorySegment) pyUnicodeFromStringAndSize.invokeExact(utf8, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment unicodeAsUtf8AndSize(MemorySegment object, MemorySegment sizeOut) {
        try {
            return (MemorySegment) pyUnicodeAsUtf8AndSize.invokeExact(object, sizeOut);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int bytesAsStringAndSize(MemorySegment object, MemorySegment bufferOut, MemorySegment lengthOut) {
        try {
            return (int) pyBytesAsStringAndSize.invokeExact(object, bufferOut, lengthOut);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment memoryViewFromMemory(MemorySegment memory, long size, int flags) {
        try {
            return (MemorySegment) pyMemoryViewFromMemory.invokeExact(memory, size, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment tupleNew(long size) {
        try {
            return (MemorySegment) pyTupleNew.invokeExact(size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Steals the reference to {@code item}, also on failure. */
    int tupleSetItem(MemorySegment tuple, long index, MemorySegment item) {
        try {
            return (int) pyTupleSetItem.invokeExact(tuple, index, item);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A borrowed reference. */
    MemorySegment tupleGetItem(MemorySegment tuple, long index) {
        try {
            return (MemorySegment) pyTupleGetItem.invokeExact(tuple, index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long tupleSize(MemorySegment tuple) {
        try {
            return (long) pyTupleSize.invokeExact(tuple);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void incRef(MemorySegment object) {
        try {
            pyIncRef.invokeExact(object);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Null-safe, like {@code Py_XDECREF}. */
    void decRef(MemorySegment object) {
        if (object.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            pyDecRef.invokeExact(object);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment errGetRaisedException() {
        try {
            return (MemorySegment) pyErrGetRaisedException.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void errSetRaisedException(MemorySegment exception) {
        try {
            pyErrSetRaisedException.invokeExact(exception);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void errClear() {
        try {
            pyErrClear.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call failed", t);
    }

    /** Looks up symbols and makes downcall handles, failing with the symbol's name. */
    private record Handles(Linker linker, SymbolLookup lookup) {
        MethodHandle find(String name, FunctionDescriptor descriptor) {
            return linker.downcallHandle(lookup.find(name).orElseThrow(() -> missing(name)), descriptor);
        }
    }
}
