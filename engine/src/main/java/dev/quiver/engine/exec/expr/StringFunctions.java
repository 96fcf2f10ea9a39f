package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * DuckDB's string functions on one row's Java strings, the bodies of {@link RowKernelExpr}s.
 * Positions and lengths count characters (code points), as DuckDB does.
 *
 * <p>Regular expressions are Java's ({@link Pattern}), which agree with DuckDB's RE2 on ordinary
 * patterns. Options: {@code 'i'} ignores case, {@code 'g'} (regexp_replace) replaces every match
 * instead of the first; {@code \1} in a replacement is group 1, as in RE2.
 */
public final class StringFunctions {
    private StringFunctions() {}

    /** {@code replace(text, from, to)}: every occurrence; an empty {@code from} changes nothing. */
    public static String replace(String text, String from, String to) {
        return from.isEmpty() ? text : text.replace(from, to);
    }

    /** {@code reverse(text)}, by characters. */
    public static String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }

    /** {@code repeat(text, count)}: empty for a count of 0 or less. */
    public static String repeat(String text, long count) {
        return count <= 0 ? "" : text.repeat(Math.toIntExact(count));
    }

    /** {@code ascii(text)}: the first character's code point, 0 for an empty string. */
    public static int ascii(String text) {
        return text.isEmpty() ? 0 : text.codePointAt(0);
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The first {@code count} characters of {@code text} (all of them if it has fewer). */
    private static String prefix(String text, long count) {
        int length = codePoints(text);
        if (count >= length) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, (int) Math.max(count, 0)));
    }

    private static String suffix(String text, long count) {
        int length = codePoints(text);
        if (count >= length) {
            return text;
        }
        return text.substring(text.offsetByCodePoints(0, (int) (length - Math.max(count, 0))));
    }

    /** {@code left(s, n)}; a negative n drops that many characters from the end. */
    public static String left(String text, long count) {
        return count >= 0 ? prefix(text, count) : prefix(text, codePoints(text) + count);
    }

    /** {@code right(s, n)}; a negative n drops that many characters from the start. */
    public static String right(String text, long count) {
        return count >= 0 ? suffix(text, count) : suffix(text, codePoints(text) + count);
    }

    /** {@code lpad}/{@code rpad(text, width, padding)}: cut to width, or filled with padding on one side. */
    public static String pad(String text, long width, String padding, boolean leftSide) {
        int length = codePoints(text);
        if (width <= length) {
            return prefix(text, width);
        }
        if (padding.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Insufficient padding in " + (leftSide ? "LPAD" : "RPAD") + ": the padding string is empty");
        }
        long missing = width - length;
        StringBuilder fill = new StringBuilder();
        int padLength = codePoints(padding);
        while (fill.codePointCount(0, fill.length()) + padLength <= missing) {
            fill.append(padding);
        }
        fill.append(prefix(padding, missing - fill.codePointCount(0, fill.length())));
        return leftSide ? fill + text : text + fill;
    }

    /** Part {@code index} (1-based; negative counts from the end) of {@code text} split at {@code delimiter}. */
    public static String splitPart(String text, String delimiter, long index) {
        List<String> parts = new ArrayList<>();
        if (delimiter.isEmpty()) {
            text.codePoints().forEach(codePoint -> parts.add(Character.toString(codePoint)));
        } else {
            int start = 0;
            for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, start)) {
                parts.add(text.substring(start, at));
                start = at + delimiter.length();
            }
            parts.add(text.substring(start));
        }
        long position = index > 0 ? index - 1 : parts.size() + index;
        return index == 0 || position < 0 || position >= parts.size() ? "" : parts.get((int) position);
    }

    /** {@code chr(codePoint)}: the character, or INVALID_ARGUMENT for a value that is not one. */
    public static String chr(long codePoint) {
        if (codePoint < 0
                || codePoint > Character.MAX_CODE_POINT
                || codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Invalid UTF8 Codepoint " + codePoint);
        }
        return Character.toString((int) codePoint);
    }

    /** {@code regexp_replace}: the first match of {@code pattern} (every match with option 'g') replaced. */
    public static String replaceRegex(String text, Pattern pattern, String replacement, String options) {
        Matcher matcher = pattern.matcher(text);
        String java = javaReplacement(replacement);
        return options.indexOf('g') >= 0 ? matcher.replaceAll(java) : matcher.replaceFirst(java);
    }

    /** RE2's replacement syntax ({@code \1}, {@code \\}) in Java's ({@code $1}, with {@code $} quoted). */
    private static String javaReplacement(String replacement) {
        StringBuilder java = new StringBuilder(replacement.length() + 8);
        for (int index = 0; index < replacement.length(); index++) {
            char c = replacement.charAt(index);
            if (c == '\\' && index + 1 < replacement.length()) {
                char next = replacement.charAt(++index);
                if (Character.isDigit(next)) {
                    java.append('$').append(next);
                } else {
                    java.append('\\').append(next);
                }
            } else if (c == '$') {
                java.append("\\$");
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }

    /** The pattern with DuckDB's options; INVALID_ARGUMENT for a bad pattern or option. */
    public static Pattern compile(String pattern, String options) {
        int flags = 0;
        for (char option : options.toCharArray()) {
            switch (option) {
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'c', 'g' -> {}
                case 's' -> flags |= Pattern.DOTALL;
                case 'm', 'n', 'p' -> flags |= Pattern.MULTILINE;
                default -> throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Unrecognized Regex option " + option);
            }
        }
        try {
            return Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "invalid regular expression '" + pattern + "': " + e.getDescription());
        }
    }
}
