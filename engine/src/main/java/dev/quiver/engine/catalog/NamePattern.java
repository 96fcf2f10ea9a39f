package dev.quiver.engine.catalog;

import java.util.regex.Pattern;

/**
 * A metadata listing's name filter: a SQL LIKE pattern ({@code %}, {@code _}, escape {@code \}) as the
 * JDBC, Flight SQL and PostgreSQL catalog queries send it.
 */
public final class NamePattern {
    private NamePattern() {}

    /**
     * The pattern as a regular expression matching whole names; {@code ignoreCase} for JDBC and Flight
     * SQL, whose clients may spell a name in any case, not for PostgreSQL's case-sensitive LIKE.
     */
    public static Pattern compile(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (int index = 0; index < pattern.length(); index++) {
            char character = pattern.charAt(index);
            if (character == '\\' && index + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++index))));
            } else if (character == '%') {
                regex.append(".*");
            } else if (character == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(character)));
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags);
    }

    /** Whether {@code name} matches {@code pattern}; a null pattern matches every name. */
    public static boolean matches(String pattern, String name, boolean ignoreCase) {
        return pattern == null || compile(pattern, ignoreCase).matcher(name).matches();
    }
}
