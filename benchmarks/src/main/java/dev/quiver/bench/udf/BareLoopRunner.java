package dev.quiver.bench.udf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a workload as a bare Python loop ({@code bare_loop.py}): one plain python process holds
 * every row in one {@code array('d')} and times {@code array('d', map(udf, data))} itself. No
 * batches, no Arrow, no Quiver: the fastest this UDF runs on one core.
 */
final class BareLoopRunner implements ModeRunner {
    private static final String SCRIPT = "bare_loop.py";

    private final PythonProcess process;
    private final BufferedReader replies;

    /** Starts the process and hands it the input (untimed). */
    BareLoopRunner(Path python, Workload workload, InputBatches input) throws IOException {
        this.process = new PythonProcess(python, SCRIPT, List.of(workload.source(), workload.handler()));
        this.replies = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.US_ASCII));
        try {
            process.stdin().write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(input.rows()).array());
            input.writeValues(process.stdin());
            process.stdin().flush();
        } catch (IOException e) {
            closeQuietly();
            throw process.failure("sending the input failed", e);
        }
    }

    @Override
    public Timing runOnce() throws IOException {
        String line;
        try {
            process.stdin().write('r');
            process.stdin().flush();
            line = replies.readLine();
        } catch (IOException e) {
            throw process.failure("run failed", e);
        }
        if (line == null) {
            throw process.failure("ended without a result", null);
        }
        // "<seconds> <rows> <checksum as unsigned 64-bit>"
        String[] fields = line.trim().split(" ");
        long nanos = Math.round(Double.parseDouble(fields[0]) * 1e9);
        return new Timing(nanos, new Checksum(Long.parseLong(fields[1]), Long.parseUnsignedLong(fields[2])));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.close();
    }

    private void closeQuietly() {
        try {
            process.close();
        } catch (IOException e) {
            // the set-up error is the one to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
