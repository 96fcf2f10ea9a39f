package dev.quiver.udf.cpython;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Lowers the CPU priority of one native thread, for a worker abandoned while stuck in a C call: it
 * keeps running until the call returns, but at the lowest priority ({@code nice 19}), so it yields
 * the cores to every other thread of the machine instead of competing for them.
 *
 * <p>Linux only: {@code setpriority(PRIO_PROCESS, tid, 19)} acts on a single thread there. Elsewhere,
 * or when libc refuses, nothing happens.
 */
final class ThreadPriority {
    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;
    private static final Optional<MethodHandle> SET_PRIORITY = bind();

    private ThreadPriority() {}

    private static Optional<MethodHandle> bind() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup()
                .find("setpriority")
                .map(symbol ->
                        linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)));
    }

    /** Gives native thread {@code nativeId} the lowest CPU priority; true if it took effect. */
    static boolean lowest(long nativeId) {
        if (SET_PRIORITY.isEmpty() || nativeId <= 0 || nativeId > Integer.MAX_VALUE) {
            return false;
        }
        try {
            return (int) SET_PRIORITY.get().invokeExact(PRIO_PROCESS, (int) nativeId, LOWEST) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
