package dev.quiver.server.pg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The backend messages of one connection, buffered: {@link #begin} a message, write its fields,
 * {@link #end} it (which fills in its length); {@link #flush} sends what was written. Not thread-safe.
 */
final class PgOutput {
    /** Buffered bytes above which a message's end flushes, so a large result streams. */
    private static final int FLUSH_BYTES = 64 * 1024;

    private final OutputStream socket;
    private final Buffer buffer = new Buffer();
    private int messageStart = -1;

    PgOutput(OutputStream socket) {
        this.socket = socket;
    }

    /** A buffer whose bytes can be patched in place (the length of a message). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(FLUSH_BYTES * 2);
        }

        void putInt(int position, int value) {
            buf[position] = (byte) (value >>> 24);
            buf[position + 1] = (byte) (value >>> 16);
            buf[position + 2] = (byte) (value >>> 8);
            buf[position + 3] = (byte) value;
        }
    }

    PgOutput begin(char type) {
        buffer.write(type);
        messageStart = buffer.size();
        int32(0); // the length, filled in by end()
        return this;
    }

    void end() throws IOException {
        buffer.putInt(messageStart, buffer.size() - messageStart);
        messageStart = -1;
        if (buffer.size() >= FLUSH_BYTES) {
            flush();
        }
    }

    PgOutput byte1(int value) {
        buffer.write(value);
        return this;
    }

    PgOutput int16(int value) {
        buffer.write(value >>> 8);
        buffer.write(value);
        return this;
    }

    PgOutput int32(int value) {
        buffer.write(value >>> 24);
        buffer.write(value >>> 16);
        buffer.write(value >>> 8);
        buffer.write(value);
        return this;
    }

    PgOutput bytes(byte[] value) {
        buffer.write(value, 0, value.length);
        return this;
    }

    /** A NUL-terminated string. */
    PgOutput cstring(String value) {
        bytes(value.getBytes(StandardCharsets.UTF_8));
        buffer.write(0);
        return this;
    }

    /** One unframed byte (the answer to an SSL or GSS request). */
    void raw(int value) throws IOException {
        buffer.write(value);
        flush();
    }

    void flush() throws IOException {
        buffer.writeTo(socket);
        buffer.reset();
        socket.flush();
    }
}
