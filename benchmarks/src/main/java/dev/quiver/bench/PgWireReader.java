package dev.quiver.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest PostgreSQL client that reads a result: a trust login, one simple query, its DataRow
 * messages counted (rows and bytes) and skipped, as a driver that decoded nothing would; or a
 * named statement parsed once and executed with text parameters (the extended protocol). For the
 * throughput of the server's PostgreSQL front without any client library's decoding cost.
 */
final class PgWireReader implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String host;
    private final int port;
    private int processId;
    private int secret;

    /** Rows and DataRow bytes read by one query. */
    record Counts(long rows, long bytes) {}

    /** An ErrorResponse: its SQLSTATE and message. */
    static final class ServerError extends IOException {
        private static final long serialVersionUID = 1L;
        final String sqlState;

        ServerError(String sqlState, String message) {
            super("[" + sqlState + "] " + message);
            this.sqlState = sqlState;
        }
    }

    PgWireReader(String host, int port, String user) throws IOException {
        this.host = host;
        this.port = port;
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        byte[] parameters = ("user\0" + user + "\0database\0quiver\0\0").getBytes(StandardCharsets.UTF_8);
        out.writeInt(8 + parameters.length);
        out.writeInt(196_608); // protocol 3.0
        out.write(parameters);
        out.flush();
        readUntilReady(null, null);
    }

    /** Runs {@code sql} and reads its whole result. */
    Counts query(String sql) throws IOException {
        byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
        out.writeByte('Q');
        out.writeInt(4 + text.length);
        out.write(text);
        out.flush();
        long[] counts = new long[2];
        readUntilReady(counts, null);
        return new Counts(counts[0], counts[1]);
    }

    /** Runs {@code sql} and returns its rows as text values (null for NULL). */
    List<List<String>> rows(String sql) throws IOException {
        byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
        out.writeByte('Q');
        out.writeInt(4 + text.length);
        out.write(text);
        out.flush();
        List<List<String>> rows = new ArrayList<>();
        readUntilReady(null, rows);
        return rows;
    }

    /** Parses {@code sql} (parameters {@code $1 …}, types left to the server) as the named statement {@code name}. */
    void prepare(String name, String sql) throws IOException {
        byte[] body = (name + "\0" + sql + "\0").getBytes(StandardCharsets.UTF_8);
        out.writeByte('P');
        out.writeInt(4 + body.length + 2);
        out.write(body);
        out.writeShort(0);
        sync();
        readUntilReady(null, null);
    }

    /** Runs the named statement with {@code values} (text format) and returns its rows as text values. */
    List<List<String>> execute(String name, String... values) throws IOException {
        byte[] statement = name.getBytes(StandardCharsets.UTF_8);
        List<byte[]> texts = new ArrayList<>(values.length);
        int length = 4 + 1 + statement.length + 1 + 2 + 2 + 2;
        for (String value : values) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            texts.add(text);
            length += 4 + text.length;
        }
        out.writeByte('B');
        out.writeInt(length);
        out.writeByte(0); // the unnamed portal
        out.write(statement);
        out.writeByte(0);
        out.writeShort(0); // every parameter in text format
        out.writeShort(values.length);
        for (byte[] text : texts) {
            out.writeInt(text.length);
            out.write(text);
        }
        out.writeShort(0); // every result column in text format
        out.writeByte('E');
        out.writeInt(4 + 1 + 4);
        out.writeByte(0);
        out.writeInt(0); // all rows
        sync();
        List<List<String>> rows = new ArrayList<>();
        readUntilReady(null, rows);
        return rows;
    }

    private void sync() throws IOException {
        out.writeByte('S');
        out.writeInt(4);
        out.flush();
    }

    /** Sends a cancel request for the statement this connection runs now (from another thread). */
    void cancel() throws IOException {
        try (Socket cancel = new Socket(host, port);
                DataOutputStream request = new DataOutputStream(cancel.getOutputStream())) {
            request.writeInt(16);
            request.writeInt(80_877_102);
            request.writeInt(processId);
            request.writeInt(secret);
            request.flush();
            cancel.getInputStream().read(); // the server closes the connection when done
        }
    }

    private void readUntilReady(long[] counts, List<List<String>> rows) throws IOException {
        ServerError error = null;
        while (true) {
            int type = in.readUnsignedByte();
            int length = in.readInt();
            byte[] body = in.readNBytes(length - 4);
            switch (type) {
                case 'D' -> {
                    if (counts != null) {
                        counts[0]++;
                        counts[1] += length + 1;
                    }
                    if (rows != null) {
                        rows.add(values(ByteBuffer.wrap(body)));
                    }
                }
                case 'K' -> {
                    ByteBuffer key = ByteBuffer.wrap(body);
                    processId = key.getInt();
                    secret = key.getInt();
                }
                case 'E' -> error = error(body);
                case 'R' -> {
                    if (body.length >= 4 && body[3] != 0) {
                        throw new IOException("the server asks for a password: run it without --users");
                    }
                }
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return;
                }
                default -> {
                    // ParameterStatus, BackendKeyData, RowDescription, CommandComplete: nothing to count
                }
            }
        }
    }

    private static List<String> values(ByteBuffer row) {
        int count = row.getShort();
        List<String> values = new ArrayList<>(count);
        for (int column = 0; column < count; column++) {
            int length = row.getInt();
            if (length < 0) {
                values.add(null);
            } else {
                byte[] bytes = new byte[length];
                row.get(bytes);
                values.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static ServerError error(byte[] body) {
        String sqlState = "?";
        String message = "";
        int position = 0;
        while (position < body.length && body[position] != 0) {
            byte field = body[position++];
            int end = position;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            String value = new String(body, position, end - position, StandardCharsets.UTF_8);
            if (field == 'C') {
                sqlState = value;
            } else if (field == 'M') {
                message = value;
            }
            position = end + 1;
        }
        return new ServerError(sqlState, message);
    }

    @Override
    public void close() throws IOException {
        out.writeByte('X');
        out.writeInt(4);
        out.flush();
        socket.close();
    }
}
