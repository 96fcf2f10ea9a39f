package dev.quiver.engine.exec.expr.support;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Byte-level helpers for UTF-8 strings in Arrow buffers: comparison, searching, character counting.
 *
 * <p>Strings compare as unsigned bytes, which for valid UTF-8 is code point order — DuckDB's
 * default (binary) collation.
 */
public final class Utf8 {
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;

    private Utf8() {}

    /** Byte-wise unsigned comparison of two byte ranges, shorter-is-smaller on a common prefix. */
    public static int compare(
            ArrowBuf left, long leftStart, int leftLength, ArrowBuf right, long rightStart, int rightLength) {
        int common = Math.min(leftLength, rightLength);
        int index = 0;
        for (; index + 8 <= common; index += 8) {
            long a = left.getLong(leftStart + index);
            long b = right.getLong(rightStart + index);
            if (a != b) {
                // little-endian loads: reverse so the first byte is the most significant
                return Long.compareUnsigned(Long.reverseBytes(a), Long.reverseBytes(b));
            }
        }
        for (; index < common; index++) {
            int a = left.getByte(leftStart + index) & 0xFF;
            int b = right.getByte(rightStart + index) & 0xFF;
            if (a != b) {
                return a - b;
            }
        }
        return Integer.compare(leftLength, rightLength);
    }

    /** Whether two byte ranges are equal. */
    public static boolean equals(ArrowBuf left, long leftStart, ArrowBuf right, long rightStart, int length) {
        int index = 0;
        for (; index + 8 <= length; index += 8) {
            if (left.getLong(leftStart + index) != right.getLong(rightStart + index)) {
                return false;
            }
        }
        for (; index < length; index++) {
            if (left.getByte(leftStart + index) != right.getByte(rightStart + index)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a byte range equals {@code bytes[offset .. offset + length)}. */
    public static boolean equals(ArrowBuf buffer, long start, byte[] bytes, int offset, int length) {
        for (int index = 0; index < length; index++) {
            if (buffer.getByte(start + index) != bytes[offset + index]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first position {@code >= from} of {@code needle} in the byte range, relative to
     * {@code start}, or -1. Eight candidate positions are tested at a time (SWAR): a position is a
     * candidate when the byte there is the needle's first byte and the byte {@code needle.length - 1}
     * further on is its last, so common first letters (the 's' of "special") rarely reach the
     * full comparison.
     */
    public static int indexOf(ArrowBuf buffer, long start, int length, byte[] needle, int from) {
        int size = needle.length;
        if (size == 0) {
            return from <= length ? from : -1;
        }
        int last = length - size;
        long firstPattern = (needle[0] & 0xFFL) * LOW_BITS;
        long lastPattern = (needle[size - 1] & 0xFFL) * LOW_BITS;
        int middle = Math.max(0, size - 2);
        int position = from;
        // both eight-byte loads stay inside the range while position + 7 <= last
        for (; position + 7 <= last; position += 8) {
            long candidates = zeroBytes(buffer.getLong(start + position) ^ firstPattern)
                    & zeroBytes(buffer.getLong(start + position + size - 1) ^ lastPattern);
            while (candidates != 0) {
                int candidate = position + (Long.numberOfTrailingZeros(candidates) >>> 3);
                if (equals(buffer, start + candidate + 1, needle, 1, middle)) {
                    return candidate;
                }
                candidates &= candidates - 1;
            }
        }
        for (; position <= last; position++) {
            if (buffer.getByte(start + position) == needle[0]
                    && equals(buffer, start + position + 1, needle, 1, size - 1)) {
                return position;
            }
        }
        return -1;
    }

    /** The high bit of every byte of {@code word} that is zero, and no other bit (exact, unlike the borrow trick). */
    private static long zeroBytes(long word) {
        long low7 = (word & ~HIGH_BITS) + ~HIGH_BITS;
        return ~(low7 | word | ~HIGH_BITS);
    }

    /** Whether {@code length} bytes from {@code start} are all ASCII (below 0x80). */
    public static boolean isAscii(ArrowBuf buffer, long start, long length) {
        long index = 0;
        long bits = 0;
        for (; index + 8 <= length; index += 8) {
            bits |= buffer.getLong(start + index);
        }
        for (; index < length; index++) {
            bits |= buffer.getByte(start + index);
        }
        return (bits & HIGH_BITS) == 0;
    }

    /** Whether a byte is the first byte of a UTF-8 character (not a continuation byte). */
    public static boolean isCharacterStart(byte value) {
        return (value & 0xC0) != 0x80;
    }

    /** The number of characters (code points) in a byte range of valid UTF-8. */
    public static int characterCount(ArrowBuf buffer, long start, int length) {
        int count = 0;
        for (int index = 0; index < length; index++) {
            count += isCharacterStart(buffer.getByte(start + index)) ? 1 : 0;
        }
        return count;
    }

    /** The byte offset (relative to {@code start}) where character {@code characterIndex} (0-based) starts. */
    public static int byteOffsetOfCharacter(ArrowBuf buffer, long start, int length, long characterIndex) {
        long seen = -1;
        for (int index = 0; index < length; index++) {
            if (isCharacterStart(buffer.getByte(start + index))) {
                seen++;
                if (seen == characterIndex) {
                    return index;
                }
            }
        }
        return length;
    }

    /** The string in a byte range. */
    public static String decode(ArrowBuf buffer, long start, int length) {
        byte[] bytes = new byte[length];
        buffer.getBytes(start, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes of a string. */
    public static byte[] encode(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
