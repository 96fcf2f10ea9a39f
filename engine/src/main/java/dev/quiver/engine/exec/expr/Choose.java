package dev.quiver.engine.exec.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
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
    private Choose() {
    }

    static FieldVector assemble(Field field, FieldVector[] sources, int[] sourceOf, int[] positionOf, int rowCount,
            BufferAllocator allocator) {
        ValueKind kind = ValueKind.of(field.getType());
        if (kind == ValueKind.NULL) {
            return Vectors.nulls(field, rowCount, allocator);
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
        FieldVector result = Vectors.allocateFixed(field, rowCount, allocator);
        try {
            ArrowBuf out = result.getDataBuffer();
            ArrowBuf validity = result.getValidityBuffer();
            // one loop per width; a row whose source value is NULL stays NULL (and zero)
            switch (kind.width) {
                case 0 -> {
                    for (int row = 0; row < rowCount; row++) {
                        int source = sourceOf[row];
                        if (source >= 0 && valid[source].get(positionOf[row])) {
                            Bits.set(validity, row);
                            if (Bits.isSet(data[source], positionOf[row])) {
                                Bits.set(out, row);
                            }
                        }
                    }
                }
                case 1 -> {
                    for (int row = 0; row < rowCount; row++) {
                        int source = sourceOf[row];
                        if (source >= 0 && valid[source].get(positionOf[row])) {
                            Bits.set(validity, row);
                            out.setByte(row, data[source].getByte(positionOf[row]));
                        }
                    }
                }
                case 2 -> {
                    for (int row = 0; row < rowCount; row++) {
                        int source = sourceOf[row];
                        if (source >= 0 && valid[source].get(positionOf[row])) {
                            Bits.set(validity, row);
                            out.setShort((long) row << 1, data[source].getShort((long) positionOf[row] << 1));
                        }
                    }
                }
                case 4 -> {
                    for (int row = 0; row < rowCount; row++) {
                        int source = sourceOf[row];
                        if (source >= 0 && valid[source].get(positionOf[row])) {
                            Bits.set(validity, row);
                            out.setInt((long) row << 2, data[source].getInt((long) positionOf[row] << 2));
                        }
                    }
                }
                case 8 -> {
                    for (int row = 0; row < rowCount; row++) {
                        int source = sourceOf[row];
                        if (source >= 0 && valid[source].get(positionOf[row])) {
                            Bits.set(validity, row);
                            out.setLong((long) row << 3, data[source].getLong((long) positionOf[row] << 3));
                        }
                    }
                }
                default -> {
                    for (int row = 0; row < rowCount; row++) {
                        int source = sourceOf[row];
                        if (source >= 0 && valid[source].get(positionOf[row])) {
                            Bits.set(validity, row);
                            long from = (long) positionOf[row] << 4;
                            out.setLong((long) row << 4, data[source].getLong(from));
                            out.setLong(((long) row << 4) + 8, data[source].getLong(from + 8));
                        }
                    }
                }
            }
            return Vectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private static FieldVector assembleVariable(Field field, Bits[] valid, ArrowBuf[] data, ArrowBuf[] offsets,
            int[] sourceOf, int[] positionOf, int rowCount, BufferAllocator allocator) {
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
