package dev.quiver.udf.cpython;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Hands memory the C allocator holds free back to the operating system, after a Python call that
 * grew past the memory limit was stopped and freed what it had allocated.
 *
 * <p>Why it is needed: glibc raises its mmap threshold after large blocks are freed, so later large
 * allocations come from its heaps and stay resident after {@code free}; without a trim the process
 * could stay above the limit and every following call would be stopped too. Uses glibc's
 * {@code malloc_trim(0)}; with another C library nothing happens.
 */
public final class NativeMemory {
    private static final Optional<MethodHandle> MALLOC_TRIM = bind();

    private NativeMemory() {}

    private static Optional<MethodHandle> bind() {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup()
                .find("malloc_trim")
                .map(symbol -> linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_LONG)));
    }

    /** Returns the allocator's free memory to the operating system; true if some was released. */
    public static boolean trim() {
        if (MALLOC_TRIM.isEmpty()) {
            return false;
        }
        try {
            return (int) MALLOC_TRIM.get().invokeExact(0L) == 1;
        } catch (Throwable e) {
            return false;
        }
    }
}
