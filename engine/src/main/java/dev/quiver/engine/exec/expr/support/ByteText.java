package dev.quiver.engine.exec.expr.support;

import org.apache.arrow.memory.ArrowBuf;

/**
 * A reusable {@link CharSequence} view of one value of a VARCHAR buffer, so parsers can read a row
 * without copying it into a String. Bytes map one-to-one to chars: ASCII reads as itself and any
 * byte of a multi-byte character reads as a char above 0x7F, which no number or date grammar
 * accepts. {@link #toString()} decodes the value properly, for error messages.
 */
public final class ByteText implements CharSequence {
    private ArrowBuf buffer;
    private long start;
    private int length;

    /** Points this view at {@code length} bytes from {@code start}. */
    public ByteText reset(ArrowBuf buffer, long start, int length) {
        this.buffer = buffer;
        this.start = start;
        this.length = length;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return (char) (buffer.getByte(start + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return toString().substring(from, to);
    }

    @Override
    public String toString() {
        return Utf8.decode(buffer, start, length);
    }
}
