package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /** The largest string a function builds: what one Arrow VARCHAR vector can hold. */
    public static final long MAX_STRING_BYTES = Integer.MAX_VALUE - 8;

    private static final HexFormat HEX = HexFormat.of();

    private StringFunctions() {}

    /**
     * SQL's {@code OVERLAY(text PLACING replacement FROM start [FOR count])}, as DuckDB counts: in
     * characters (code points) from 1; {@code count} (the replacement's length when absent or
     * negative) characters from {@code start} are replaced; a start before 1 replaces fewer (the
     * positions before the text's first character count), one past the end appends.
     */
    public static String overlay(String text, String replacement, long start, long count) {
        int length = text.codePointCount(0, text.length());
        long replaced = count < 0 ? replacement.codePointCount(0, replacement.length()) : count;
        long prefixEnd = Math.clamp(start - 1, 0, length);
        long suffixStart = Math.clamp(start - 1 + replaced, prefixEnd, length);
        return text.substring(0, text.offsetByCodePoints(0, (int) prefixEnd))
                + replacement
                + text.substring(text.offsetByCodePoints(0, (int) suffixStart));
    }

    /**
     * {@code translate(text, from, to)}: each character of {@code from} replaced by the character at
     * the same position of {@code to}, or removed when {@code to} is shorter; the first occurrence
     * in {@code from} decides.
     */
    public static String translate(String text, String from, String to) {
        int[] sources = from.codePoints().toArray();
        int[] targets = to.codePoints().toArray();
        StringBuilder result = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            int position = -1;
            for (int index = 0; index < sources.length && position < 0; index++) {
                position = sources[index] == codePoint ? index : -1;
            }
            if (position < 0) {
                result.appendCodePoint(codePoint);
            } else if (position < targets.length) {
                result.appendCodePoint(targets[position]);
            }
        });
        return result.toString();
    }

    /** {@code url_encode(text)}: every byte but letters, digits and {@code -_.~} as {@code %XX}. */
    public static String urlEncode(String text) {
        StringBuilder encoded = new StringBuilder(text.length() + 8);
        for (byte value : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (value & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX.toHexDigits((byte) c).toUpperCase(Locale.ROOT));
            }
        }
        return encoded.toString();
    }

    /**
     * {@code url_decode(text)}: {@code %XX} back to its byte ({@code +} stays, a {@code %} without two
     * hex digits stays); INVALID_ARGUMENT when the bytes are not UTF-8.
     */
    public static String urlDecode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(bytes.length);
        for (int index = 0; index < bytes.length; index++) {
            if (bytes[index] == '%'
                    && index + 2 < bytes.length
                    && HexFormat.isHexDigit(bytes[index + 1])
                    && HexFormat.isHexDigit(bytes[index + 2])) {
                decoded.write(HexFormat.fromHexDigits(text, index + 1, index + 3));
                index += 2;
            } else {
                decoded.write(bytes[index]);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(decoded.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Failed to decode string \"" + text + "\" using URL decoding - decoded value is invalid UTF8");
        }
    }

    /** The hex digest ({@code MD5}, {@code SHA-1}, {@code SHA-256}) of the bytes. */
    public static String digest(String algorithm, byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw QuiverException.internal("the JDK has no " + algorithm, e);
        }
    }

    /**
     * {@code format_bytes(n)} (powers of 1024: KiB, MiB…) or {@code formatReadableDecimalSize(n)}
     * (powers of 1000: kB, MB…; PiB/PB the largest unit): {@code 1 byte}, {@code 1023 bytes}, {@code 1.5 KiB}, with one
     * decimal truncated, as DuckDB prints them.
     */
    public static String formatBytes(long bytes, boolean binary) {
        long base = binary ? 1024 : 1000;
        String[] units =
                binary ? new String[] {"KiB", "MiB", "GiB", "TiB", "PiB"} : new String[] {"kB", "MB", "GB", "TB", "PB"};
        String sign = bytes < 0 ? "-" : "";
        // unsigned: Long.MIN_VALUE's magnitude, 2^63, is exactly 8192 PiB
        long magnitude = bytes < 0 ? -bytes : bytes;
        if (Long.compareUnsigned(magnitude, base) < 0) {
            return sign + magnitude + (magnitude == 1 ? " byte" : " bytes");
        }
        int unit = 0;
        long scaled = Long.divideUnsigned(magnitude, base);
        long fraction = Long.remainderUnsigned(magnitude, base);
        while (scaled >= base && unit < units.length - 1) {
            fraction = scaled % base;
            scaled /= base;
            unit++;
        }
        long tenths = fraction * 10 / base;
        return sign + scaled + "." + tenths + " " + units[unit];
    }

    /** {@code strip_accents(text)}: decomposed (NFD), without its combining marks, recomposed. */
    public static String stripAccents(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) {
            return text;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        return Normalizer.normalize(COMBINING_MARKS.matcher(decomposed).replaceAll(""), Normalizer.Form.NFC);
    }

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{Mn}+");

    /** {@code replace(text, from, to)}: every occurrence; an empty {@code from} changes nothing. */
    public static String replace(String text, String from, String to) {
        return from.isEmpty() ? text : text.replace(from, to);
    }

    /** {@code reverse(text)}, by grapheme clusters (a flag or an emoji with modifiers stays whole), as DuckDB. */
    public static String reverse(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) {
            return new StringBuilder(text).reverse().toString();
        }
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        StringBuilder reversed = new StringBuilder(text.length());
        int end = graphemes.last();
        for (int start = graphemes.previous(); start != BreakIterator.DONE; start = graphemes.previous()) {
            reversed.append(text, start, end);
            end = start;
        }
        return reversed.toString();
    }

    /** {@code length_grapheme(text)}: the number of grapheme clusters (what a reader counts as characters). */
    public static long lengthGrapheme(String text) {
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        long count = 0;
        while (graphemes.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }

    /** {@code repeat(text, count)}: empty for a count of 0 or less; a result too large is refused, not built. */
    public static String repeat(String text, long count) {
        if (count <= 0 || text.isEmpty()) {
            return "";
        }
        checkSize(utf8Length(text) * (double) count);
        return text.repeat((int) count);
    }

    /**
     * Refuses a result of {@code bytes} UTF-8 bytes beyond what one value can hold (an Arrow VARCHAR
     * vector's 32-bit offsets), before any of it is built, as DuckDB refuses strings over its maximum;
     * so {@code lpad('a', 10^17, '0')} fails at once instead of running until cancelled.
     */
    private static void checkSize(double bytes) {
        ConstantFolder.checkFoldable(bytes);
        if (bytes > MAX_STRING_BYTES) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    String.format(
                            Locale.ROOT,
                            "Cannot create a string of size: '%.0f', the maximum supported string size is: '%d'",
                            bytes,
                            MAX_STRING_BYTES));
        }
    }

    /** {@code ascii(text)}: the first character's code point, 0 for an empty string. */
    public static int ascii(String text) {
        return text.isEmpty() ? 0 : text.codePointAt(0);
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The UTF-8 length of {@code text}, without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
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
        checkSize(utf8Length(text) + (double) (width - length) * utf8Length(padding) / codePoints(padding));
        long missing = width - length;
        int padLength = codePoints(padding);
        String fill = padding.repeat((int) (missing / padLength)) + prefix(padding, missing % padLength);
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

    /**
     * {@code regexp_replace}: the first match of {@code pattern} (every match with option 'g') replaced.
     * As RE2's global replace, an empty match right where the previous match ended is skipped
     * ({@code regexp_replace('ab', '.*', 'x', 'g')} is {@code x}, not {@code xx}).
     */
    public static String replaceRegex(String text, Pattern pattern, String replacement, String options) {
        Matcher matcher = pattern.matcher(text);
        String java = javaReplacement(replacement, matcher.groupCount());
        if (options.indexOf('g') < 0) {
            return matcher.replaceFirst(java);
        }
        StringBuilder result = new StringBuilder(text.length());
        int previousEnd = -1;
        while (matcher.find()) {
            if (matcher.start() == matcher.end() && matcher.start() == previousEnd) {
                continue;
            }
            matcher.appendReplacement(result, java);
            previousEnd = matcher.end();
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /**
     * RE2's replacement syntax ({@code \1}, {@code \\}) in Java's ({@code $1}, with {@code $} quoted);
     * a group the pattern lacks, another escape or a lone trailing backslash is INVALID_ARGUMENT, as
     * in DuckDB.
     */
    private static String javaReplacement(String replacement, int groupCount) {
        StringBuilder java = new StringBuilder(replacement.length() + 8);
        for (int index = 0; index < replacement.length(); index++) {
            char c = replacement.charAt(index);
            if (c == '\\') {
                if (index + 1 == replacement.length()) {
                    throw badReplacement(replacement, "it ends with a lone backslash");
                }
                char next = replacement.charAt(++index);
                if (next >= '0' && next <= '9') {
                    if (next - '0' > groupCount) {
                        throw badReplacement(
                                replacement,
                                "\\" + next + " names a group the pattern does not have (" + groupCount + ")");
                    }
                    java.append('$').append(next);
                } else if (next == '\\') {
                    java.append("\\\\");
                } else {
                    throw badReplacement(replacement, "\\" + next + " is no escape (write \\\\ for a backslash)");
                }
            } else if (c == '$') {
                java.append("\\$");
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }

    private static QuiverException badReplacement(String replacement, String reason) {
        return new QuiverException(
                ErrorCode.INVALID_ARGUMENT,
                "Invalid replacement string for regexp_replace: '" + replacement + "': " + reason);
    }

    /**
     * regexp_escape: every ASCII character but letters, digits and {@code _} behind a backslash
     * (NUL as {@code \x00}), as RE2's QuoteMeta that DuckDB uses; Java's patterns read these escapes
     * the same way.
     */
    public static String escapeRegex(String text) {
        StringBuilder escaped = new StringBuilder(text.length() * 2);
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c == 0) {
                escaped.append("\\x00");
                continue;
            }
            boolean plain =
                    c >= 0x80 || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!plain) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** regexp_extract: group {@code group} (0 = the whole match) of the first match, '' without a match. */
    public static String extractRegex(String text, Pattern pattern, long group) {
        checkGroup(group);
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find() || group > matcher.groupCount()) {
            return "";
        }
        String value = matcher.group((int) group);
        return value == null ? "" : value;
    }

    /** regexp_extract_all: group {@code group} of every non-overlapping match, null for a group that took no part. */
    public static List<String> extractAllRegex(Matcher matcher, long group) {
        if (group < 0) {
            // as DuckDB: a negative group matches nothing (regexp_extract refuses it)
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (group > matcher.groupCount()) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Pattern has " + matcher.groupCount() + " groups. Cannot access group " + group);
        }
        while (matcher.find()) {
            values.add(matcher.group((int) group));
        }
        return values;
    }

    private static void checkGroup(long group) {
        if (group < 0 || group > 9) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Group index must be between 0 and 9, not " + group);
        }
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
            return Pattern.compile(posixClasses(pattern), flags);
        } catch (PatternSyntaxException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "invalid regular expression '" + pattern + "': " + e.getDescription());
        }
    }

    /** RE2's POSIX classes inside brackets ({@code [[:lower:]]}, {@code [[:^digit:]]}) and Java's names (and [:word:], \\w). */
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "Alnum"),
            Map.entry("alpha", "Alpha"),
            Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"),
            Map.entry("cntrl", "Cntrl"),
            Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"),
            Map.entry("lower", "Lower"),
            Map.entry("print", "Print"),
            Map.entry("punct", "Punct"),
            Map.entry("space", "Space"),
            Map.entry("upper", "Upper"),
            Map.entry("xdigit", "XDigit"));

    /**
     * The pattern with RE2's POSIX classes inside brackets written as Java's {@code \p{…}}: Java reads
     * {@code [[:lower:]]} as the characters {@code : l o w e r}, which silently matched the wrong text.
     */
    private static String posixClasses(String pattern) {
        if (!pattern.contains("[:")) {
            return pattern;
        }
        StringBuilder java = new StringBuilder(pattern.length() + 8);
        int depth = 0;
        for (int index = 0; index < pattern.length(); index++) {
            char c = pattern.charAt(index);
            if (c == '\\' && index + 1 < pattern.length()) {
                java.append(c).append(pattern.charAt(++index));
                continue;
            }
            if (depth > 0 && c == '[' && pattern.startsWith("[:", index)) {
                int end = pattern.indexOf(":]", index + 2);
                if (end > 0) {
                    String name = pattern.substring(index + 2, end);
                    boolean negated = name.startsWith("^");
                    String bare = negated ? name.substring(1) : name;
                    String javaName = POSIX_CLASSES.get(bare);
                    if (javaName != null || bare.equals("word")) {
                        java.append(
                                javaName == null
                                        ? negated ? "\\W" : "\\w"
                                        : (negated ? "\\P{" : "\\p{") + javaName + '}');
                        index = end + 1;
                        continue;
                    }
                }
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            }
            java.append(c);
        }
        return java.toString();
    }

    /** {@code unicode(text)} and {@code ord(text)}: the first character's code point, -1 for ''. */
    public static int firstCodePoint(String text) {
        return text.isEmpty() ? -1 : text.codePointAt(0);
    }

    /** {@code hex(n)} / {@code bin(n)}: the 64-bit two's complement in base 16 or 2, upper case, no leading zeros. */
    public static String integerDigits(long value, boolean hex) {
        return hex ? Long.toHexString(value).toUpperCase(Locale.ROOT) : Long.toBinaryString(value);
    }

    /** {@code hex(bytes)} / {@code bin(bytes)}: two hex digits or eight binary digits per byte. */
    public static String byteDigits(byte[] bytes, boolean hex) {
        if (hex) {
            return HEX.withUpperCase().formatHex(bytes);
        }
        StringBuilder digits = new StringBuilder(bytes.length * 8);
        for (byte value : bytes) {
            String bits = Integer.toBinaryString(value & 0xFF);
            digits.append("0".repeat(8 - bits.length())).append(bits);
        }
        return digits.toString();
    }

    /**
     * {@code unhex(text)} / {@code unbin(text)}: the bytes the digits spell, the first byte taking
     * the digits left over at the start (as DuckDB: {@code unhex('616')} is {@code \x06\x16}).
     */
    public static byte[] parseDigits(String text, boolean hex) {
        int perByte = hex ? 2 : 8;
        int radix = hex ? 16 : 2;
        int length = text.length();
        byte[] bytes = new byte[(length + perByte - 1) / perByte];
        int position = 0;
        for (int index = 0; index < bytes.length; index++) {
            int end = index == 0 && length % perByte != 0 ? length % perByte : position + perByte;
            int value = 0;
            for (; position < end; position++) {
                int digit = Character.digit(text.charAt(position), radix);
                if (digit < 0) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "Invalid input for " + (hex ? "hex" : "binary") + " digit: " + text.charAt(position));
                }
                value = value * radix + digit;
            }
            bytes[index] = (byte) value;
        }
        return bytes;
    }

    /** {@code to_base(n, radix[, min_length])}: n (not negative) in base 2 to 36, upper case, zero-padded. */
    public static String toBase(long value, long radix, long minLength) {
        if (value < 0) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "'to_base' number must be greater than or equal to 0");
        }
        if (radix < 2 || radix > 36) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "'to_base' radix must be between 2 and 36");
        }
        if (minLength > 64) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "'to_base' min_length must be at most 64");
        }
        String digits = Long.toString(value, (int) radix).toUpperCase(Locale.ROOT);
        return digits.length() >= minLength ? digits : "0".repeat((int) minLength - digits.length()) + digits;
    }

    /** {@code decode(blob)}: the bytes as text; bytes that are not UTF-8 are an error. */
    public static String decodeUtf8(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Failure in decode: could not convert blob to UTF8 string, the blob contained invalid UTF8"
                            + " characters");
        }
    }

    /** The grapheme cluster boundaries of {@code text}: 0, each cluster's end. */
    private static int[] graphemeBoundaries(String text) {
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        List<Integer> boundaries = new ArrayList<>();
        for (int boundary = graphemes.first(); boundary != BreakIterator.DONE; boundary = graphemes.next()) {
            boundaries.add(boundary);
        }
        return boundaries.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code left_grapheme} / {@code right_grapheme}: as left / right, counting grapheme clusters. */
    public static String sideGraphemes(String text, long count, boolean leftSide) {
        int[] boundaries = graphemeBoundaries(text);
        int clusters = boundaries.length - 1;
        long kept = count >= 0 ? Math.min(count, clusters) : Math.max(0, clusters + count);
        return leftSide ? text.substring(0, boundaries[(int) kept]) : text.substring(boundaries[clusters - (int) kept]);
    }

    /**
     * {@code substring_grapheme(text, start, length)}: as substring (1-based start, negative from
     * the end, a negative length taking the clusters before start), counting grapheme clusters.
     */
    public static String substringGraphemes(String text, long start, long length) {
        int[] boundaries = graphemeBoundaries(text);
        long clusters = boundaries.length - 1;
        long from = start > 0 ? start - 1 : start < 0 ? clusters + start : -1;
        long to = from + length;
        if (length < 0) {
            to = from;
            from = to + length;
        }
        from = Math.clamp(from, 0, clusters);
        to = Math.clamp(to, 0, clusters);
        return from >= to ? "" : text.substring(boundaries[(int) from], boundaries[(int) to]);
    }

    /**
     * The separator characters of DuckDB's path functions' option: '/' for 'system' and
     * 'forward_slash', '\\' for 'backslash', both for anything else (also NULL).
     */
    public static String pathSeparators(String option) {
        if (option == null) {
            return "/\\";
        }
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "system", "forward_slash" -> "/";
            case "backslash" -> "\\";
            default -> "/\\";
        };
    }

    private static int lastSeparator(String path, String separators) {
        for (int index = path.length() - 1; index >= 0; index--) {
            if (separators.indexOf(path.charAt(index)) >= 0) {
                return index;
            }
        }
        return -1;
    }

    /** {@code parse_dirname}: the first component, a leading separator itself, '' without a separator. */
    public static String pathDirname(String path, String separators) {
        for (int index = 0; index < path.length(); index++) {
            if (separators.indexOf(path.charAt(index)) >= 0) {
                return index == 0 ? path.substring(0, 1) : path.substring(0, index);
            }
        }
        return "";
    }

    /** {@code parse_dirpath}: everything before the last separator ('/' stays '/', as DuckDB). */
    public static String pathDirpath(String path, String separators) {
        int last = lastSeparator(path, separators);
        if (last == 0 && path.length() == 1) {
            return path;
        }
        return last < 0 ? "" : path.substring(0, last);
    }

    /** {@code parse_filename}: everything after the last separator, without its last extension when asked. */
    public static String pathFilename(String path, boolean trimExtension, String separators) {
        String name = path.substring(lastSeparator(path, separators) + 1);
        int dot = trimExtension ? name.lastIndexOf('.') : -1;
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** {@code parse_path}: the non-empty components, a leading separator first as one of its own. */
    public static List<String> pathParts(String path, String separators) {
        List<String> parts = new ArrayList<>();
        if (!path.isEmpty() && separators.indexOf(path.charAt(0)) >= 0) {
            parts.add(path.substring(0, 1));
        }
        int start = 0;
        for (int index = 0; index <= path.length(); index++) {
            if (index == path.length() || separators.indexOf(path.charAt(index)) >= 0) {
                if (index > start) {
                    parts.add(path.substring(start, index));
                }
                start = index + 1;
            }
        }
        return parts;
    }

    /**
     * {@code parse_formatted_bytes(text)}: a number of bytes written with a unit, as DuckDB reads
     * memory limits: B, KB/MB/GB/TB (powers of 1000) or KiB/MiB/GiB/TiB (powers of 1024), any case;
     * the number may have a fraction, the result is truncated.
     */
    public static long parseFormattedBytes(String text) {
        String trimmed = text.strip();
        int end = 0;
        while (end < trimmed.length() && (Character.isDigit(trimmed.charAt(end)) || trimmed.charAt(end) == '.')) {
            end++;
        }
        if (end == 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Memory must have a number (e.g. 1GB)");
        }
        double number;
        try {
            number = Double.parseDouble(trimmed.substring(0, end));
        } catch (NumberFormatException e) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Memory must have a number (e.g. 1GB)");
        }
        String unit = trimmed.substring(end).strip().toLowerCase(Locale.ROOT);
        double multiplier = switch (unit) {
            case "b", "byte", "bytes" -> 1;
            case "kb", "kilobyte", "kilobytes" -> 1e3;
            case "mb", "megabyte", "megabytes" -> 1e6;
            case "gb", "gigabyte", "gigabytes" -> 1e9;
            case "tb", "terabyte", "terabytes" -> 1e12;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default ->
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "Unknown unit for memory: '" + unit + "' (expected: KB, MB, GB, TB for 1000^i units or KiB,"
                                + " MiB, GiB, TiB for 1024^i units)");
        };
        double bytes = number * multiplier;
        if (bytes >= 0x1p63) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "'" + text + "' is out of the BIGINT range");
        }
        return (long) bytes;
    }

    private static final String[] PARTIAL_BLOCKS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    /**
     * {@code bar(x, min, max, width)}: x's place between min and max drawn with Unicode blocks in
     * eighths of a character, padded with spaces to width characters (1 to 1000), as DuckDB.
     */
    public static String bar(double value, double min, double max, double maxWidth) {
        if (!Double.isFinite(maxWidth)) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Max bar width must not be NaN or infinity");
        }
        if (maxWidth < 1) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Max bar width must be >= 1");
        }
        if (maxWidth > 1000) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Max bar width must be <= 1000");
        }
        double width;
        if (Double.isNaN(value) || Double.isNaN(min) || Double.isNaN(max) || value <= min) {
            width = 0;
        } else if (value >= max) {
            width = maxWidth;
        } else {
            width = maxWidth * (value - min) / (max - min);
        }
        if (!Double.isFinite(width)) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Bar width must not be NaN or infinity");
        }
        long eighths = (long) (width * 8);
        StringBuilder bar = new StringBuilder();
        bar.append("█".repeat((int) (eighths / 8))).append(PARTIAL_BLOCKS[(int) (eighths % 8)]);
        int used = (int) (eighths / 8) + (eighths % 8 == 0 ? 0 : 1);
        return bar.append(" ".repeat(Math.max(0, (int) maxWidth - used))).toString();
    }

    /** {@code uuid_extract_version(uuid)}: the version digit of a UUID's text. */
    public static long uuidVersion(String uuid) {
        return Character.digit(uuid.charAt(14), 16);
    }

    /** {@code uuid_extract_timestamp(uuid)}: a version 7 UUID's time, in microseconds since the epoch. */
    public static long uuidTimestamp(String uuid) {
        long version = uuidVersion(uuid);
        if (version != 7) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "Given UUID is with version " + version + ", not version 7.");
        }
        String hex = uuid.substring(0, 8) + uuid.substring(9, 13);
        return Long.parseLong(hex, 16) * 1000;
    }
}
