package dev.quiver.bench.udf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a workload as bare Python loops ({@code bare_loop.py}): plain python processes that each
 * hold their share of the rows in one {@code array('d')} and time {@code array('d', map(udf,
 * data))} themselves. No batches, no Arrow, no Quiver. With one process this is the fastest the
 * UDF runs on one core; with N processes, each given 1/N of the rows and started together, it is
 * what this machine delivers on N cores (the longest process's time counts).
 */
final class BareLoopRunner implements ModeRunner {
    private static final String SCRIPT = "bare_loop.py";

    private final List<PythonProcess> processes = new ArrayList<>();
    private final List<BufferedReader> replies = new ArrayList<>();

    /** Starts {@code count} processes and hands each its share of the input, by whole batches (untimed). */
    BareLoopRunner(Path python, Workload workload, InputBatches input, int count) throws IOException {
        if (count > input.batchCount()) {
            throw new IllegalArgumentException(
                    count + " bare loops need at least as many batches, got " + input.batchCount());
        }
        try {
            for (int index = 0; index < count; index++) {
                PythonProcess process =
                        new PythonProcess(python, SCRIPT, List.of(workload.source(), workload.handler()));
                processes.add(process);
                replies.add(new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.US_ASCII)));
                int fromBatch = index * input.batchCount() / count;
                int toBatch = (index + 1) * input.batchCount() / count;
                try {
                    process.stdin()
                            .write(ByteBuffer.allocate(Long.BYTES)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .putLong(input.rows(fromBatch, toBatch))
                                    .array());
                    input.writeValues(process.stdin(), fromBatch, toBatch);
                    process.stdin().flush();
                } catch (IOException e) {
                    throw process.failure("sending the input failed", e);
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public Timing runOnce() throws IOException {
        for (PythonProcess process : processes) {
            try {
                process.stdin().write('r');
                process.stdin().flush();
            } catch (IOException e) {
                throw process.failure("run failed", e);
            }
        }
        long nanos = 0;
        Checksum checksum = Checksum.EMPTY;
        for (int index = 0; index < processes.size(); index++) {
            String line = replies.get(index).readLine();
            if (line == null) {
                throw processes.get(index).failure("ended without a result", null);
            }
            // "<seconds> <rows> <checksum as unsigned 64-bit>"
            String[] fields = line.trim().split(" ");
            nanos = Math.max(nanos, Math.round(Double.parseDouble(fields[0]) * 1e9));
            checksum = checksum.plus(new Checksum(Long.parseLong(fields[1]), Long.parseUnsignedLong(fields[2])));
        }
        return new Timing(nanos, checksum);
    }

    @Override
    public void close() throws IOException {
        for (PythonProcess process : processes) {
            process.close();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // the set-up error is the one to report
        }
    }
}
