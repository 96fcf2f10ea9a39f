package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.NestedKeys;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * MIN, MAX or ANY_VALUE of VARCHAR or VARBINARY, ordered by unsigned bytes (for UTF-8, code point
 * order — DuckDB's string order), and of nested values (LIST, STRUCT, MAP) as their {@link
 * NestedKeys} bytes, which order as DuckDB orders the values. Each batch's offsets and bytes are copied into Java arrays once,
 * so comparisons run on arrays ({@link Arrays#compareUnsigned} is vectorised); a group's value is
 * copied only when it changes.
 */
final class BytesValueAccumulator implements Accumulator {
    private final int argument;
    private final Field output;
    private final int replacingSign;
    private final HeapReservation memory;
    /** Whether the values are nested, kept as their {@link NestedKeys} encoding. */
    private final boolean nested;
    /** The kept value of each group; null until the group has one. */
    private byte[][] kept = new byte[0][];

    private int[] offsets = new int[0];
    private byte[] data = new byte[0];

    BytesValueAccumulator(int argument, Field output, Selection selection, HeapReservation memory) {
        this.argument = argument;
        this.output = output;
        this.replacingSign = selection.replacingSign;
        this.memory = memory;
        this.nested = NestedKeys.handles(output.getType());
    }

    @Override
    public void ensureCapacity(int groups) {
        kept = memory.grow(kept, groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        if (nested) {
            NestedKeys.Encoded encoded = NestedKeys.encode(batch.column(argument), batch.rowCount());
            int[] starts = encoded.starts();
            for (int index = 0; index < count; index++) {
                int row = rows[index];
                keep(groups[index], encoded.bytes(), starts[row], starts[row + 1]);
            }
            return;
        }
        BaseVariableWidthVector column = (BaseVariableWidthVector) batch.column(argument);
        int rowCount = batch.rowCount();
        offsets = memory.grow(offsets, rowCount + 1);
        ArrowBuf offsetBuffer = column.getOffsetBuffer();
        for (int row = 0; row <= rowCount; row++) {
            offsets[row] = rowCount == 0 ? 0 : offsetBuffer.getInt((long) row << 2);
        }
        int start = offsets[0];
        int end = offsets[rowCount];
        data = memory.grow(data, end);
        column.getDataBuffer().getBytes(start, data, start, end - start);
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            keep(groups[index], data, offsets[row], offsets[row + 1]);
        }
    }

    private void keep(int group, byte[] bytes, int from, int to) {
        byte[] current = kept[group];
        if (current == null
                || Integer.signum(Arrays.compareUnsigned(bytes, from, to, current, 0, current.length))
                        == replacingSign) {
            memory.reserve(to - from - (current == null ? 0 : current.length));
            kept[group] = Arrays.copyOfRange(bytes, from, to);
        }
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        BytesValueAccumulator from = (BytesValueAccumulator) other;
        for (int group = 0; group < mapping.length; group++) {
            if (mapping[group] < 0) {
                continue; // a group of another partition
            }
            byte[] value = from.kept[group];
            if (value != null) {
                keep(mapping[group], value, 0, value.length);
            }
        }
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        if (nested) {
            return NestedKeys.decodeVector(
                    output, Arrays.copyOfRange(kept, first, first + count), new int[count], count, allocator);
        }
        return PrimitiveColumns.writeBytes(output, kept, first, count, allocator);
    }
}
