package dev.quiver.server.pg;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The frontend messages of one connection: a type byte and a length-prefixed body. Not thread-safe. */
final class PgInput {
    /** Larger messages are refused: no statement or parameter set of a real client is near this. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final DataInputStream socket;

    PgInput(InputStream socket) {
        this.socket = new DataInputStream(socket);
    }

    /** One message: its type and body. */
    record Message(char type, Body body) {}

    /** The next message with a type byte; null at the end of the stream. */
    Message next() throws IOException {
        int type = socket.read();
        if (type < 0) {
            return null;
        }
        return new Message((char) type, body(socket.readInt()));
    }

    /** The startup packet (no type byte): its body, after the length. */
    Body startup() throws IOException {
        return body(socket.readInt());
    }

    private Body body(int length) throws IOException {
        if (length < 4 || length > MAX_MESSAGE_BYTES) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "protocol violation: a message of " + length + " bytes");
        }
        byte[] bytes = new byte[length - 4];
        try {
            socket.readFully(bytes);
        } catch (EOFException e) {
            throw new IOException("connection closed mid-message", e);
        }
        return new Body(ByteBuffer.wrap(bytes));
    }

    /** A message body, read field by field. */
    static final class Body {
        private final ByteBuffer buffer;

        Body(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        int int16() {
            return buffer.getShort();
        }

        int int32() {
            return buffer.getInt();
        }

        byte byte1() {
            return buffer.get();
        }

        byte[] bytes(int count) {
            byte[] bytes = new byte[count];
            buffer.get(bytes);
            return bytes;
        }

        /** The bytes not read yet. */
        byte[] rest() {
            return bytes(buffer.remaining());
        }

        boolean hasRemaining() {
            return buffer.hasRemaining();
        }

        /** A NUL-terminated UTF-8 string. */
        String cstring() {
            int start = buffer.position();
            int end = start;
            while (end < buffer.limit() && buffer.get(end) != 0) {
                end++;
            }
            if (end == buffer.limit()) {
                throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "protocol violation: unterminated string");
            }
            String value = new String(buffer.array(), start, end - start, StandardCharsets.UTF_8);
            buffer.position(end + 1);
            return value;
        }
    }
}
