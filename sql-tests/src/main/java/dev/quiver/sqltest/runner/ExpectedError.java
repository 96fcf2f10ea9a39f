package dev.quiver.sqltest.runner;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a {@code statement error} record's {@code ----} section says about the error message, read as
 * DuckDB's runner reads it: plain text the message must contain; {@code <REGEX>:pattern}, a regular
 * expression the whole message must match; or {@code <!REGEX>:pattern}, one it must not match. In
 * patterns {@code .} also matches line ends (DuckDB's runner sets RE2's {@code dot_nl}). Empty: any
 * error will do.
 */
public record ExpectedError(Kind kind, String text, Pattern pattern) {
    private static final String REGEX = "<REGEX>:";
    private static final String NOT_REGEX = "<!REGEX>:";

    /** How {@link #text()} is matched. */
    public enum Kind {
        ANY,
        CONTAINS,
        MATCHES,
        DOES_NOT_MATCH
    }

    /**
     * Reads the text after {@code ----}.
     *
     * @throws IllegalArgumentException when a {@code <REGEX>:} pattern does not compile, with the reason
     */
    public static ExpectedError parse(String text) {
        if (text.isEmpty()) {
            return new ExpectedError(Kind.ANY, text, null);
        }
        boolean negated = text.startsWith(NOT_REGEX);
        if (!negated && !text.startsWith(REGEX)) {
            return new ExpectedError(Kind.CONTAINS, text, null);
        }
        String source = text.substring((negated ? NOT_REGEX : REGEX).length());
        try {
            return new ExpectedError(
                    negated ? Kind.DOES_NOT_MATCH : Kind.MATCHES, text, Pattern.compile(source, Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "the expected error's regular expression does not compile: " + e.getDescription() + " at index "
                            + e.getIndex() + " of '" + source + "'",
                    e);
        }
    }

    /** Why {@code message} does not satisfy the expectation (one line saying what was expected); empty when it does. */
    public Optional<String> mismatch(String message) {
        return switch (kind) {
            case ANY -> Optional.empty();
            case CONTAINS ->
                message.contains(text) ? Optional.empty() : Optional.of("does not contain the expected text");
            case MATCHES ->
                pattern.matcher(message).matches()
                        ? Optional.empty()
                        : Optional.of("does not match the expected regular expression");
            case DOES_NOT_MATCH ->
                pattern.matcher(message).matches()
                        ? Optional.of("matches the regular expression it must not match")
                        : Optional.empty();
        };
    }
}
