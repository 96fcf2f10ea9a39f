package dev.quiver.udf.pool;

import dev.quiver.udf.cpython.NativeBuffer;
import dev.quiver.udf.cpython.ReplySink;
import dev.quiver.udf.cpython.RuntimeReply;
import dev.quiver.udf.cpython.SharedSegment;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * One process-tier worker: a Python process running {@code quiver_worker.py}, the shared-memory
 * segment its batches cross through, and the control channel (its standard input and output).
 *
 * <p>Confined to the thread of the {@link ProcessTier} slot that owns it, except {@link #interrupt},
 * {@link #kill} and {@link #pid}, which any thread may call. When the process dies, the call in
 * progress throws {@link WorkerDiedException} and the worker is not used again.
 */
final class ProcessWorker implements AutoCloseable {
    private static final int DEFINE = 1;
    private static final int FORGET = 2;
    private static final int SET_PATH = 3;
    private static final int CALL = 4;
    private static final int PROBE = 5;
    private static final int ALIGN = 64;
    private static final long INITIAL_SEGMENT = 1L << 20;
    private static final int STDERR_LINES = 20;
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");
    private static Path scripts;

    private final Process process;
    private final DataOutputStream control;
    private final DataInputStream replies;
    private final SharedSegment segment;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrReader;
    private final Set<Integer> defined = new HashSet<>();
    private final String pythonVersion;
    private final long pid;
    private List<Path> appliedPythonPath = List.of();

    private ProcessWorker(Path python, long maxMemory, String name) throws IOException {
        Path directory =
                Files.isDirectory(SHARED_MEMORY) ? SHARED_MEMORY : Path.of(System.getProperty("java.io.tmpdir"));
        this.segment = SharedSegment.create(
                directory, "quiver-" + ProcessHandle.current().pid() + "-", INITIAL_SEGMENT);
        Path scriptDirectory = scripts();
        try {
            this.process = new ProcessBuilder(
                            python.toString(),
                            "-I",
                            scriptDirectory.resolve("quiver_worker.py").toString(),
                            scriptDirectory.resolve("quiver_runtime.py").toString(),
                            segment.path().toString(),
                            Long.toString(maxMemory))
                    .start();
        } catch (IOException e) {
            segment.close();
            throw e;
        }
        this.pid = process.pid();
        this.control = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.replies = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        this.stderrReader =
                Thread.ofPlatform().daemon().name(name + "-stderr").start(() -> keepStderr(process.getErrorStream()));
        try {
            Reply hello = readReply();
            this.pythonVersion = hello.reply().message();
        } catch (WorkerDiedException e) {
            segment.close();
            throw e;
        }
        segment.unlink(); // both sides have it open now; the name is no longer needed
    }

    /**
     * Starts a worker running {@code python}; waits until it has loaded the runtime.
     *
     * @param maxMemory the worker's data limit in bytes (a MemoryError above it), 0 for none
     * @throws WorkerDiedException when the process exits before it is ready
     * @throws UncheckedIOException when it cannot be started at all
     */
    static ProcessWorker start(Path python, long maxMemory, String name) {
        try {
            return new ProcessWorker(python, maxMemory, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker process " + python + ": " + e.getMessage(), e);
        }
    }

    long pid() {
        return pid;
    }

    String pythonVersion() {
        return pythonVersion;
    }

    boolean isDefined(int functionId) {
        return defined.contains(functionId);
    }

    /** Compiles and imports a function's source in this worker. */
    RuntimeReply define(RegisteredFunction function) {
        RuntimeReply reply = request(frame(DEFINE, out -> {
                    out.writeInt(function.id());
                    writeText(out, function.specJson());
                    writeText(out, function.definition().source());
                }))
                .reply();
        if (reply.isOk()) {
            defined.add(function.id());
        }
        return reply;
    }

    /** Drops a function version this worker compiled. */
    void forget(int functionId) {
        if (defined.remove(functionId)) {
            request(frame(FORGET, out -> out.writeInt(functionId)));
        }
    }

    /** Puts {@code directories} first on the worker's {@code sys.path} unless they already are. */
    void applyPythonPath(List<Path> directories) {
        if (directories.equals(appliedPythonPath)) {
            return;
        }
        String joined =
                String.join("\0", directories.stream().map(Path::toString).toList());
        RuntimeReply reply =
                request(frame(SET_PATH, out -> writeText(out, joined))).reply();
        if (!reply.isOk()) {
            throw new IllegalStateException("setting the package path of worker " + pid + " failed: " + reply);
        }
        appliedPythonPath = List.copyOf(directories);
    }

    /** Imports each module in this worker: an error reply names the first one missing. */
    RuntimeReply probe(List<String> modules) {
        return request(frame(PROBE, out -> writeText(out, String.join(",", modules))))
                .reply();
    }

    /**
     * Calls one of the runtime's entry points ({@code run_batch}, {@code agg_accumulate},
     * {@code tf_start} ...) with the arguments the sub-interpreter tier passes it (Long, Integer,
     * String, or one NativeBuffer[]): copies the read-only buffers into the segment, lets the worker
     * run the call over views of them, copies the writable buffers back and hands the reply's
     * payloads (still in the segment) to {@code sink}, if any.
     */
    RuntimeReply call(String entryPoint, ReplySink sink, Object... arguments) {
        NativeBuffer[] buffers = new NativeBuffer[0];
        for (Object argument : arguments) {
            if (argument instanceof NativeBuffer[] passed) {
                buffers = passed;
            }
        }
        long[] offsets = new long[buffers.length];
        long end = 0;
        for (int index = 0; index < buffers.length; index++) {
            if (buffers[index] == null) {
                offsets[index] = -1;
                continue;
            }
            offsets[index] = end;
            end = align(end + buffers[index].length());
        }
        long replyOffset = end;
        long needed = replyOffset + (1 << 16);
        if (needed > segment.size()) {
            segment.remap(Math.max(needed, 2 * segment.size()));
        }
        long base = segment.address();
        for (int index = 0; index < buffers.length; index++) {
            NativeBuffer buffer = buffers[index];
            if (buffer != null && !buffer.writable() && buffer.length() > 0) {
                MemoryUtil.copyMemory(buffer.address(), base + offsets[index], buffer.length());
            }
        }
        long segmentSize = segment.size();
        NativeBuffer[] passed = buffers;
        Reply reply = request(frame(CALL, out -> {
            writeText(out, entryPoint);
            out.writeLong(segmentSize);
            out.writeLong(replyOffset);
            out.writeInt(arguments.length);
            for (Object argument : arguments) {
                writeArgument(out, argument, passed, offsets);
            }
        }));
        if (!reply.reply().isOk()) {
            return reply.reply();
        }
        base = segment.address(); // the worker may have grown the segment for its payloads
        for (int index = 0; index < buffers.length; index++) {
            NativeBuffer buffer = buffers[index];
            if (buffer != null && buffer.writable() && buffer.length() > 0) {
                MemoryUtil.copyMemory(base + offsets[index], buffer.address(), buffer.length());
            }
        }
        if (sink != null) {
            long[] addresses = new long[reply.payloadOffsets().length];
            for (int slot = 0; slot < addresses.length; slot++) {
                long offset = reply.payloadOffsets()[slot];
                addresses[slot] = offset < 0 ? 0 : base + offset;
            }
            sink.accept(addresses, reply.payloadLengths());
        }
        return reply.reply();
    }

    private static void writeArgument(DataOutputStream out, Object argument, NativeBuffer[] buffers, long[] offsets)
            throws IOException {
        switch (argument) {
            case Long value -> {
                out.writeByte('L');
                out.writeLong(value);
            }
            case Integer value -> {
                out.writeByte('L');
                out.writeLong(value);
            }
            case String value -> {
                out.writeByte('S');
                writeText(out, value);
            }
            case NativeBuffer[] ignored -> {
                out.writeByte('B');
                out.writeInt(buffers.length);
                for (int index = 0; index < buffers.length; index++) {
                    out.writeLong(offsets[index]);
                    out.writeLong(buffers[index] == null ? 0 : buffers[index].length());
                    out.writeByte(buffers[index] != null && buffers[index].writable() ? 1 : 0);
                }
            }
            default ->
                throw new IllegalArgumentException("cannot pass " + argument.getClass() + " to a worker process");
        }
    }

    /**
     * Asks the running call to stop (SIGTERM: QuiverCancelled in the worker). Any thread. Sent through
     * the process handle: {@code Process.destroy()} would also close our end of the worker's pipes, so
     * a worker that stopped the call in time would read end-of-input and exit with code 0.
     */
    void interrupt() {
        process.toHandle().destroy();
    }

    /** Ends the process at once (SIGKILL). Any thread. */
    void kill() {
        process.destroyForcibly();
    }

    /** Resident memory of the worker process in bytes, or -1 when unknown. */
    long residentBytes() {
        try {
            String[] fields =
                    Files.readString(Path.of("/proc/" + pid + "/statm")).trim().split(" ");
            return Long.parseLong(fields[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Closes the control channel (the worker exits), then kills it if it lingers. */
    @Override
    public void close() {
        try {
            control.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        segment.close();
    }

    private Reply request(byte[] body) {
        try {
            control.writeInt(body.length);
            control.write(body);
            control.flush();
        } catch (IOException e) {
            throw died();
        }
        return readReply();
    }

    private Reply readReply() {
        try {
            int length = replies.readInt();
            byte[] body = new byte[length];
            replies.readFully(body);
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
            int status = in.readInt();
            long row = in.readLong();
            String type = readText(in);
            String message = readText(in);
            String traceback = readText(in);
            String arguments = readText(in);
            long segmentSize = in.readLong();
            int count = in.readInt();
            long[] payloadOffsets = new long[count];
            long[] payloadLengths = new long[count];
            for (int slot = 0; slot < count; slot++) {
                payloadOffsets[slot] = in.readLong();
                payloadLengths[slot] = in.readLong();
            }
            if (segmentSize > segment.size()) {
                segment.remap(segmentSize);
            }
            RuntimeReply.Status[] statuses = RuntimeReply.Status.values();
            RuntimeReply.Status decoded =
                    status >= 0 && status < statuses.length ? statuses[status] : RuntimeReply.Status.INTERNAL_ERROR;
            return new Reply(
                    new RuntimeReply(decoded, row, type, message, traceback, arguments),
                    payloadOffsets,
                    payloadLengths);
        } catch (IOException e) {
            throw died();
        }
    }

    /** The failure for a worker that stopped answering: how it ended and what it last printed. */
    private WorkerDiedException died() {
        String ending;
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            stderrReader.join(1000);
            ending = describeExit(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ending = "stopped answering";
        } catch (IllegalThreadStateException e) {
            ending = "stopped answering";
        }
        String tail;
        synchronized (stderrTail) {
            tail = String.join("\n", stderrTail);
        }
        return new WorkerDiedException(pid, ending, tail);
    }

    /** "was killed by signal 11 (SIGSEGV)" or "exited with code 3"; the JDK reports a signal as 128 + its number. */
    static String describeExit(int exitValue) {
        if (exitValue > 128 && exitValue < 128 + 32) {
            int signal = exitValue - 128;
            String name = switch (signal) {
                case 4 -> " (SIGILL)";
                case 6 -> " (SIGABRT)";
                case 7 -> " (SIGBUS)";
                case 8 -> " (SIGFPE)";
                case 9 -> " (SIGKILL, possibly the kernel's out-of-memory killer)";
                case 11 -> " (SIGSEGV)";
                case 15 -> " (SIGTERM)";
                default -> "";
            };
            return "was killed by signal " + signal + name;
        }
        return "exited with code " + exitValue;
    }

    private void keepStderr(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                // What a function prints goes where the sub-interpreter tier's print() goes.
                System.err.println(line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static long align(long offset) {
        return (offset + ALIGN - 1) / ALIGN * ALIGN;
    }

    private interface FrameWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] frame(int op, FrameWriter fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(op);
            fields.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(raw.length);
        out.write(raw);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] raw = new byte[in.readInt()];
        in.readFully(raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The worker scripts, copied once per JVM from the jar into a temporary directory. */
    private static synchronized Path scripts() throws IOException {
        if (scripts == null) {
            Path directory = Files.createTempDirectory("quiver-worker");
            for (String name : new String[] {"quiver_worker.py", "quiver_runtime.py"}) {
                try (InputStream in = ProcessWorker.class.getResourceAsStream("/dev/quiver/udf/" + name)) {
                    if (in == null) {
                        throw new IOException("resource " + name + " is missing from the udf-runtime jar");
                    }
                    Path target = directory.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            directory.toFile().deleteOnExit();
            scripts = directory;
        }
        return scripts;
    }

    private record Reply(RuntimeReply reply, long[] payloadOffsets, long[] payloadLengths) {}
}
