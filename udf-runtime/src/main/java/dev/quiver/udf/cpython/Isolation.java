package dev.quiver.udf.cpython;

/**
 * How a sub-interpreter relates to the others, mapped onto {@code PyInterpreterConfig}.
 */
public enum Isolation {
    /**
     * Own GIL and own allocator ({@code gil=OWN, use_main_obmalloc=0,
     * check_multi_interp_extensions=1}): interpreters run Python in parallel; extension modules
     * without multi-phase init (numpy, pandas, pyarrow today) refuse to import. No fork or exec.
     */
    OWN_GIL(0, 0, 0, 1, 0, 1, 2),
    /**
     * The legacy model ({@code gil=SHARED}, main allocator): one GIL for every such interpreter, so
     * at most one runs Python at a time. Kept as the baseline the benchmarks compare against.
     */
    SHARED_GIL(1, 0, 0, 1, 0, 0, 1);

    private final int[] config;

    Isolation(
            int useMainObmalloc,
            int allowFork,
            int allowExec,
            int allowThreads,
            int allowDaemonThreads,
            int checkMultiInterpExtensions,
            int gil) {
        this.config = new int[] {
            useMainObmalloc, allowFork, allowExec, allowThreads, allowDaemonThreads, checkMultiInterpExtensions, gil
        };
    }

    /** The seven ints of {@code PyInterpreterConfig}, in declaration order. */
    int[] interpreterConfig() {
        return config.clone();
    }
}
