package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds a vector whose rows come from several source vectors: the assembly step of CASE, COALESCE
 * and NULLIF. Row {@code r} of the result is row {@code positionOf[r]} of source
 * {@code sourceOf[r]}, or NULL when {@code sourceOf[r] < 0}.
 *
 * <p>Every source must have the result's storage type ({@link CastExpr#sameStorage}); NULL-typed
 * sources are allowed and give NULLs. One loop per storage width, as in
 * {@link dev.quiver.engine.exec.vector.Gather}.
 */
final class Choose {
    private Choose() {}

    static FieldVector assemble(
            Field field,
            FieldVector[] sources,
            int[] sourceOf,
            int[] positionOf,
            int rowCount,
            BufferAllocator allocator) {
        if (NestedFields.isNested(field.getType())) {
            return assembleNested(field, sources, sourceOf, positionOf, rowCount, allocator);
        }
        ValueKind kind = ValueKind.of(field.getType());
        if (kind == ValueKind.NULL) {
            return KernelVectors.nulls(field, rowCount, allocator);
        }
        Bits[] valid = new Bits[sources.length];
        ArrowBuf[] data = new ArrowBuf[sources.length];
        ArrowBuf[] offsets = new ArrowBuf[sources.length];
        for (int source = 0; source < sources.length; source++) {
            FieldVector vector = sources[source];
            if (vector == null || vector instanceof NullVector) {
                valid[source] = Bits.constant(false, 0);
                continue;
            }
            valid[source] = Bits.validity(vector, vector.getValueCount());
            data[source] = vector.getDataBuffer();
            if (kind.width < 0) {
                offsets[source] = vector.getOffsetBuffer();
            }
        }
        if (kind.width < 0) {
            return assembleVariable(field, valid, data, offsets, sourceOf, positionOf, rowCount, allocator);
        }
        FieldVector result = KernelVectors.allocateFixed(field, rowCount, allocator);
        try {
            ArrowBuf out = result.getDataBuffer();
            ArrowBuf validity = result.getValidityBuffer();
            // one loop per width, validity gathered a 64-row word at a time; a row whose source value
            // is NULL stays NULL (and zero)
            int words = Bits.wordCount(rowCount);
            for (int wordIndex = 0; wordIndex < words; wordIndex++) {
                int start = wordIndex << 6;
                int end = Math.min(start + 64, rowCount);
                long validWord = 0;
                long dataWord = 0;
                switch (kind.width) {
                    case 0 -> {
                        for (int row = start; row < end; row++) {
                            int source = sourceOf[row];
                            if (source >= 0 && valid[source].get(positionOf[row])) {
                                validWord |= 1L << (row - start);
                                dataWord |= (Bits.isSet(data[source], positionOf[row]) ? 1L : 0L) << (row - start);
                            }
                        }
                        out.setLong((long) wordIndex << 3, dataWord);
                    }
                    case 1 -> {
                        for (int row = start; row < end; row++) {
                            int source = sourceOf[row];
                            if (source >= 0 && valid[source].get(positionOf[row])) {
                                validWord |= 1L << (row - start);
                                out.setByte(row, data[source].getByte(positionOf[row]));
                            }
                        }
                    }
                    case 2 -> {
                        for (int row = start; row < end; row++) {
                            int source = sourceOf[row];
                            if (source >= 0 && valid[source].get(positionOf[row])) {
                                validWord |= 1L << (row - start);
                                out.setShort((long) row << 1, data[source].getShort((long) positionOf[row] << 1));
                            }
                        }
                    }
                    case 4 -> {
                        for (int row = start; row < end; row++) {
                            int source = sourceOf[row];
                            if (source >= 0 && valid[source].get(positionOf[row])) {
                                validWord |= 1L << (row - start);
                                out.setInt((long) row << 2, data[source].getInt((long) positionOf[row] << 2));
                            }
                        }
                    }
                    case 8 -> {
                        for (int row = start; row < end; row++) {
                            int source = sourceOf[row];
                            if (source >= 0 && valid[source].get(positionOf[row])) {
                                validWord |= 1L << (row - start);
                                out.setLong((long) row << 3, data[source].getLong((long) positionOf[row] << 3));
                            }
                        }
                    }
                    default -> {
                        for (int row = start; row < end; row++) {
                            int source = sourceOf[row];
                            if (source >= 0 && valid[source].get(positionOf[row])) {
                                validWord |= 1L << (row - start);
                                long from = (long) positionOf[row] << 4;
                                out.setLong((long) row << 4, data[source].getLong(from));
                                out.setLong(((long) row << 4) + 8, data[source].getLong(from + 8));
                            }
                        }
                    }
                }
                validity.setLong((long) wordIndex << 3, validWord);
            }
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** {@link #assemble}'s arm for LIST, STRUCT and MAP values: a value at a time, to any depth. */
    private static FieldVector assembleNested(
            Field field,
            FieldVector[] sources,
            int[] sourceOf,
            int[] positionOf,
            int rowCount,
            BufferAllocator allocator) {
        FieldVector result = field.createVector(allocator);
        try {
            result.allocateNew();
            for (int row = 0; row < rowCount; row++) {
                int source = sourceOf[row];
                FieldVector vector = source < 0 ? null : sources[source];
                if (vector == null || vector instanceof NullVector) {
                    Vectors.setNull(result, row);
                } else {
                    Vectors.copyValue(vector, positionOf[row], result, row);
                }
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    /**
     * The result when every source was evaluated over the whole batch: row {@code r} is row
     * {@code r} of the source whose {@code rows} bitmap holds it (NULL when none does). Validity
     * and BOOLEAN values are merged a word at a time; other values are copied for the set bits.
     */
    static FieldVector assembleWhole(
            Field field, FieldVector[] sources, long[][] rows, int rowCount, BufferAllocator allocator) {
        boolean nested = NestedFields.isNested(field.getType());
        ValueKind kind = nested ? null : ValueKind.of(field.getType());
        if (kind == ValueKind.NULL) {
            return KernelVectors.nulls(field, rowCount, allocator);
        }
        if (nested || kind.width < 0) {
            int[] sourceOf = new int[rowCount];
            int[] positionOf = new int[rowCount];
            Arrays.fill(sourceOf, -1);
            for (int source = 0; source < sources.length; source++) {
                if (rows[source] != null) {
                    for (int row : RowRouting.indices(rows[source], RowRouting.count(rows[source], rowCount))) {
                        sourceOf[row] = source;
                        positionOf[row] = row;
                    }
                }
            }
            return assemble(field, sources, sourceOf, positionOf, rowCount, allocator);
        }
        Bits[] valid = new Bits[sources.length];
        ArrowBuf[] data = new ArrowBuf[sources.length];
        for (int source = 0; source < sources.length; source++) {
            FieldVector vector = sources[source];
            if (vector != null && !(vector instanceof NullVector)) {
                valid[source] = Bits.validity(vector, rowCount);
                data[source] = vector.getDataBuffer();
            }
        }
        FieldVector result = KernelVectors.allocateFixed(field, rowCount, allocator);
        try {
            ArrowBuf out = result.getDataBuffer();
            ArrowBuf validity = result.getValidityBuffer();
            for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
                long validWord = 0;
                long dataWord = 0;
                for (int source = 0; source < sources.length; source++) {
                    if (data[source] == null || rows[source] == null) {
                        continue;
                    }
                    long present = rows[source][wordIndex] & valid[source].word(wordIndex);
                    validWord |= present;
                    if (kind.width == 0) {
                        dataWord |= present
                                & Bits.data((BitVector) sources[source], rowCount)
                                        .word(wordIndex);
                    } else if (present != 0) {
                        copyRows(kind.width, data[source], out, present, wordIndex << 6);
                    }
                }
                validity.setLong((long) wordIndex << 3, validWord);
                if (kind.width == 0) {
                    out.setLong((long) wordIndex << 3, dataWord);
                }
            }
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** Copies the rows of one 64-row word whose bits are set, from {@code from} to {@code out} at the same rows. */
    private static void copyRows(int width, ArrowBuf from, ArrowBuf out, long bits, int base) {
        long remaining = bits;
        switch (width) {
            case 1 -> {
                while (remaining != 0) {
                    int row = base + Long.numberOfTrailingZeros(remaining);
                    out.setByte(row, from.getByte(row));
                    remaining &= remaining - 1;
                }
            }
            case 2 -> {
                while (remaining != 0) {
                    long address = (long) (base + Long.numberOfTrailingZeros(remaining)) << 1;
                    out.setShort(address, from.getShort(address));
                    remaining &= remaining - 1;
                }
            }
            case 4 -> {
                while (remaining != 0) {
                    long address = (long) (base + Long.numberOfTrailingZeros(remaining)) << 2;
                    out.setInt(address, from.getInt(address));
                    remaining &= remaining - 1;
                }
            }
            case 8 -> {
                while (remaining != 0) {
                    long address = (long) (base + Long.numberOfTrailingZeros(remaining)) << 3;
                    out.setLong(address, from.getLong(address));
                    remaining &= remaining - 1;
                }
            }
            default -> {
                while (remaining != 0) {
                    long address = (long) (base + Long.numberOfTrailingZeros(remaining)) << 4;
                    out.setLong(address, from.getLong(address));
                    out.setLong(address + 8, from.getLong(address + 8));
                    remaining &= remaining - 1;
                }
            }
        }
    }

    private static FieldVector assembleVariable(
            Field field,
            Bits[] valid,
            ArrowBuf[] data,
            ArrowBuf[] offsets,
            int[] sourceOf,
            int[] positionOf,
            int rowCount,
            BufferAllocator allocator) {
        long bytes = 0;
        for (int row = 0; row < rowCount; row++) {
            int source = sourceOf[row];
            if (source >= 0 && valid[source].get(positionOf[row])) {
                long at = (long) positionOf[row] << 2;
                bytes += offsets[source].getInt(at + 4) - offsets[source].getInt(at);
            }
        }
        try (VarWidthBuilder builder = new VarWidthBuilder(field, rowCount, bytes, allocator)) {
            for (int row = 0; row < rowCount; row++) {
                int source = sourceOf[row];
                if (source < 0 || !valid[source].get(positionOf[row])) {
                    builder.appendNull(row);
                    continue;
                }
                long at = (long) positionOf[row] << 2;
                int start = offsets[source].getInt(at);
                builder.append(row, data[source], start, offsets[source].getInt(at + 4) - start);
            }
            return builder.finish(rowCount);
        }
    }
}
