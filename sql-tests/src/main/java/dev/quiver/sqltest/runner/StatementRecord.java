package dev.quiver.sqltest.runner;

import java.util.List;

/**
 * A {@code statement ok} or {@code statement error} record. For {@code statement error},
 * {@code expectedError} is the text after {@code ----}: a substring of the message or a
 * {@code <REGEX>:} pattern (see {@link ExpectedError}), or empty when any error will do. An internal
 * error (an engine bug) never satisfies it.
 */
public record StatementRecord(
        int line, String sql, boolean expectError, String expectedError, List<Condition> conditions, String loopBinding)
        implements SltRecord {

    public StatementRecord {
        conditions = List.copyOf(conditions);
    }

    @Override
    public StatementRecord bind(String name, String value) {
        return new StatementRecord(
                line,
                SltRecord.substitute(sql, name, value),
                expectError,
                SltRecord.substitute(expectedError, name, value),
                conditions,
                SltRecord.prependBinding(loopBinding, name, value));
    }

    @Override
    public StatementRecord replace(String token, String value) {
        return new StatementRecord(
                line,
                sql.replace(token, value),
                expectError,
                expectedError.replace(token, value),
                conditions,
                loopBinding);
    }

    /** The expectation {@link #expectedError()} states; the parser has checked that it compiles. */
    public ExpectedError expectation() {
        return ExpectedError.parse(expectedError);
    }

    @Override
    public String header() {
        return expectError ? "statement error" : "statement ok";
    }
}
