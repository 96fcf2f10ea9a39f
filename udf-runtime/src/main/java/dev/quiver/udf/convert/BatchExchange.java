package dev.quiver.udf.convert;

import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.NativeBuffer;
import dev.quiver.udf.cpython.ReplySink;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * One batch's trip from Arrow vectors to Python and back: the buffers handed over by address, and
 * the output vector Python's results land in.
 *
 * <p>Each argument goes to Python as one (mask, offsets, data) triple of buffers per node of its
 * type tree, in pre-order (see {@link UdfType#nodeCount}): a LIST or MAP node has its offsets and
 * is followed by its element (or key and value) nodes, an ARRAY or STRUCT node by its children.
 * Buffers go as they are (no copy), except: BOOLEAN bits are unpacked to one byte per row (testing
 * bits per row in Python is slow); a vector with NULLs also gets a one-byte-per-row validity mask;
 * for RETURNS NULL ON NULL INPUT, rows with a NULL argument are first compacted away (Python then
 * runs its fast path on dense data) and the results are scattered back, NULL at the skipped rows.
 *
 * <p>Fixed-width results are written by Python straight into the output vector's data buffer;
 * variable-width results arrive as one offsets and one data bytes object, copied once; nested
 * results arrive as one triple per node, assembled by {@link ColumnAssembler}.
 *
 * <p>OWNERSHIP: the caller keeps the input vectors unchanged until {@link #close}. Every input
 * buffer handed to Python by address is retained (one reference) until {@link #close}, so the
 * memory stays valid for as long as Python may read it — even when the caller gave up on a call
 * that ignored cancellation and closed its vectors. Everything this object allocates is freed by
 * {@link #close}, except the vector returned by {@link #takeResult}, which then belongs to the
 * caller. Used by one worker, except {@link #handOverTo}, which any thread may call (the methods
 * that touch the buffers are synchronized).
 */
public final class BatchExchange implements ReplySink, AutoCloseable {
    private static final int OFFSET_WIDTH = BaseVariableWidthVector.OFFSET_WIDTH;
    private final PythonFunction function;
    /** Allocates results and scratch; after {@link #handOverTo}, the allocator the memory moved to. */
    private BufferAllocator allocator;

    private final int rowCount;
    /** Rows passed to Python, in order, when some were compacted away; null when all were. */
    private final int[] selection;

    private final int pythonRows;
    private final List<FieldVector> compacted = new ArrayList<>();
    private final List<ArrowBuf> scratch = new ArrayList<>();
    /** Input buffers Python reads by address, each retained once until {@link #close}. */
    private final List<ArrowBuf> retained = new ArrayList<>();

    /** Per argument its node triples, then the output buffer (null for a variable-width or nested result). */
    private final List<NativeBuffer> buffers = new ArrayList<>();

    private FieldVector output;
    private ArrowBuf booleanOutput;
    private boolean closed;

    /**
     * @param arguments one vector per argument with at least {@code rowCount} values, of the types
     *                  the function declares
     * @throws IllegalArgumentException when the vectors do not match the function's signature
     */
    public BatchExchange(
            PythonFunction function, List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator) {
        this.function = function;
        this.allocator = allocator;
        this.rowCount = rowCount;
        checkSignature(function, arguments, rowCount);
        try {
            this.selection = function.nullHandling() == NullHandling.RETURNS_NULL_ON_NULL_INPUT
                    ? rowsWithoutNulls(arguments, rowCount)
                    : null;
            List<? extends FieldVector> inputs = selection == null ? arguments : compact(arguments, selection);
            this.pythonRows = selection == null ? rowCount : selection.length;
            for (int index = 0; index < inputs.size(); index++) {
                describe(function.argumentTypes().get(index), inputs.get(index), pythonRows);
            }
            this.output = allocateOutput();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The rows Python sees: the batch's rows minus those skipped for NULL arguments. */
    public int pythonRowCount() {
        return pythonRows;
    }

    /**
     * Whether Python must be called: false when NULL arguments removed every row of a non-empty
     * batch (the result is all NULL). An empty batch still makes the round trip.
     */
    public boolean needsPython() {
        return selection == null || selection.length > 0;
    }

    /** Fills the result for a batch that {@link #needsPython() needs no Python}: every row NULL. */
    public void acceptAllNull() {
        output.setValueCount(0);
    }

    /** Maps a row number Python reported back to the caller's row. */
    public long callerRow(long pythonRow) {
        if (pythonRow < 0 || selection == null || pythonRow >= selection.length) {
            return pythonRow;
        }
        return selection[(int) pythonRow];
    }

    /** The buffers for {@code run_batch}: (mask, offsets, data) per node of each argument, then the output. */
    public NativeBuffer[] buffers() {
        return buffers.toArray(NativeBuffer[]::new);
    }

    @Override
    public synchronized void accept(long[] addresses, long[] lengths) {
        UdfType type = function.returnType();
        if (type.isNested()) {
            new ColumnAssembler(allocator, addresses, lengths, 0).load(type, output, pythonRows);
            return;
        }
        if (type.isVariableWidth()) {
            copyVariableWidth(addresses[OFFSETS], lengths[OFFSETS], addresses[DATA], lengths[DATA]);
        } else if (type.name() == UdfType.Name.BOOLEAN) {
            packBooleans();
        }
        setValidity(addresses[MASK], lengths[MASK]);
        output.setValueCount(pythonRows);
    }

    /**
     * The result vector of {@code rowCount} rows, now owned by the caller. Call after a successful
     * reply was delivered to {@link #accept}.
     */
    public synchronized FieldVector takeResult() {
        FieldVector result = output;
        if (selection != null) {
            result = scatter(output);
            output.close();
        }
        output = null;
        return result;
    }

    /**
     * Moves the accounting of every buffer Python may still read or write to {@code target}, for a
     * call its caller gave up on while Python still runs it (stuck in one C call): the caller may
     * then close its vectors <em>and its allocator</em>, while the memory stays valid, counted in
     * {@code target}, until this exchange is closed — when Python lets go. Any thread; the buffers'
     * addresses do not change.
     *
     * @return false when the exchange was already closed (nothing to hand over)
     */
    public synchronized boolean handOverTo(BufferAllocator target) {
        if (closed) {
            return false;
        }
        for (int index = 0; index < retained.size(); index++) {
            retained.set(index, transfer(retained.get(index), target));
        }
        for (int index = 0; index < scratch.size(); index++) {
            ArrowBuf moved = transfer(scratch.get(index), target);
            if (scratch.get(index) == booleanOutput) {
                booleanOutput = moved;
            }
            scratch.set(index, moved);
        }
        // Compacted copies are read by Python only through their retained buffers, moved above.
        compacted.forEach(FieldVector::close);
        compacted.clear();
        if (output != null) {
            TransferPair pair = output.getTransferPair(target);
            pair.transfer();
            output = (FieldVector) pair.getTo();
        }
        allocator = target;
        return true;
    }

    /** A buffer over the same memory counted in {@code target}; our reference to the old one is dropped. */
    private static ArrowBuf transfer(ArrowBuf buffer, BufferAllocator target) {
        ArrowBuf moved =
                buffer.getReferenceManager().transferOwnership(buffer, target).getTransferredBuffer();
        buffer.getReferenceManager().release();
        return moved;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (output != null) {
            output.close();
            output = null;
        }
        compacted.forEach(FieldVector::close);
        compacted.clear();
        scratch.forEach(ArrowBuf::close);
        scratch.clear();
        retained.forEach(buffer -> buffer.getReferenceManager().release());
        retained.clear();
    }

    /**
     * Checks that {@code arguments} fit the function's signature and hold {@code rowCount} rows.
     *
     * @throws IllegalArgumentException naming the argument that does not fit
     */
    public static void checkSignature(PythonFunction function, List<? extends FieldVector> arguments, int rowCount) {
        if (arguments.size() != function.argumentTypes().size()) {
            throw new IllegalArgumentException("function " + function.name() + " takes "
                    + function.argumentTypes().size() + " arguments, got " + arguments.size());
        }
        for (int index = 0; index < arguments.size(); index++) {
            FieldVector vector = arguments.get(index);
            UdfType expected = function.argumentTypes().get(index);
            if (!expected.accepts(vector.getField())) {
                throw new IllegalArgumentException("argument " + (index + 1) + " of function " + function.name()
                        + " must be " + expected + ", got " + UdfType.describe(vector.getField()));
            }
            if (vector.getValueCount() < rowCount) {
                throw new IllegalArgumentException("argument " + (index + 1) + " of function " + function.name()
                        + " has " + vector.getValueCount() + " values for a batch of " + rowCount + " rows");
            }
        }
    }

    /** The rows where every argument is non-NULL, or null when that is every row. */
    private static int[] rowsWithoutNulls(List<? extends FieldVector> arguments, int rowCount) {
        boolean anyNulls = false;
        for (FieldVector vector : arguments) {
            anyNulls |= vector.getNullCount() > 0;
        }
        if (!anyNulls) {
            return null;
        }
        int[] rows = new int[rowCount];
        int kept = 0;
        for (int row = 0; row < rowCount; row++) {
            boolean valid = true;
            for (FieldVector vector : arguments) {
                valid &= !vector.isNull(row);
            }
            if (valid) {
                rows[kept++] = row;
            }
        }
        return java.util.Arrays.copyOf(rows, kept);
    }

    private List<FieldVector> compact(List<? extends FieldVector> arguments, int[] rows) {
        for (FieldVector source : arguments) {
            FieldVector dense = source.getField().createVector(allocator);
            compacted.add(dense);
            dense.setInitialCapacity(rows.length);
            dense.allocateNew();
            for (int target = 0; target < rows.length; target++) {
                RowCopier.copy(source, rows[target], dense, target);
            }
            dense.setValueCount(rows.length);
        }
        return compacted;
    }

    /** Adds the triples of {@code type}'s node and of every node below it, for {@code rows} values of {@code vector}. */
    private void describe(UdfType type, FieldVector vector, int rows) {
        NativeBuffer mask = null;
        if (vector.getNullCount() > 0) {
            ArrowBuf bytes = scratch(rows);
            for (int row = 0; row < rows; row++) {
                bytes.setByte(row, vector.isNull(row) ? 0 : 1);
            }
            mask = NativeBuffer.readOnly(bytes.memoryAddress(), rows);
        }
        switch (type.name()) {
            case BOOLEAN -> {
                ArrowBuf bytes = scratch(rows);
                ArrowBuf bits = vector.getDataBuffer();
                for (int row = 0; row < rows; row++) {
                    bytes.setByte(row, BitVectorHelper.get(bits, row));
                }
                add(mask, null, NativeBuffer.readOnly(bytes.memoryAddress(), rows));
            }
            case VARCHAR, VARBINARY -> {
                NativeBuffer offsets = offsets(vector, rows);
                long dataEnd = rows == 0 ? 0 : vector.getOffsetBuffer().getInt((long) rows * OFFSET_WIDTH);
                add(mask, offsets, NativeBuffer.readOnly(handOver(vector.getDataBuffer()), dataEnd));
            }
            case LIST, MAP -> {
                add(mask, offsets(vector, rows), null);
                int count = rows == 0 ? 0 : vector.getOffsetBuffer().getInt((long) rows * OFFSET_WIDTH);
                FieldVector child = (FieldVector) ((ListVector) vector).getDataVector();
                if (type.name() == UdfType.Name.LIST) {
                    describe(type.element(), child, count);
                } else {
                    // The entries struct is never NULL: Python sees the key and value columns only.
                    StructVector entries = (StructVector) child;
                    describe(type.key(), (FieldVector) entries.getChildByOrdinal(0), count);
                    describe(type.element(), (FieldVector) entries.getChildByOrdinal(1), count);
                }
            }
            case ARRAY -> {
                add(mask, null, null);
                FieldVector child = (FieldVector) ((FixedSizeListVector) vector).getDataVector();
                describe(type.element(), child, Math.multiplyExact(rows, type.size()));
            }
            case STRUCT -> {
                add(mask, null, null);
                StructVector struct = (StructVector) vector;
                for (int index = 0; index < type.fields().size(); index++) {
                    describe(type.fields().get(index).type(), (FieldVector) struct.getChildByOrdinal(index), rows);
                }
            }
            default ->
                add(
                        mask,
                        null,
                        NativeBuffer.readOnly(handOver(vector.getDataBuffer()), (long) rows * type.fixedWidth()));
        }
    }

    private void add(NativeBuffer mask, NativeBuffer offsets, NativeBuffer data) {
        buffers.add(mask);
        buffers.add(offsets);
        buffers.add(data);
    }

    /** The {@code rows + 1} int32 offsets of a variable-width or list vector. */
    private NativeBuffer offsets(FieldVector vector, int rows) {
        if (rows == 0) {
            // An empty vector may have no offsets at all; give Python the single 0 it expects.
            ArrowBuf zero = scratch(OFFSET_WIDTH);
            zero.setInt(0, 0);
            return NativeBuffer.readOnly(zero.memoryAddress(), OFFSET_WIDTH);
        }
        return NativeBuffer.readOnly(handOver(vector.getOffsetBuffer()), (long) (rows + 1) * OFFSET_WIDTH);
    }

    /** Retains {@code buffer} until {@link #close} and returns its address for Python. */
    private long handOver(ArrowBuf buffer) {
        buffer.getReferenceManager().retain();
        retained.add(buffer);
        return buffer.memoryAddress();
    }

    private FieldVector allocateOutput() {
        UdfType type = function.returnType();
        FieldVector vector = type.toField(function.name()).createVector(allocator);
        try {
            if (type.isVariableWidth() || type.isNested()) {
                buffers.add(null);
                return vector; // sized once Python says how much data there is
            }
            vector.setInitialCapacity(Math.max(pythonRows, 1));
            vector.allocateNew();
            if (type.name() == UdfType.Name.BOOLEAN) {
                booleanOutput = scratch(pythonRows);
                buffers.add(NativeBuffer.writable(booleanOutput.memoryAddress(), pythonRows));
            } else {
                buffers.add(NativeBuffer.writable(
                        vector.getDataBuffer().memoryAddress(), (long) pythonRows * type.fixedWidth()));
            }
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    private void copyVariableWidth(long offsetsAddress, long offsetsLength, long dataAddress, long dataLength) {
        long expectedOffsets = (long) (pythonRows + 1) * OFFSET_WIDTH;
        if (offsetsLength != expectedOffsets) {
            throw new IllegalStateException("Python returned " + offsetsLength + " bytes of offsets for " + pythonRows
                    + " rows (a bug in the runtime)");
        }
        BaseVariableWidthVector vector = (BaseVariableWidthVector) output;
        vector.allocateNew(Math.max(dataLength, 1), Math.max(pythonRows, 1));
        MemoryUtil.copyMemory(offsetsAddress, vector.getOffsetBuffer().memoryAddress(), offsetsLength);
        if (dataLength > 0) {
            MemoryUtil.copyMemory(dataAddress, vector.getDataBuffer().memoryAddress(), dataLength);
        }
        vector.setLastSet(pythonRows - 1);
    }

    private void packBooleans() {
        ArrowBuf bits = ((BitVector) output).getDataBuffer();
        bits.setZero(0, bits.capacity());
        for (int row = 0; row < pythonRows; row++) {
            if (booleanOutput.getByte(row) != 0) {
                BitVectorHelper.setBit(bits, row);
            }
        }
    }

    private void setValidity(long maskAddress, long maskLength) {
        ArrowBuf validity = output.getValidityBuffer();
        if (maskAddress == 0) {
            int fullBytes = pythonRows / 8;
            validity.setOne(0, fullBytes);
            for (int row = fullBytes * 8; row < pythonRows; row++) {
                BitVectorHelper.setBit(validity, row);
            }
            return;
        }
        if (maskLength != pythonRows) {
            throw new IllegalStateException("Python returned a mask of " + maskLength + " bytes for " + pythonRows
                    + " rows (a bug in the runtime)");
        }
        validity.setZero(0, validity.capacity());
        for (int row = 0; row < pythonRows; row++) {
            if (MemoryUtil.getByte(maskAddress + row) != 0) {
                BitVectorHelper.setBit(validity, row);
            }
        }
    }

    private FieldVector scatter(FieldVector dense) {
        FieldVector full = dense.getField().createVector(allocator);
        try {
            full.setInitialCapacity(rowCount);
            full.allocateNew();
            for (int source = 0; source < selection.length; source++) {
                RowCopier.copy(dense, source, full, selection[source]);
            }
            full.setValueCount(rowCount);
            return full;
        } catch (RuntimeException e) {
            full.close();
            throw e;
        }
    }

    private ArrowBuf scratch(long bytes) {
        ArrowBuf buffer = allocator.buffer(Math.max(bytes, 1));
        scratch.add(buffer);
        return buffer;
    }
}
