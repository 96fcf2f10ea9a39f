package dev.quiver.udf.cpython;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counting of the bytes CPython allocates per worker thread, through the small C library
 * {@code libquiver_pymem.so} (udf-runtime/src/main/c, built by the quiver launcher): the means of
 * the per-query Python memory limit and of the per-interpreter memory figures.
 *
 * <p>The library wraps CPython's raw and arena allocators once, when the runtime starts; each
 * sub-interpreter's thread is then bound to its own {@link MemoryCounter}. Without the library
 * (not built, no gcc, another platform) nothing is counted: {@link #isAvailable()} is false,
 * {@link #status()} says why, and only the process-wide memory limit applies.
 *
 * <p>Found at {@code -Dquiver.pymem.library=PATH} ({@code none} turns counting off), else in
 * {@code udf-runtime/target/native/} of the checkout this class was loaded from.
 */
public final class PythonMemoryAccounting {
    /** System property naming the library, or {@code none}. */
    public static final String LIBRARY_PROPERTY = "quiver.pymem.library";

    static final String LIBRARY_NAME = "libquiver_pymem.so";
    private static final long COUNTER_SIZE = 32;

    private final MethodHandle bind;
    private final String status;

    private PythonMemoryAccounting(MethodHandle bind, String status) {
        this.bind = bind;
        this.status = status;
    }

    /**
     * Loads the library and wraps CPython's allocators. Called once by {@link PythonRuntime}, on the
     * main interpreter's thread after initialisation, before any other thread runs Python.
     */
    static PythonMemoryAccounting install() {
        String configured = System.getProperty(LIBRARY_PROPERTY);
        if ("none".equals(configured)) {
            return off("turned off with -D" + LIBRARY_PROPERTY + "=none");
        }
        List<Path> candidates = configured == null ? defaultLocations() : List.of(Path.of(configured));
        Path library =
                candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        if (library == null) {
            return off(LIBRARY_NAME + " not found (looked at " + candidates + "); ./quiver build compiles it with gcc");
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
            MethodHandle counterSize = linker.downcallHandle(
                    lookup.find("quiver_pymem_counter_size").orElseThrow(), FunctionDescriptor.of(JAVA_LONG));
            MethodHandle install = linker.downcallHandle(
                    lookup.find("quiver_pymem_install").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
            MethodHandle bind = linker.downcallHandle(
                    lookup.find("quiver_pymem_bind").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));
            long size = (long) counterSize.invokeExact();
            if (size != COUNTER_SIZE) {
                return off(library + " has a counter of " + size + " bytes, Quiver expects " + COUNTER_SIZE
                        + " (a stale build: run ./quiver build)");
            }
            int unused = (int) install.invokeExact();
            return new PythonMemoryAccounting(bind, "on (" + library + ")");
        } catch (Throwable e) {
            return off("cannot load " + library + ": " + e);
        }
    }

    private static PythonMemoryAccounting off(String why) {
        if (!why.startsWith("turned off")) {
            System.err.println("quiver: per-query Python memory limit off (" + why
                    + "); only the process-wide Python memory limit applies");
        }
        return new PythonMemoryAccounting(null, "off: " + why);
    }

    /** Where the launcher puts the library, relative to where this class was loaded from. */
    private static List<Path> defaultLocations() {
        List<Path> locations = new ArrayList<>();
        String home = System.getProperty("quiver.home");
        if (home != null) {
            locations.add(Path.of(home, "udf-runtime", "target", "native", LIBRARY_NAME));
        }
        try {
            var source = PythonMemoryAccounting.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                // udf-runtime/target/classes, or udf-runtime/target/quiver-udf-runtime-*.jar
                Path target = Path.of(source.getLocation().toURI()).getParent();
                if (target != null) {
                    locations.add(target.resolve("native").resolve(LIBRARY_NAME));
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // an unusual class path: only the other locations
        }
        return locations.stream().distinct().toList();
    }

    /** Whether allocations are counted (the per-query Python memory limit works). */
    public boolean isAvailable() {
        return bind != null;
    }

    /** "on (PATH)" or "off: why", for logs and python_info(). */
    public String status() {
        return status;
    }

    /**
     * A counter bound to the calling thread: from now on what the thread allocates through CPython
     * is counted in it. Null when counting is off.
     */
    MemoryCounter bindCurrentThread() {
        if (bind == null) {
            return null;
        }
        MemoryCounter counter = new MemoryCounter(this);
        bind(counter.segment());
        return counter;
    }

    void bind(MemorySegment counter) {
        try {
            bind.invokeExact(counter);
        } catch (Throwable e) {
            throw new IllegalStateException("quiver_pymem_bind failed", e);
        }
    }

    /**
     * One thread's allocation counts (the C struct {@code quiver_counter}). Read from any thread;
     * the limit is set, and the counter unbound, only on the bound thread.
     */
    public static final class MemoryCounter {
        private static final long IN_USE = 0;
        private static final long LIMIT = 8;
        private static final long REFUSED = 16;
        private static final long REFUSED_BYTES = 24;

        private final PythonMemoryAccounting accounting;
        private final Arena arena = Arena.ofShared(); // closed when the interpreter frees the counter
        private final MemorySegment segment;

        private MemoryCounter(PythonMemoryAccounting accounting) {
            this.accounting = accounting;
            this.segment = arena.allocate(COUNTER_SIZE, 8);
        }

        MemorySegment segment() {
            return segment;
        }

        /** Bytes the thread allocated through CPython and has not freed since it was bound (may be negative). */
        public long inUse() {
            return read(IN_USE);
        }

        /**
         * From now on, refuse (MemoryError) single allocations of 64 KiB or more that would take
         * {@link #inUse()} above {@code bytes}; 0 for no limit. On the bound thread only.
         */
        public void limit(long bytes) {
            segment.set(JAVA_LONG, LIMIT, bytes);
        }

        /** The limit set last; 0 for none. */
        public long limit() {
            return read(LIMIT);
        }

        /** Allocations refused so far because of the limit. */
        public long refused() {
            return read(REFUSED);
        }

        /** The size of the last refused allocation. */
        public long lastRefusedBytes() {
            return read(REFUSED_BYTES);
        }

        /** A field, or 0 once the interpreter ended and freed the counter (readers on other threads). */
        private long read(long offset) {
            try {
                return segment.get(JAVA_LONG, offset);
            } catch (IllegalStateException closed) {
                return 0;
            }
        }

        /** Stops counting the thread and frees the counter. On the bound thread only. */
        void unbind() {
            accounting.bind(MemorySegment.NULL);
            arena.close();
        }
    }
}
