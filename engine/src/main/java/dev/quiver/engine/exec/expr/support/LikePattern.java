package dev.quiver.engine.exec.expr.support;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A compiled LIKE pattern that matches UTF-8 bytes in place: {@code %} matches any run of
 * characters, {@code _} exactly one character (one to four bytes), the escape character makes the
 * next character literal. Matching is case-sensitive, as DuckDB's LIKE.
 *
 * <p>The pattern is split at {@code %} into segments; the first segment must match at the start
 * (unless the pattern starts with {@code %}), the last at the end, and the ones between are found
 * leftmost-first, which is optimal for this pattern language, so matching never backtracks.
 * Patterns without {@code _} reduce to equality, prefix, suffix and substring tests on bytes.
 * Immutable; shared by all threads.
 */
public final class LikePattern {
    /** One piece between two {@code %}: literal byte runs and {@code _} wildcards, in order. */
    private record Segment(
            List<byte[]> literals, boolean[] isWildcard, int characters, int fixedBytes, byte[] plainLiteral) {
        boolean hasWildcard() {
            for (boolean wildcard : isWildcard) {
                if (wildcard) {
                    return true;
                }
            }
            return false;
        }
    }

    private enum Shape {
        EQUALS,
        PREFIX,
        SUFFIX,
        CONTAINS,
        ANY,
        GENERAL
    }

    private final List<Segment> segments;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final Shape shape;
    private final byte[] simple;

    private LikePattern(List<Segment> segments, boolean anchoredStart, boolean anchoredEnd) {
        this.segments = segments;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
        boolean wildcards = segments.stream().anyMatch(Segment::hasWildcard);
        if (segments.isEmpty()) {
            // only %s (anything), or the empty pattern (only the empty string)
            this.shape = anchoredStart && anchoredEnd ? Shape.EQUALS : Shape.ANY;
            this.simple = new byte[0];
        } else if (wildcards || segments.size() > 1) {
            this.shape = Shape.GENERAL;
            this.simple = null;
        } else {
            this.simple = segments.getFirst().literals().getFirst();
            this.shape = anchoredStart && anchoredEnd
                    ? Shape.EQUALS
                    : anchoredStart ? Shape.PREFIX : anchoredEnd ? Shape.SUFFIX : Shape.CONTAINS;
        }
    }

    /**
     * Compiles {@code pattern}; {@code escape} is the escape character or -1 for none.
     *
     * @throws QuiverException INVALID_ARGUMENT when the pattern ends with the escape character
     */
    public static LikePattern compile(byte[] pattern, int escape) {
        // tokens: a byte[] is a literal run, WILDCARD_ONE is _, WILDCARD_RUN is %
        List<Object> tokens = new ArrayList<>();
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        int position = 0;
        while (position < pattern.length) {
            int characterLength = characterLength(pattern[position]);
            int character = codePointAt(pattern, position, characterLength);
            if (escape >= 0 && character == escape) {
                position += characterLength;
                if (position >= pattern.length) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "LIKE pattern must not end with the escape character: '"
                                    + new String(pattern, java.nio.charset.StandardCharsets.UTF_8) + "'");
                }
                int escapedLength = characterLength(pattern[position]);
                literal.write(pattern, position, escapedLength);
                position += escapedLength;
            } else if (character == '%' || character == '_') {
                if (literal.size() > 0) {
                    tokens.add(literal.toByteArray());
                    literal.reset();
                }
                tokens.add(character == '%' ? WILDCARD_RUN : WILDCARD_ONE);
                position++;
            } else {
                literal.write(pattern, position, characterLength);
                position += characterLength;
            }
        }
        if (literal.size() > 0) {
            tokens.add(literal.toByteArray());
        }
        boolean anchoredStart = tokens.isEmpty() || tokens.getFirst() != WILDCARD_RUN;
        boolean anchoredEnd = tokens.isEmpty() || tokens.getLast() != WILDCARD_RUN;
        List<Segment> segments = new ArrayList<>();
        List<byte[]> literals = new ArrayList<>();
        List<Boolean> wildcards = new ArrayList<>();
        for (Object token : tokens) {
            if (token == WILDCARD_RUN) {
                if (!literals.isEmpty()) {
                    segments.add(segment(literals, wildcards));
                    literals = new ArrayList<>();
                    wildcards = new ArrayList<>();
                }
            } else if (token == WILDCARD_ONE) {
                literals.add(null);
                wildcards.add(true);
            } else {
                literals.add((byte[]) token);
                wildcards.add(false);
            }
        }
        if (!literals.isEmpty()) {
            segments.add(segment(literals, wildcards));
        }
        return new LikePattern(segments, anchoredStart, anchoredEnd);
    }

    private static final Object WILDCARD_ONE = new Object();
    private static final Object WILDCARD_RUN = new Object();

    private static Segment segment(List<byte[]> literals, List<Boolean> wildcards) {
        boolean[] isWildcard = new boolean[wildcards.size()];
        int characters = 0;
        int fixedBytes = 0;
        for (int index = 0; index < isWildcard.length; index++) {
            isWildcard[index] = wildcards.get(index);
            if (isWildcard[index]) {
                characters++;
            } else {
                byte[] bytes = literals.get(index);
                fixedBytes += bytes.length;
                for (byte value : bytes) {
                    characters += Utf8.isCharacterStart(value) ? 1 : 0;
                }
            }
        }
        List<byte[]> pieces = List.copyOf(literals.stream()
                .map(bytes -> bytes == null ? new byte[0] : bytes)
                .toList());
        byte[] plain = isWildcard.length == 1 && !isWildcard[0] ? pieces.getFirst() : null;
        return new Segment(pieces, isWildcard, characters, fixedBytes, plain);
    }

    /** Whether the value in {@code [start, start + length)} of {@code data} matches. */
    public boolean matches(ArrowBuf data, long start, int length) {
        switch (shape) {
            case ANY:
                return true;
            case EQUALS:
                return length == simple.length && Utf8.equals(data, start, simple, 0, length);
            case PREFIX:
                return length >= simple.length && Utf8.equals(data, start, simple, 0, simple.length);
            case SUFFIX:
                return length >= simple.length
                        && Utf8.equals(data, start + length - simple.length, simple, 0, simple.length);
            case CONTAINS:
                return Utf8.indexOf(data, start, length, simple, 0) >= 0;
            default:
                return matchesGeneral(data, start, length);
        }
    }

    private boolean matchesGeneral(ArrowBuf data, long start, int length) {
        int position = 0;
        int first = 0;
        int last = segments.size() - 1;
        if (anchoredStart) {
            int end = matchAt(segments.getFirst(), data, start, length, 0);
            if (end < 0) {
                return false;
            }
            if (last == 0 && anchoredEnd) {
                return end == length;
            }
            position = end;
            first = 1;
        }
        int middleEnd = anchoredEnd ? last - 1 : last;
        for (int index = first; index <= middleEnd; index++) {
            position = find(segments.get(index), data, start, length, position);
            if (position < 0) {
                return false;
            }
        }
        if (anchoredEnd && last >= first) {
            Segment tail = segments.get(last);
            int tailStart = startOfLastCharacters(data, start, length, tail.characters());
            return tailStart >= position && matchAt(tail, data, start, length, tailStart) == length;
        }
        return true;
    }

    /** The end of the leftmost match of {@code segment} at or after {@code from}, or -1. */
    private static int find(Segment segment, ArrowBuf data, long start, int length, int from) {
        byte[] plain = segment.plainLiteral();
        if (plain != null) { // '%special%requests%': a word-at-a-time search, not a match attempt per byte
            // a UTF-8 literal starts with a character's first byte, so any match starts at a character
            int at = Utf8.indexOf(data, start, length, plain, from);
            return at < 0 ? -1 : at + plain.length;
        }
        for (int position = from; position + segment.fixedBytes() <= length; position++) {
            if (position < length && !Utf8.isCharacterStart(data.getByte(start + position))) {
                continue;
            }
            int end = matchAt(segment, data, start, length, position);
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    /** The end of {@code segment} matched exactly at {@code position}, or -1. */
    private static int matchAt(Segment segment, ArrowBuf data, long start, int length, int position) {
        int at = position;
        boolean[] isWildcard = segment.isWildcard();
        List<byte[]> literals = segment.literals();
        for (int index = 0; index < isWildcard.length; index++) {
            if (isWildcard[index]) {
                if (at >= length) {
                    return -1;
                }
                at += characterLength(data.getByte(start + at));
                if (at > length) {
                    return -1;
                }
            } else {
                byte[] literal = literals.get(index);
                if (at + literal.length > length || !Utf8.equals(data, start + at, literal, 0, literal.length)) {
                    return -1;
                }
                at += literal.length;
            }
        }
        return at;
    }

    /** The byte offset where the last {@code characters} characters of the value start, or -1 if it has fewer. */
    private static int startOfLastCharacters(ArrowBuf data, long start, int length, int characters) {
        int position = length;
        int seen = 0;
        while (seen < characters) {
            if (position == 0) {
                return -1;
            }
            position--;
            if (Utf8.isCharacterStart(data.getByte(start + position))) {
                seen++;
            }
        }
        return position;
    }

    /** Bytes in the UTF-8 character starting with {@code lead} (1 for anything unexpected). */
    public static int characterLength(byte lead) {
        int value = lead & 0xFF;
        if (value < 0xC0) {
            return 1;
        }
        if (value < 0xE0) {
            return 2;
        }
        return value < 0xF0 ? 3 : 4;
    }

    private static int codePointAt(byte[] bytes, int position, int length) {
        if (length == 1 || position + length > bytes.length) {
            return bytes[position] & 0xFF;
        }
        return new String(bytes, position, length, java.nio.charset.StandardCharsets.UTF_8).codePointAt(0);
    }
}
