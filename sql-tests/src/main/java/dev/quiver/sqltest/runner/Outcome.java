package dev.quiver.sqltest.runner;

/** The verdict on one record: what the JUnit suite reports as a pass, a failure or a skip. */
public sealed interface Outcome {

    /** The record behaved as the file says and, where compared, as DuckDB does. */
    record Passed() implements Outcome {}

    /** The record failed; the message starts with {@code file:line} and says everything that went wrong. */
    record Failed(String message) implements Outcome {}

    /** The record was not run, or not fully checked; the reason says which and why. */
    record Skipped(String reason) implements Outcome {}
}
