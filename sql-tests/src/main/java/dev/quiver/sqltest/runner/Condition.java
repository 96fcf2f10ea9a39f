package dev.quiver.sqltest.runner;

import java.util.Optional;

/**
 * A condition on how a record runs: {@code skipif <engine>} or {@code onlyif <engine>} on the lines
 * before it, or a {@code mode skip} section around it — reasons not to run it — or {@code fixture}
 * before a statement, which runs it on neither engine but on a private DuckDB that writes test data
 * (files under {@code __TEST_DIR__}). Engine names are {@code quiver} and {@code duckdb}; a skipped
 * record runs on neither engine, so both stay in the same state.
 */
public record Condition(Kind kind, String engine) {
    /** Which directive made the condition. */
    public enum Kind {
        SKIP_IF,
        ONLY_IF,
        MODE_SKIP,
        FIXTURE
    }

    public static Condition skipIf(String engine) {
        return new Condition(Kind.SKIP_IF, engine);
    }

    public static Condition onlyIf(String engine) {
        return new Condition(Kind.ONLY_IF, engine);
    }

    public static Condition fixture() {
        return new Condition(Kind.FIXTURE, "");
    }

    public static Condition modeSkip() {
        return new Condition(Kind.MODE_SKIP, "");
    }

    /** Why a record with this condition does not run on {@code engineUnderTest}; empty when it runs. */
    public Optional<String> skipReason(String engineUnderTest) {
        return switch (kind) {
            case SKIP_IF -> engine.equals(engineUnderTest) ? Optional.of("skipif " + engine) : Optional.empty();
            case ONLY_IF ->
                engine.equals(engineUnderTest)
                        ? Optional.empty()
                        : Optional.of("onlyif " + engine + " (the engine under test is " + engineUnderTest + ")");
            case MODE_SKIP -> Optional.of("inside a 'mode skip' section");
            case FIXTURE -> Optional.empty();
        };
    }
}
