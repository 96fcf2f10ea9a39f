package dev.quiver.engine.exec.vector;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Row copies for nested vectors (ListVector, FixedSizeListVector, StructVector, MapVector), to any
 * depth, with NULLs at every level: the nested arm of {@link Gather}, {@link Concat} and
 * {@link Vectors#copy}, and of {@link VectorWriter} for Java values.
 *
 * <p>Rows are copied one at a time through Arrow's copy pairs, which recurse into the children.
 * # Performance: a virtual call per row and per element — fine for the nested columns of a result
 * or a join's payload; the flat layouts keep their bulk loops in {@link Gather} and {@link Concat}.
 */
final class NestedVectors {
    private NestedVectors() {}

    /** Whether {@code vector} holds nested values. */
    static boolean isNested(FieldVector vector) {
        return vector instanceof ListVector || vector instanceof FixedSizeListVector || vector instanceof StructVector;
    }

    /** {@link Gather#gather}'s nested arm: value {@code i} is {@code source[rows[i]]}, NULL for a negative row. */
    static FieldVector gather(FieldVector source, FieldVector target, int[] rows, int count) {
        target.allocateNew();
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            if (row < 0) {
                setNull(target, index);
            } else {
                copyValue(source, row, target, index);
            }
        }
        target.setValueCount(count);
        return target;
    }

    /** {@link Concat}'s nested arm: every value of {@code parts} in order. */
    static void concat(List<FieldVector> parts, FieldVector target) {
        target.allocateNew();
        int written = 0;
        for (FieldVector part : parts) {
            int count = part.getValueCount();
            for (int row = 0; row < count; row++) {
                copyValue(part, row, target, written++);
            }
        }
        target.setValueCount(written);
    }

    /** A copy of every value of {@code source} into a new vector of {@code field}'s (same) type. */
    static FieldVector copy(FieldVector source, Field field, BufferAllocator allocator) {
        FieldVector target = NestedFields.buildable(field).createVector(allocator);
        try {
            concat(List.of(source), target);
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /**
     * Copies value {@code from} of {@code source} to row {@code to} of {@code target} (same shape),
     * recursing into the children. Arrow's own copy pairs go through ComplexCopier, which cannot copy
     * a FixedSizeBinary (UUID) element and fails on one.
     */
    static void copyValue(FieldVector source, int from, FieldVector target, int to) {
        if (source.isNull(from)) {
            setNull(target, to);
            return;
        }
        switch (source) {
            case ListVector list -> {
                ListVector targetList = (ListVector) target;
                int start = list.getElementStartIndex(from);
                int end = list.getElementEndIndex(from);
                int targetStart = targetList.startNewValue(to);
                FieldVector elements = list.getDataVector();
                FieldVector targetElements = targetList.getDataVector();
                for (int index = start; index < end; index++) {
                    copyValue(elements, index, targetElements, targetStart + index - start);
                }
                targetList.endValue(to, end - start);
            }
            case FixedSizeListVector fixed -> {
                FixedSizeListVector targetFixed = (FixedSizeListVector) target;
                int size = fixed.getListSize();
                targetFixed.setNotNull(to);
                for (int index = 0; index < size; index++) {
                    copyValue(
                            fixed.getDataVector(), from * size + index, targetFixed.getDataVector(), to * size + index);
                }
            }
            case StructVector struct -> {
                StructVector targetStruct = (StructVector) target;
                targetStruct.setIndexDefined(to);
                List<FieldVector> members = struct.getChildrenFromFields();
                List<FieldVector> targetMembers = targetStruct.getChildrenFromFields();
                for (int index = 0; index < members.size(); index++) {
                    copyValue(members.get(index), from, targetMembers.get(index), to);
                }
            }
            default -> target.copyFromSafe(from, to, source);
        }
    }

    static void setNull(FieldVector target, int index) {
        switch (target) {
            case StructVector struct -> {
                struct.setNull(index);
            }
            case ListVector list -> list.setNull(index);
            case FixedSizeListVector fixed -> fixed.setNull(index);
            default -> target.setNull(index);
        }
    }

    /**
     * Writes one Java value into row {@code row} of a nested vector: a {@link List} for LIST and
     * fixed-size ARRAY, a {@link Map} from key to value for MAP, a {@link Map} from member name to
     * value (or a {@link List} in member order) for STRUCT; elements as {@link VectorWriter} takes
     * them, nested ones likewise; null writes NULL.
     */
    static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            setNull(vector, row);
            return;
        }
        switch (vector) {
            case MapVector map -> {
                Map<?, ?> entries = (Map<?, ?>) value;
                int start = map.startNewValue(row);
                StructVector pairs = (StructVector) map.getDataVector();
                FieldVector keys = pairs.getChildrenFromFields().get(0);
                FieldVector values = pairs.getChildrenFromFields().get(1);
                int index = start;
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    pairs.setIndexDefined(index);
                    VectorWriter.set(keys, index, entry.getKey());
                    VectorWriter.set(values, index, entry.getValue());
                    index++;
                }
                map.endValue(row, entries.size());
            }
            case ListVector list -> {
                List<?> elements = (List<?>) value;
                int start = list.startNewValue(row);
                FieldVector data = list.getDataVector();
                for (int index = 0; index < elements.size(); index++) {
                    VectorWriter.set(data, start + index, elements.get(index));
                }
                list.endValue(row, elements.size());
            }
            case FixedSizeListVector fixed -> {
                List<?> elements = (List<?>) value;
                if (elements.size() != fixed.getListSize()) {
                    throw new IllegalArgumentException(
                            "an array of " + fixed.getListSize() + " elements cannot hold " + elements.size());
                }
                fixed.setNotNull(row);
                FieldVector data = fixed.getDataVector();
                for (int index = 0; index < elements.size(); index++) {
                    VectorWriter.set(data, row * fixed.getListSize() + index, elements.get(index));
                }
            }
            case StructVector struct -> {
                struct.setIndexDefined(row);
                List<FieldVector> members = struct.getChildrenFromFields();
                for (int index = 0; index < members.size(); index++) {
                    FieldVector member = members.get(index);
                    Object memberValue = value instanceof Map<?, ?> byName
                            ? byName.get(member.getName())
                            : ((List<?>) value).get(index);
                    VectorWriter.set(member, row, memberValue);
                }
            }
            default -> throw new IllegalArgumentException("not a nested vector: " + vector.getField());
        }
    }
}
