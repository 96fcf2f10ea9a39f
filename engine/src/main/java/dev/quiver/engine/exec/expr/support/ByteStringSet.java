package dev.quiver.engine.exec.expr.support;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * A fixed set of byte strings (an IN list's VARCHAR or BLOB constants) that Arrow variable-width
 * rows are tested against: by length first, then 8 bytes at a time as 64-bit words.
 *
 * <p># Performance: a row costs one offset read, one length test and, for a member length, one
 * 8-byte load per word and member (TPC-H's {@code l_shipmode IN ('MAIL', 'SHIP')} is one word) —
 * no boxed length, no map lookup, no byte loop. Words are read little-endian, as {@link ArrowBuf}
 * reads them, and a value's last partial word is masked to its length.
 */
public final class ByteStringSet {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * {@code membersByLength[length]}: the members of that length, word after word (each member
     * {@code ceil(length / 8)} words, the last zero-padded), or null when no member has it.
     */
    private final long[][] membersByLength;

    /** Whether the empty string is a member (it has no words to compare). */
    private final boolean hasEmpty;

    public ByteStringSet(List<byte[]> members) {
        int longest = members.stream().mapToInt(member -> member.length).max().orElse(0);
        long[][] byLength = new long[longest + 1][];
        boolean empty = false;
        for (byte[] member : members) {
            if (member.length == 0) {
                empty = true;
                continue;
            }
            long[] words = wordsOf(member);
            long[] known = byLength[member.length];
            if (known != null && containsWords(known, words)) {
                continue;
            }
            long[] grown = known == null ? new long[words.length] : Arrays.copyOf(known, known.length + words.length);
            System.arraycopy(words, 0, grown, grown.length - words.length, words.length);
            byLength[member.length] = grown;
        }
        this.membersByLength = byLength;
        this.hasEmpty = empty;
    }

    /**
     * Sets bit {@code row} of {@code out} (a zeroed bitmap) for every row of {@code [0, rowCount)} of
     * {@code strings} (VARCHAR or VARBINARY) whose bytes are a member, whatever its validity.
     */
    public void markMembers(FieldVector strings, int rowCount, ArrowBuf out) {
        ArrowBuf offsets = strings.getOffsetBuffer();
        ArrowBuf data = strings.getDataBuffer();
        int end = rowCount == 0 ? 0 : offsets.getInt(0);
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            int first = wordIndex << 6;
            int last = Math.min(first + 64, rowCount);
            long word = 0;
            for (int row = first; row < last; row++) {
                int start = end;
                end = offsets.getInt(((long) row + 1) << 2);
                if (contains(data, start, end - start)) {
                    word |= 1L << (row - first);
                }
            }
            out.setLong((long) wordIndex << 3, word);
        }
    }

    /**
     * Keeps, of {@code rows[0..count)} of {@code strings}, in place and in order, those whose bytes
     * are a member (with {@code negate}, those whose bytes are not), whatever their validity; their
     * number.
     */
    public int keepMembers(FieldVector strings, boolean negate, int[] rows, int count) {
        ArrowBuf offsets = strings.getOffsetBuffer();
        ArrowBuf data = strings.getDataBuffer();
        int flip = negate ? 1 : 0;
        int kept = 0;
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            int start = offsets.getInt((long) row << 2);
            int length = offsets.getInt(((long) row + 1) << 2) - start;
            rows[kept] = row;
            kept += (contains(data, start, length) ? 1 : 0) ^ flip;
        }
        return kept;
    }

    /** Whether the {@code length} bytes of {@code data} at {@code start} are a member. */
    public boolean contains(ArrowBuf data, long start, int length) {
        if (length >= membersByLength.length) {
            return false;
        }
        if (length == 0) {
            return hasEmpty;
        }
        long[] members = membersByLength[length];
        if (members == null) {
            return false;
        }
        int wordCount = (length + 7) >>> 3;
        if (wordCount == 1) { // the common case: short codes, flags, modes
            long value = word(data, start, length);
            for (long member : members) {
                if (member == value) {
                    return true;
                }
            }
            return false;
        }
        for (int member = 0; member < members.length; member += wordCount) {
            int index = 0;
            while (index < wordCount
                    && members[member + index] == word(data, start + ((long) index << 3), length - (index << 3))) {
                index++;
            }
            if (index == wordCount) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next 8 bytes at {@code start} as a little-endian word, of which only the first
     * {@code remaining} count (the rest zeroed) when fewer than 8 remain. One load when the
     * buffer has 8 bytes there; byte by byte at its very end, never reading past it.
     */
    private static long word(ArrowBuf data, long start, int remaining) {
        if (start + 8 <= data.capacity()) {
            long value = data.getLong(start);
            return remaining >= 8 ? value : value & ((1L << (remaining << 3)) - 1);
        }
        long value = 0;
        int count = Math.min(remaining, 8);
        for (int index = 0; index < count; index++) {
            value |= (data.getByte(start + index) & 0xFFL) << (index << 3);
        }
        return value;
    }

    private static long[] wordsOf(byte[] bytes) {
        byte[] padded = Arrays.copyOf(bytes, ((bytes.length + 7) >>> 3) << 3);
        long[] words = new long[padded.length >>> 3];
        for (int index = 0; index < words.length; index++) {
            words[index] = (long) LONGS.get(padded, index << 3);
        }
        return words;
    }

    private static boolean containsWords(long[] members, long[] words) {
        for (int member = 0; member < members.length; member += words.length) {
            if (Arrays.equals(members, member, member + words.length, words, 0, words.length)) {
                return true;
            }
        }
        return false;
    }
}
