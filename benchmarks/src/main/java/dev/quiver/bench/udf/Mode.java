package dev.quiver.bench.udf;

/** One way of running a workload, in the order the report lists them. */
public enum Mode {
    /** (a) One own-GIL sub-interpreter in a pool of 1. */
    ONE_INTERPRETER("one-interpreter", "1 own-GIL sub-interpreter (pool of 1)"),
    /** (b) N own-GIL sub-interpreters, batches submitted concurrently. */
    OWN_GIL("own-gil", "N own-GIL sub-interpreters (pool of N)"),
    /** (c) N sub-interpreters sharing one GIL (Isolation.SHARED_GIL), batches submitted concurrently. */
    SHARED_GIL("shared-gil", "N sub-interpreters sharing one GIL (pool of N)"),
    /** (d) N python processes, each fed Arrow IPC record batches over a pipe. */
    PROCESS_POOL("process-pool", "N python worker processes, Arrow IPC over pipes"),
    /** (e) array('d', map(udf, data)) over all rows in one plain python process, self-timed. */
    BARE_LOOP("bare-loop", "bare Python loop over all rows in one process (the one-core limit)"),
    /** The bare loop in N processes at once, each over 1/N of the rows: the machine's N-core ceiling. */
    BARE_LOOP_N("bare-loop-n", "N bare Python loops in N processes, 1/N of the rows each (the N-core ceiling)");

    private final String label;
    private final String description;

    Mode(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name used in the table and the JSON output. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }
}
