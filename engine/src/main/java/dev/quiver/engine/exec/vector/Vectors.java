package dev.quiver.engine.exec.vector;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Small vector operations shared by operators: renaming, slicing, concatenation. */
public final class Vectors {
    private Vectors() {}

    /**
     * The vector under {@code field}'s name and nullability (same type), moving its buffers (no
     * copy); the input is consumed. Returns the input itself when nothing changes.
     */
    public static FieldVector rename(FieldVector vector, Field field, BufferAllocator allocator) {
        Field current = vector.getField();
        if (current.getName().equals(field.getName()) && current.isNullable() == field.isNullable()) {
            return vector;
        }
        try (vector) {
            Field renamed = new Field(
                    field.getName(),
                    new org.apache.arrow.vector.types.pojo.FieldType(
                            field.isNullable() || vector.getNullCount() > 0, current.getType(), null),
                    NestedFields.buildable(current).getChildren());
            // into a vector made from the field: Arrow's getTransferPair(Field) builds a struct writer
            // that refuses NULL-typed members ({'a': NULL})
            FieldVector target = renamed.createVector(allocator);
            try {
                vector.makeTransferPair(target).transfer();
                return target;
            } catch (RuntimeException e) {
                target.close();
                throw e;
            }
        }
    }

    /** A new, empty vector of {@code vector}'s type, in {@code allocator}'s memory. */
    public static FieldVector emptyLike(FieldVector vector, BufferAllocator allocator) {
        return NestedFields.buildable(vector.getField()).createVector(allocator);
    }

    /** Rows [start, start + length) of {@code vector} as a new vector sharing its buffers where it can. */
    public static FieldVector slice(FieldVector vector, int start, int length, BufferAllocator allocator) {
        FieldVector target = emptyLike(vector, allocator); // not getTransferPair(Field): see rename
        try {
            vector.makeTransferPair(target).splitAndTransfer(start, length);
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /**
     * A copy of {@code vector} in memory of {@code allocator}: same type, same values, buffers copied
     * byte for byte. Used to take data out of memory owned by someone else (DuckDB's Arrow export),
     * so its lifetime and accounting become the query's.
     */
    public static FieldVector copy(FieldVector vector, BufferAllocator allocator) {
        return copy(vector, vector.getField(), allocator);
    }

    /**
     * As {@link #copy(FieldVector, BufferAllocator)}, under {@code field}'s name and nullability (same
     * type, except that NULL-typed parts may become any type: they hold only NULLs).
     */
    public static FieldVector copy(FieldVector vector, Field field, BufferAllocator allocator) {
        if (vector.getField().getType() instanceof ArrowType.Null && !(field.getType() instanceof ArrowType.Null)) {
            // NULL's own type (SELECT NULL AS x) stored as a column of a real type: all NULLs
            FieldVector target = field.createVector(allocator);
            target.allocateNew();
            target.setValueCount(vector.getValueCount());
            return target;
        }
        if (NestedVectors.isNested(vector)) {
            return NestedVectors.copy(vector, field, allocator);
        }
        FieldVector target = field.createVector(allocator);
        List<ArrowBuf> copies = new java.util.ArrayList<>();
        try {
            for (ArrowBuf buffer : vector.getFieldBuffers()) {
                long length = buffer.readableBytes() > 0 ? buffer.readableBytes() : buffer.capacity();
                ArrowBuf copy = allocator.buffer(Math.max(length, 1));
                copy.setBytes(0, buffer, 0, length);
                copy.writerIndex(length);
                copies.add(copy);
            }
            target.loadFieldBuffers(new ArrowFieldNode(vector.getValueCount(), vector.getNullCount()), copies);
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        } finally {
            copies.forEach(ArrowBuf::close); // loadFieldBuffers took its own references
        }
    }

    /**
     * Copies value {@code from} of {@code source} into row {@code to} of {@code target}, a vector of
     * the same type (nested ones to any depth), growing it as needed; a NULL stays NULL.
     */
    public static void copyValue(FieldVector source, int from, FieldVector target, int to) {
        NestedVectors.copyValue(source, from, target, to);
    }

    /** Sets row {@code row} of {@code target} (nested or not) to NULL, growing it as needed. */
    public static void setNull(FieldVector target, int row) {
        NestedVectors.setNull(target, row);
    }

    /** One vector holding every value of {@code parts} (each up to its value count), in order (copies). */
    public static FieldVector concat(List<FieldVector> parts, Field field, BufferAllocator allocator) {
        return Concat.concat(parts, field, allocator);
    }
}
