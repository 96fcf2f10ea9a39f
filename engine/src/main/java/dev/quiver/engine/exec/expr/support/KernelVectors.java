package dev.quiver.engine.exec.expr.support;

import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Allocation of the vectors kernels write, and the validity bookkeeping they share.
 *
 * <p>INVARIANT: every vector allocated here has capacity for a whole number of 64-row words, so
 * kernels may write validity and BOOLEAN data a word ({@code setLong}) at a time, and its buffers
 * start zeroed (all rows NULL, all bits false) — except those of {@link #allocateFixedUnzeroed}.
 */
public final class KernelVectors {
    /** The field of the BOOLEAN vectors kernels produce internally. */
    public static final Field BOOLEAN = new Field("bool", FieldType.nullable(ArrowType.Bool.INSTANCE), null);

    private KernelVectors() {}

    /** Rows to allocate for a batch of {@code rowCount} rows: whole words, never zero. */
    public static int capacityFor(int rowCount) {
        return Math.max(64, (rowCount + 63) & ~63);
    }

    /** A zeroed fixed-width or BOOLEAN vector of {@code field}'s type for {@code rowCount} rows. */
    public static FieldVector allocateFixed(Field field, int rowCount, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        try {
            switch (vector) {
                case BitVector bits -> bits.allocateNew(capacityFor(rowCount));
                case BaseFixedWidthVector fixed -> fixed.allocateNew(capacityFor(rowCount));
                default -> throw new IllegalArgumentException("not a fixed-width type: " + field);
            }
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /**
     * As {@link #allocateFixed} for a kernel that writes every row's value and every validity word
     * itself: the buffers are not zeroed first (Arrow's {@code allocateNew} clears them, 7 % of
     * TPC-H Q1's samples for its 16-byte DECIMAL results). Not for BOOLEAN vectors.
     */
    public static FieldVector allocateFixedUnzeroed(Field field, int rowCount, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        if (!(vector instanceof BaseFixedWidthVector fixed) || vector instanceof BitVector || rowCount < 2) {
            // Arrow replaces the validity buffer of a vector loaded with no NULLs or only NULLs
            vector.close();
            return allocateFixed(field, rowCount, allocator);
        }
        int capacity = capacityFor(rowCount);
        try (ArrowBuf validity = allocator.buffer(capacity >>> 3);
                ArrowBuf data = allocator.buffer((long) capacity * fixed.getTypeWidth())) {
            // a null count strictly between 0 and rowCount makes Arrow keep (retain) these buffers
            fixed.loadFieldBuffers(new ArrowFieldNode(rowCount, 1), List.of(validity, data));
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** A zeroed BOOLEAN vector for {@code rowCount} rows. */
    public static BitVector booleans(Field field, int rowCount, BufferAllocator allocator) {
        return (BitVector) allocateFixed(field, rowCount, allocator);
    }

    /** A vector of {@code rowCount} NULLs of {@code field}'s type. */
    public static FieldVector nulls(Field field, int rowCount, BufferAllocator allocator) {
        if (field.getType() instanceof ArrowType.Null) {
            NullVector vector = new NullVector(field);
            vector.setValueCount(rowCount);
            return vector;
        }
        FieldVector vector = field.createVector(allocator);
        try {
            switch (vector) {
                case BaseFixedWidthVector fixed -> fixed.allocateNew(capacityFor(rowCount));
                case BaseVariableWidthVector variable -> {
                    variable.allocateNew(1, capacityFor(rowCount));
                    variable.getOffsetBuffer()
                            .setZero(0, variable.getOffsetBuffer().capacity());
                    variable.setLastSet(rowCount - 1);
                }
                default -> {
                    if (!NestedFields.isNested(field.getType())) {
                        throw new IllegalArgumentException("cannot build NULLs of type " + field);
                    }
                    vector.allocateNew();
                    for (int row = 0; row < rowCount; row++) {
                        VectorWriter.set(vector, row, null);
                    }
                }
            }
            vector.setValueCount(rowCount);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** Sets the validity of {@code rowCount} rows of a vector allocated here to {@code validity}. */
    public static void setValidity(FieldVector target, Bits validity, int rowCount) {
        ArrowBuf buffer = target.getValidityBuffer();
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            buffer.setLong((long) wordIndex << 3, validity.word(wordIndex));
        }
    }

    /** Sets the validity of a vector allocated here to the rows valid in both {@code left} and {@code right}. */
    public static void setValidity(FieldVector target, Bits left, Bits right, int rowCount) {
        Bits.writeAnd(target.getValidityBuffer(), left, right, rowCount);
    }

    /** Marks every row of a vector allocated here as non-null. */
    public static void setAllValid(FieldVector target, int rowCount) {
        ArrowBuf buffer = target.getValidityBuffer();
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            buffer.setLong((long) wordIndex << 3, -1L);
        }
    }

    /**
     * Clears the data bits of NULL rows of a BOOLEAN vector allocated here, so that {@code data}
     * alone says TRUE; AND, OR and filters rely on it.
     */
    public static void canonicalize(BitVector target, int rowCount) {
        ArrowBuf validity = target.getValidityBuffer();
        ArrowBuf data = target.getDataBuffer();
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            long address = (long) wordIndex << 3;
            data.setLong(address, data.getLong(address) & validity.getLong(address));
        }
    }

    /** Whether any of the first {@code rowCount} rows of {@code validity} is NULL. */
    public static boolean anyNull(Bits validity, int rowCount) {
        if (validity.isConstant()) {
            return rowCount > 0 && validity.constantWord() == 0;
        }
        int words = Bits.wordCount(rowCount);
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            if (Bits.masked(~validity.word(wordIndex), wordIndex, rowCount) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Finishes a vector of {@code rowCount} values whose buffers were written directly. */
    public static <V extends FieldVector> V finish(V vector, int rowCount) {
        if (vector instanceof BaseVariableWidthVector variable) {
            variable.setLastSet(rowCount - 1);
        }
        vector.setValueCount(rowCount);
        return vector;
    }

    /** The SQL name of a field's type for messages. */
    public static String sqlName(Field field) {
        return NestedFields.sqlName(field, ValueKind::sqlName);
    }

    /** Closes {@code vector} if it is not null, for cleanup on a failure path. */
    public static void closeQuietly(AutoCloseable vector) {
        if (vector != null) {
            try {
                vector.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one to report
            }
        }
    }
}
