package dev.quiver.udf.cpython;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file in shared memory ({@code /dev/shm}) mapped into this process and into one worker process,
 * through which a process-tier batch crosses without being copied again on the Python side.
 *
 * <p>The file is unlinked once the worker has opened it ({@link #unlink}): both sides keep it open
 * by descriptor and it disappears with the last of them, even after a crash. Either side may grow
 * it; the other remaps to the size named in the next control frame ({@link #remap}).
 *
 * <p>Confined to the thread that drives its worker; {@link #close} unmaps at once (the address must
 * not be used afterwards).
 */
public final class SharedSegment implements AutoCloseable {
    private final Path path;
    private final RandomAccessFile file;
    private final FileChannel channel;
    private Arena arena;
    private MemorySegment mapping;

    private SharedSegment(Path path, RandomAccessFile file) {
        this.path = path;
        this.file = file;
        this.channel = file.getChannel();
    }

    /** Creates a new segment file of {@code size} bytes in {@code directory} and maps it. */
    public static SharedSegment create(Path directory, String prefix, long size) {
        try {
            Path path = Files.createTempFile(directory, prefix, ".seg");
            SharedSegment segment = new SharedSegment(path, new RandomAccessFile(path.toFile(), "rw"));
            segment.remap(size);
            return segment;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a shared memory segment in " + directory, e);
        }
    }

    /** The file's path, for the worker to open; gone after {@link #unlink}. */
    public Path path() {
        return path;
    }

    /** Start address of the mapping; changes with every {@link #remap}. */
    public long address() {
        return mapping.address();
    }

    public long size() {
        return mapping.byteSize();
    }

    /** Removes the file's name; the memory stays until both processes have closed it. */
    public void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover name in /dev/shm is harmless here; the memory goes with the descriptors.
        }
    }

    /** Maps the file at {@code size} bytes, growing it first if it is smaller; unmaps the old mapping. */
    @SuppressWarnings(
            "MustBeClosedChecker") // the arena lives as long as its mapping: closed by the next remap or close()
    public void remap(long size) {
        try {
            if (file.length() < size) {
                file.setLength(size);
            }
            Arena next = Arena.ofShared();
            MemorySegment nextMapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, next);
            if (arena != null) {
                arena.close();
            }
            arena = next;
            mapping = nextMapping;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map shared memory segment " + path + " at " + size + " bytes", e);
        }
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
        try {
            file.close();
        } catch (IOException e) {
            // Nothing to do: the mapping is gone either way.
        }
        unlink();
    }
}
