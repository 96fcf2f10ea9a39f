package dev.quiver.sqltest.runner;

import java.util.List;
import java.util.Optional;

/**
 * One runnable record of a {@code .test} file: a {@code statement} or a {@code query}.
 *
 * <p>{@link #line()} is the 1-based line of the record's first line ({@code statement …} or
 * {@code query …}); it names the record in test names, failures and {@code known-divergences.txt}.
 */
public sealed interface SltRecord permits StatementRecord, QueryRecord {

    int line();

    /** The SQL, one statement, without a trailing semicolon. */
    String sql();

    List<Condition> conditions();

    /** The loop variables the record was expanded with, e.g. {@code i=3}; empty outside loops. */
    String loopBinding();

    /** The record with {@code ${name}} replaced by {@code value}, as {@code loop}/{@code foreach} do. */
    SltRecord bind(String name, String value);

    /** Why the record does not run on {@code engineUnderTest}; empty when it runs. */
    default Optional<String> skipReason(String engineUnderTest) {
        for (Condition condition : conditions()) {
            Optional<String> reason = condition.skipReason(engineUnderTest);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    /** The record with every {@code token} in its SQL and expected text replaced by {@code value}. */
    SltRecord replace(String token, String value);

    /** Whether the record is a {@code fixture}: run on a private DuckDB writing test data, not on the engines. */
    default boolean fixture() {
        return conditions().stream().anyMatch(condition -> condition.kind() == Condition.Kind.FIXTURE);
    }

    /** The record's first line as written in the file, e.g. {@code query II rowsort}. */
    String header();

    /** Replaces {@code ${name}} in {@code text}. */
    static String substitute(String text, String name, String value) {
        return text.replace("${" + name + "}", value);
    }

    /** Adds {@code name=value} in front of a loop binding: an outer loop binds after the inner ones. */
    static String prependBinding(String binding, String name, String value) {
        return name + "=" + value + (binding.isEmpty() ? "" : ", " + binding);
    }
}
