package dev.quiver.engine.exec.vector;

import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Builds a new vector from chosen rows of another: the kernel behind filter (selected rows), sort
 * (a permutation) and joins (matched rows).
 *
 * <p>One specialised loop per physical layout — fixed width by byte width, bits, variable width —
 * working on the Arrow buffers directly, so there is no per-row virtual call or boxing.
 * # Performance: one pass over {@code rows}; variable width makes a second pass to copy bytes
 * after sizing the data buffer exactly. When {@code rows} is mostly ascending runs of consecutive
 * rows (a filter that keeps most of a batch), each run is copied with one {@code memcpy} instead.
 */
public final class Gather {
    private Gather() {}

    /**
     * A vector of {@code count} values: value {@code i} is {@code source[rows[i]]}; a negative row
     * gives NULL (an outer join's missing side). The caller owns the result.
     */
    public static FieldVector gather(FieldVector source, int[] rows, int count, BufferAllocator allocator) {
        return gather(source, rows, count, allocator, isRunHeavy(rows, count));
    }

    /**
     * Columns {@code columns} of {@code batch} (in that order), each gathered at {@code rows[0..count)}:
     * new vectors the caller owns; {@code batch} stays the caller's.
     */
    public static List<FieldVector> gatherColumns(
            Batch batch, int[] columns, int[] rows, int count, BufferAllocator allocator) {
        boolean runHeavy = isRunHeavy(rows, count); // once for all columns
        List<FieldVector> gathered = new ArrayList<>(columns.length);
        try {
            for (int column : columns) {
                gathered.add(gather(batch.column(column), rows, count, allocator, runHeavy));
            }
        } catch (RuntimeException e) {
            gathered.forEach(FieldVector::close);
            throw e;
        }
        return gathered;
    }

    /**
     * {@code batch} without a selection ({@link Batch#selection}): the selected rows copied into
     * new columns. Takes ownership of {@code batch}; one without a selection is returned as it is.
     */
    public static Batch compact(Batch batch, BufferAllocator allocator) {
        if (batch.selection() == null) {
            return batch;
        }
        try (batch) {
            return copySelected(batch, allocator);
        }
    }

    /** The selected rows of {@code batch}, which stays the caller's, as a new batch without a selection. */
    public static Batch copySelected(Batch batch, BufferAllocator allocator) {
        int[] columns = new int[batch.columnCount()];
        for (int column = 0; column < columns.length; column++) {
            columns[column] = column;
        }
        int count = batch.selectedRowCount();
        int[] rows = batch.selection();
        if (rows == null) {
            rows = new int[count];
            for (int row = 0; row < count; row++) {
                rows[row] = row;
            }
        }
        return new Batch(gatherColumns(batch, columns, rows, count, allocator), count);
    }

    /**
     * As {@link #gather(FieldVector, int[], int, BufferAllocator)}, with {@code runHeavy} the value
     * of {@link #isRunHeavy} for these rows: a caller gathering several columns with the same rows
     * tests them once.
     */
    public static FieldVector gather(
            FieldVector source, int[] rows, int count, BufferAllocator allocator, boolean runHeavy) {
        FieldVector target = Vectors.emptyLike(source, allocator);
        try {
            if (runHeavy
                    && (target instanceof BaseFixedWidthVector || target instanceof BaseVariableWidthVector)
                    && !(target instanceof BitVector)) {
                gatherRuns(source, target, rows, count);
                return target;
            }
            switch (target) {
                case BitVector bits -> gatherBits((BitVector) source, bits, rows, count);
                case BaseFixedWidthVector fixed -> gatherFixed((BaseFixedWidthVector) source, fixed, rows, count);
                case BaseVariableWidthVector variable ->
                    gatherVariable((BaseVariableWidthVector) source, variable, rows, count);
                case NullVector nulls -> nulls.setValueCount(count);
                case FieldVector nested
                when NestedVectors.isNested(nested) -> NestedVectors.gather(source, nested, rows, count);
                default ->
                    throw new UnsupportedOperationException("cannot gather vectors of type " + source.getField());
            }
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    private static void gatherValidity(FieldVector source, ArrowBuf targetValidity, int[] rows, int count) {
        ArrowBuf sourceValidity = source.getValidityBuffer();
        boolean noNulls = source.getNullCount() == 0;
        if (noNulls && count > 0 && rows[0] >= 0 && rows[count - 1] >= 0 && allNonNegative(rows, count)) {
            targetValidity.setOne(0, count >>> 3);
            if ((count & 7) != 0) {
                targetValidity.setByte(count >>> 3, (1 << (count & 7)) - 1);
            }
            return;
        }
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            if (row >= 0 && (noNulls || BitVectorHelper.get(sourceValidity, row) != 0)) {
                BitVectorHelper.setBit(targetValidity, index);
            }
        }
    }

    private static boolean allNonNegative(int[] rows, int count) {
        int sign = 0;
        for (int index = 0; index < count; index++) {
            sign |= rows[index];
        }
        return sign >= 0;
    }

    private static void gatherBits(BitVector source, BitVector target, int[] rows, int count) {
        target.allocateNew(Math.max(count, 1));
        ArrowBuf sourceData = source.getDataBuffer();
        ArrowBuf targetData = target.getDataBuffer();
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            if (row >= 0 && BitVectorHelper.get(sourceData, row) != 0) {
                BitVectorHelper.setBit(targetData, index);
            }
        }
        gatherValidity(source, target.getValidityBuffer(), rows, count);
        target.setValueCount(count);
    }

    private static void gatherFixed(BaseFixedWidthVector source, BaseFixedWidthVector target, int[] rows, int count) {
        target.allocateNew(Math.max(count, 1));
        int width = source.getTypeWidth();
        ArrowBuf from = source.getDataBuffer();
        ArrowBuf to = target.getDataBuffer();
        switch (width) {
            case 1 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    to.setByte(index, row < 0 ? 0 : from.getByte(row));
                }
            }
            case 2 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    to.setShort((long) index << 1, row < 0 ? 0 : from.getShort((long) row << 1));
                }
            }
            case 4 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    to.setInt((long) index << 2, row < 0 ? 0 : from.getInt((long) row << 2));
                }
            }
            case 8 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    to.setLong((long) index << 3, row < 0 ? 0 : from.getLong((long) row << 3));
                }
            }
            case 16 -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    long toOffset = (long) index << 4;
                    if (row < 0) {
                        to.setLong(toOffset, 0);
                        to.setLong(toOffset + 8, 0);
                    } else {
                        long fromOffset = (long) row << 4;
                        to.setLong(toOffset, from.getLong(fromOffset));
                        to.setLong(toOffset + 8, from.getLong(fromOffset + 8));
                    }
                }
            }
            default -> {
                for (int index = 0; index < count; index++) {
                    int row = rows[index];
                    if (row >= 0) {
                        to.setBytes((long) index * width, from, (long) row * width, width);
                    }
                }
            }
        }
        gatherValidity(source, target.getValidityBuffer(), rows, count);
        target.setValueCount(count);
    }

    private static void gatherVariable(
            BaseVariableWidthVector source, BaseVariableWidthVector target, int[] rows, int count) {
        ArrowBuf sourceOffsets = source.getOffsetBuffer();
        long bytes = 0;
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            if (row >= 0) {
                bytes += sourceOffsets.getInt(((long) row + 1) << 2) - sourceOffsets.getInt((long) row << 2);
            }
        }
        target.allocateNew(Math.max(bytes, 1), Math.max(count, 1));
        ArrowBuf sourceData = source.getDataBuffer();
        ArrowBuf targetOffsets = target.getOffsetBuffer();
        ArrowBuf targetData = target.getDataBuffer();
        int end = 0;
        targetOffsets.setInt(0, 0);
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            if (row >= 0) {
                int start = sourceOffsets.getInt((long) row << 2);
                int length = sourceOffsets.getInt(((long) row + 1) << 2) - start;
                targetData.setBytes(end, sourceData, start, length);
                end += length;
            }
            targetOffsets.setInt(((long) index + 1) << 2, end);
        }
        gatherValidity(source, target.getValidityBuffer(), rows, count);
        target.setLastSet(count - 1);
        target.setValueCount(count);
    }

    /** Runs of consecutive rows at least this long on average make {@link #gatherRuns} pay off. */
    private static final int MIN_AVERAGE_RUN = 8;

    /** Rows tested per step of {@link #isRunHeavy}, between the checks for an early answer. */
    private static final int RUN_TEST_BLOCK = 256;

    /**
     * Whether {@code rows} is made of few ascending runs of consecutive rows (and none is
     * negative). Gives up as soon as there are too many breaks for the answer to be yes, so random
     * rows (a join's build side) cost a block, not a pass.
     */
    public static boolean isRunHeavy(int[] rows, int count) {
        if (count < 2 * MIN_AVERAGE_RUN || rows[0] < 0) {
            return false;
        }
        long maxBreaks = count / MIN_AVERAGE_RUN - 1;
        long breaks = 0;
        int sign = 0;
        for (int blockStart = 1; blockStart < count; blockStart += RUN_TEST_BLOCK) {
            int blockEnd = Math.min(count, blockStart + RUN_TEST_BLOCK);
            for (int index = blockStart; index < blockEnd; index++) { // branch-free: the JIT vectorizes it
                int row = rows[index];
                breaks += row != rows[index - 1] + 1 ? 1 : 0;
                sign |= row;
            }
            if (breaks > maxBreaks || sign < 0) {
                return false;
            }
        }
        return true;
    }

    /** Gathers run by run: one bulk copy of values per run of consecutive rows (none negative). */
    private static void gatherRuns(FieldVector source, FieldVector target, int[] rows, int count) {
        if (target instanceof BaseVariableWidthVector variable) {
            ArrowBuf sourceOffsets = source.getOffsetBuffer();
            long bytes = 0;
            for (int start = 0, end; start < count; start = end) {
                end = runEnd(rows, start, count);
                bytes += sourceOffsets.getInt((long) (rows[end - 1] + 1) << 2)
                        - sourceOffsets.getInt((long) rows[start] << 2);
            }
            variable.allocateNew(Math.max(bytes, 1), count);
            ArrowBuf sourceData = source.getDataBuffer();
            ArrowBuf targetOffsets = variable.getOffsetBuffer();
            ArrowBuf targetData = variable.getDataBuffer();
            int written = 0;
            targetOffsets.setInt(0, 0);
            for (int start = 0, end; start < count; start = end) {
                end = runEnd(rows, start, count);
                int first = rows[start];
                int dataStart = sourceOffsets.getInt((long) first << 2);
                int length = sourceOffsets.getInt((long) (rows[end - 1] + 1) << 2) - dataStart;
                targetData.setBytes(written, sourceData, dataStart, length);
                int shift = written - dataStart;
                for (int index = start; index < end; index++) {
                    targetOffsets.setInt(
                            ((long) index + 1) << 2,
                            sourceOffsets.getInt(((long) first + index - start + 1) << 2) + shift);
                }
                written += length;
            }
            gatherValidity(source, variable.getValidityBuffer(), rows, count);
            variable.setLastSet(count - 1);
            variable.setValueCount(count);
            return;
        }
        BaseFixedWidthVector fixed = (BaseFixedWidthVector) target;
        fixed.allocateNew(count);
        int width = ((BaseFixedWidthVector) source).getTypeWidth();
        ArrowBuf from = source.getDataBuffer();
        ArrowBuf to = fixed.getDataBuffer();
        for (int start = 0, end; start < count; start = end) {
            end = runEnd(rows, start, count);
            to.setBytes((long) start * width, from, (long) rows[start] * width, (long) (end - start) * width);
        }
        gatherValidity(source, fixed.getValidityBuffer(), rows, count);
        fixed.setValueCount(count);
    }

    /** The end (exclusive) of the run of consecutive rows starting at {@code start}. */
    private static int runEnd(int[] rows, int start, int count) {
        int end = start + 1;
        while (end < count && rows[end] == rows[end - 1] + 1) {
            end++;
        }
        return end;
    }
}
