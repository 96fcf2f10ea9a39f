package dev.quiver.engine.exec.expr.support;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.OversizedAllocationException;

/**
 * Writes a VARCHAR (or VARBINARY) vector row by row, straight into its Arrow buffers.
 *
 * <p>PROTOCOL: rows are written in order, each exactly once, by one of the {@code append} methods
 * or by {@link #reserve} + writing into {@link #data()} at {@link #position()} + {@link #commit};
 * a NULL row is written with {@link #appendNull}. {@link #finish} hands the vector to the caller;
 * {@link #close} frees it if {@code finish} was never reached. Validity starts all NULL and
 * {@code append*} sets it, so callers that copied validity in bulk use {@link #appendKeepValidity}.
 */
public final class VarWidthBuilder implements AutoCloseable {
    private final BaseVariableWidthVector vector;
    private ArrowBuf data;
    private final ArrowBuf offsets;
    private final ArrowBuf validity;
    private int end;
    private boolean finished;

    public VarWidthBuilder(Field field, int rowCount, long estimatedBytes, BufferAllocator allocator) {
        FieldVector created = field.createVector(allocator);
        if (!(created instanceof BaseVariableWidthVector variable)) {
            created.close();
            throw new IllegalArgumentException("not a variable-width type: " + field);
        }
        this.vector = variable;
        try {
            vector.allocateNew(Math.max(estimatedBytes, 64), KernelVectors.capacityFor(rowCount));
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
        this.data = vector.getDataBuffer();
        this.offsets = vector.getOffsetBuffer();
        this.validity = vector.getValidityBuffer();
        offsets.setInt(0, 0);
    }

    /** The vector's validity buffer, for callers that set it a word at a time. */
    public ArrowBuf validityBuffer() {
        return validity;
    }

    /** The data buffer; valid until the next {@link #reserve}. */
    public ArrowBuf data() {
        return data;
    }

    /** Where the next row's bytes start in {@link #data()}. */
    public int position() {
        return end;
    }

    /** Makes room for {@code bytes} more bytes after {@link #position()}. */
    public void reserve(long bytes) {
        long needed = end + bytes;
        if (needed > data.capacity()) {
            if (needed > Integer.MAX_VALUE) {
                throw new QuiverException(ErrorCode.MEMORY_LIMIT, "a string column of one batch would exceed 2 GB");
            }
            try {
                vector.reallocDataBuffer(Math.max(needed, data.capacity() * 2));
            } catch (OversizedAllocationException e) {
                // Arrow rounds a buffer up to a power of two: past 1 GB that doubling exceeds 2 GB
                throw new QuiverException(ErrorCode.MEMORY_LIMIT, "a string column of one batch would exceed 2 GB");
            }
            data = vector.getDataBuffer();
        }
    }

    /** Ends row {@code row} at {@code newEnd} (after writing its bytes) and marks it non-null. */
    public void commit(int row, int newEnd) {
        end = newEnd;
        offsets.setInt(((long) row + 1) << 2, end);
        Bits.set(validity, row);
    }

    /** Ends row {@code row} at {@code newEnd}, leaving its validity as it is. */
    public void commitKeepValidity(int row, int newEnd) {
        end = newEnd;
        offsets.setInt(((long) row + 1) << 2, end);
    }

    public void append(int row, ArrowBuf source, long start, int length) {
        reserve(length);
        data.setBytes(end, source, start, length);
        commit(row, end + length);
    }

    public void appendKeepValidity(int row, ArrowBuf source, long start, int length) {
        reserve(length);
        data.setBytes(end, source, start, length);
        commitKeepValidity(row, end + length);
    }

    public void append(int row, byte[] bytes) {
        append(row, bytes, 0, bytes.length);
    }

    public void append(int row, byte[] bytes, int offset, int length) {
        reserve(length);
        data.setBytes(end, bytes, offset, length);
        commit(row, end + length);
    }

    /** Row {@code row} is NULL (no bytes). */
    public void appendNull(int row) {
        offsets.setInt(((long) row + 1) << 2, end);
    }

    /** The finished vector of {@code rowCount} rows, owned by the caller. */
    public FieldVector finish(int rowCount) {
        finished = true;
        return KernelVectors.finish(vector, rowCount);
    }

    @Override
    public void close() {
        if (!finished) {
            vector.close();
        }
    }
}
