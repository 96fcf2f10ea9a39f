package dev.quiver.engine.exec.expr.support;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Reads a bitmap — a validity buffer or a BOOLEAN data buffer — 64 rows at a time.
 *
 * <p>Whole words are read with one 8-byte load; the last, partial word is assembled byte by byte
 * because buffers sliced from longer vectors end exactly at {@code ceil(rows / 8)} bytes. Bits past
 * the batch's last row are unspecified: callers mask them when it matters ({@link #tailMask}).
 * A final class with no subclasses, so the JIT inlines {@link #word} into the caller's loop.
 */
public final class Bits {
    private final ArrowBuf buffer;
    private final long constant;
    private final int fullWords;
    private final int byteCount;

    private Bits(ArrowBuf buffer, long constant, int rowCount) {
        this.buffer = buffer;
        this.constant = constant;
        int bytes = (rowCount + 7) >>> 3;
        if (buffer == null) {
            this.fullWords = 0;
            this.byteCount = 0;
        } else {
            this.byteCount = (int) Math.min(buffer.capacity(), bytes);
            this.fullWords = this.byteCount >>> 3;
        }
    }

    /** The validity of the first {@code rowCount} rows of {@code vector}: set bits are non-null rows. */
    public static Bits validity(FieldVector vector, int rowCount) {
        if (vector instanceof NullVector) {
            return new Bits(null, 0L, rowCount);
        }
        if (vector.getNullCount() == 0) {
            return new Bits(null, -1L, rowCount);
        }
        return new Bits(vector.getValidityBuffer(), 0L, rowCount);
    }

    /** The data bits (the TRUE values, whatever the validity) of a BOOLEAN vector. */
    public static Bits data(BitVector vector, int rowCount) {
        return new Bits(vector.getDataBuffer(), 0L, rowCount);
    }

    /** The bits of a buffer Quiver allocated for {@code rowCount} rows (see {@link KernelVectors}). */
    public static Bits of(ArrowBuf buffer, int rowCount) {
        return new Bits(buffer, 0L, rowCount);
    }

    /** Every word all ones ({@code true}) or all zeros. */
    public static Bits constant(boolean set, int rowCount) {
        return new Bits(null, set ? -1L : 0L, rowCount);
    }

    /** True when the bitmap is the same for every row and needs no memory reads. */
    public boolean isConstant() {
        return buffer == null;
    }

    /** The constant word when {@link #isConstant()}. */
    public long constantWord() {
        return constant;
    }

    /** Bits {@code 64 * wordIndex} to {@code 64 * wordIndex + 63}; bit {@code i} is row {@code 64 * wordIndex + i}. */
    public long word(int wordIndex) {
        if (buffer == null) {
            return constant;
        }
        if (wordIndex < fullWords) {
            return buffer.getLong((long) wordIndex << 3);
        }
        long value = 0;
        int start = wordIndex << 3;
        for (int byteIndex = start; byteIndex < byteCount; byteIndex++) {
            value |= (buffer.getByte(byteIndex) & 0xFFL) << ((byteIndex - start) << 3);
        }
        return value;
    }

    /** Whether row {@code row}'s bit is set. */
    public boolean get(int row) {
        if (buffer == null) {
            return constant != 0;
        }
        return ((buffer.getByte(row >>> 3) >>> (row & 7)) & 1) != 0;
    }

    /** Words needed for {@code rowCount} bits. */
    public static int wordCount(int rowCount) {
        return (rowCount + 63) >>> 6;
    }

    /** The bits of the last word that belong to rows; all ones when {@code rowCount} is a multiple of 64. */
    public static long tailMask(int rowCount) {
        int remainder = rowCount & 63;
        return remainder == 0 ? -1L : (1L << remainder) - 1;
    }

    /** Word {@code wordIndex} with the bits past {@code rowCount} cleared. */
    public static long masked(long word, int wordIndex, int rowCount) {
        return wordIndex == wordCount(rowCount) - 1 ? word & tailMask(rowCount) : word;
    }

    /**
     * Keeps, of {@code rows[0..count)}, in place and in order, those whose bit in {@code bitmap} is
     * set (a vector's validity: its non-NULL rows); their number. Branch-free: every row is stored,
     * and the count advances by its bit.
     */
    public static int keepSet(ArrowBuf bitmap, int[] rows, int count) {
        int kept = 0;
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            rows[kept] = row;
            kept += (bitmap.getByte(row >>> 3) >>> (row & 7)) & 1;
        }
        return kept;
    }

    /**
     * Appends to {@code rows}, from position {@code count}, the rows {@code base + bit} of the set
     * bits of {@code word}, ascending; the new count. A full word is stored without bit scanning.
     */
    public static int appendSetRows(long word, int base, int[] rows, int count) {
        if (word == -1L) {
            for (int bit = 0; bit < 64; bit++) {
                rows[count + bit] = base + bit;
            }
            return count + 64;
        }
        int next = count;
        while (word != 0) {
            rows[next++] = base + Long.numberOfTrailingZeros(word);
            word &= word - 1;
        }
        return next;
    }

    /** Writes the rows set in both {@code left} and {@code right} into {@code buffer}, a word at a time. */
    public static void writeAnd(ArrowBuf buffer, Bits left, Bits right, int rowCount) {
        int words = wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            buffer.setLong((long) wordIndex << 3, left.word(wordIndex) & right.word(wordIndex));
        }
    }

    /** Sets bit {@code row} of a buffer Quiver allocated (whole words of capacity). */
    public static void set(ArrowBuf buffer, int row) {
        long address = (long) (row >>> 6) << 3;
        buffer.setLong(address, buffer.getLong(address) | (1L << (row & 63)));
    }

    /** Clears bit {@code row} of a buffer Quiver allocated. */
    public static void clear(ArrowBuf buffer, int row) {
        long address = (long) (row >>> 6) << 3;
        buffer.setLong(address, buffer.getLong(address) & ~(1L << (row & 63)));
    }

    /** Whether bit {@code row} of {@code buffer} is set. */
    public static boolean isSet(ArrowBuf buffer, int row) {
        return ((buffer.getByte(row >>> 3) >>> (row & 7)) & 1) != 0;
    }
}
