package dev.quiver.udf.convert;

import dev.quiver.udf.UdfType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Builds an Arrow vector of any {@link UdfType} from the bytes Python flattened a column into: one
 * (mask, offsets, data) triple per node of the type tree, in pre-order (a MAP's node is followed by
 * its key and value nodes; its entries struct has no triple). Masks hold one byte per value (1 for
 * a value, 0 for NULL; absent when there is no NULL), offsets {@code rows + 1} int32 values for
 * VARCHAR, VARBINARY, LIST and MAP, data the values as Arrow lays them out (BOOLEAN one byte per
 * value). Each buffer is copied once into an exactly sized Arrow buffer and loaded into the vector
 * as Arrow's IPC reader would load it — no per-value calls.
 *
 * <p>The payload's memory is only valid during {@link dev.quiver.udf.cpython.ReplySink#accept}: call
 * from there. Malformed payloads (a bug in the runtime) raise {@link IllegalStateException}.
 */
public final class ColumnAssembler {
    private final BufferAllocator allocator;
    private final long[] addresses;
    private final long[] lengths;
    private int slot;

    /**
     * @param first the payload slot of the column's first triple
     */
    public ColumnAssembler(BufferAllocator allocator, long[] addresses, long[] lengths, int first) {
        this.allocator = allocator;
        this.addresses = addresses;
        this.lengths = lengths;
        this.slot = first;
    }

    /** The payload slot after the column(s) loaded so far. */
    public int nextSlot() {
        return slot;
    }

    /** Creates a vector named {@code name} holding the next column of {@code rows} values; the caller owns it. */
    public FieldVector assemble(String name, UdfType type, int rows) {
        FieldVector vector = type.toField(name).createVector(allocator);
        try {
            load(type, vector, rows);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** Loads the next column of {@code rows} values into {@code vector}, an empty vector of {@code type}. */
    public void load(UdfType type, FieldVector vector, int rows) {
        long maskAddress = addresses[slot];
        long maskLength = lengths[slot];
        long offsetsAddress = addresses[slot + 1];
        long offsetsLength = lengths[slot + 1];
        long dataAddress = addresses[slot + 2];
        long dataLength = lengths[slot + 2];
        slot += 3;
        if (maskAddress != 0 && maskLength != rows) {
            throw malformed(maskLength + " mask bytes for " + rows + " " + type + " values");
        }
        List<ArrowBuf> buffers = new ArrayList<>(3);
        try {
            int nullCount = validity(buffers, maskAddress, rows);
            ArrowFieldNode node = new ArrowFieldNode(rows, nullCount);
            switch (type.name()) {
                case LIST, MAP -> {
                    buffers.add(copy(offsetsAddress, offsetsLength, (long) (rows + 1) * Integer.BYTES, type));
                    vector.loadFieldBuffers(node, buffers);
                    int count = MemoryUtil.getInt(offsetsAddress + (long) rows * Integer.BYTES);
                    FieldVector child = (FieldVector) ((ListVector) vector).getDataVector();
                    if (type.name() == UdfType.Name.LIST) {
                        load(type.element(), child, count);
                    } else {
                        loadEntries(type, (StructVector) child, count);
                    }
                }
                case ARRAY -> {
                    vector.loadFieldBuffers(node, buffers);
                    FieldVector child = (FieldVector) ((FixedSizeListVector) vector).getDataVector();
                    load(type.element(), child, Math.multiplyExact(rows, type.size()));
                }
                case STRUCT -> {
                    vector.loadFieldBuffers(node, buffers);
                    StructVector struct = (StructVector) vector;
                    for (int index = 0; index < type.fields().size(); index++) {
                        load(type.fields().get(index).type(), (FieldVector) struct.getChildByOrdinal(index), rows);
                    }
                }
                case VARCHAR, VARBINARY -> {
                    buffers.add(copy(offsetsAddress, offsetsLength, (long) (rows + 1) * Integer.BYTES, type));
                    long end = rows == 0 ? 0 : MemoryUtil.getInt(offsetsAddress + (long) rows * Integer.BYTES);
                    buffers.add(copy(dataAddress, dataLength, end, type));
                    vector.loadFieldBuffers(node, buffers);
                }
                case BOOLEAN -> {
                    if (dataLength != rows) {
                        throw malformed(dataLength + " bytes for " + rows + " BOOLEAN values");
                    }
                    ArrowBuf bits = bits(rows);
                    buffers.add(bits);
                    for (int row = 0; row < rows; row++) {
                        if (MemoryUtil.getByte(dataAddress + row) != 0) {
                            BitVectorHelper.setBit(bits, row);
                        }
                    }
                    vector.loadFieldBuffers(node, buffers);
                }
                default -> {
                    buffers.add(copy(dataAddress, dataLength, (long) rows * type.fixedWidth(), type));
                    vector.loadFieldBuffers(node, buffers);
                }
            }
        } finally {
            buffers.forEach(ArrowBuf::close); // the vector holds its own references
        }
    }

    /** A MAP's entries: never NULL, their key and value columns the next two nodes. */
    private void loadEntries(UdfType type, StructVector entries, int count) {
        ArrowBuf validity = bits(count);
        try {
            validity.setOne(0, validity.capacity());
            entries.loadFieldBuffers(new ArrowFieldNode(count, 0), List.of(validity));
        } finally {
            validity.close();
        }
        load(type.key(), (FieldVector) entries.getChildByOrdinal(0), count);
        load(type.element(), (FieldVector) entries.getChildByOrdinal(1), count);
    }

    /** Adds the validity bits of a byte mask (all valid when there is none); returns the NULL count. */
    private int validity(List<ArrowBuf> buffers, long maskAddress, int rows) {
        ArrowBuf bits = bits(rows);
        buffers.add(bits);
        if (maskAddress == 0) {
            bits.setOne(0, bits.capacity());
            return 0;
        }
        int nulls = 0;
        for (int row = 0; row < rows; row++) {
            if (MemoryUtil.getByte(maskAddress + row) != 0) {
                BitVectorHelper.setBit(bits, row);
            } else {
                nulls++;
            }
        }
        return nulls;
    }

    private ArrowBuf bits(int rows) {
        ArrowBuf bits = allocator.buffer(Math.max(1, (rows + 7) / 8));
        bits.setZero(0, bits.capacity());
        return bits;
    }

    private ArrowBuf copy(long address, long length, long expected, UdfType type) {
        if (length != expected) {
            throw malformed(length + " bytes where " + expected + " were expected, for " + type);
        }
        ArrowBuf buffer = allocator.buffer(Math.max(1, length));
        if (length > 0) {
            MemoryUtil.copyMemory(address, buffer.memoryAddress(), length);
        }
        return buffer;
    }

    private static IllegalStateException malformed(String what) {
        return new IllegalStateException("Python returned " + what + " (a bug in the runtime)");
    }
}
