package dev.quiver.engine.exec.expr;

import static java.util.Objects.requireNonNull;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * CASTs that involve a nested type: to VARCHAR ({@link NestedText}), from VARCHAR ({@link
 * NestedTextParser}), and between nested types of the
 * same shape, element by element ({@code INTEGER[] -> BIGINT[]}, {@code STRUCT(a INTEGER) ->
 * STRUCT(a VARCHAR)}, map keys and values), to any depth: the parent's validity and offsets are
 * kept and each child is cast as a whole vector. Struct members are matched by name when the
 * target names the same members in another order ({@code {'a': 1, 'b': 2}::STRUCT(b INT, a INT)}
 * is {@code {'b': 2, 'a': 1}}, as in DuckDB), else by position.
 */
final class NestedCasts {
    private NestedCasts() {}

    /** Throws UNSUPPORTED unless values of {@code source} can be cast to {@code target}. */
    static void check(Field source, Field target) {
        if (!isSupported(source, target)) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "CAST from " + KernelVectors.sqlName(source) + " to " + KernelVectors.sqlName(target)
                            + " is not supported");
        }
    }

    private static boolean isSupported(Field source, Field target) {
        ArrowType from = source.getType();
        ArrowType to = target.getType();
        if (from instanceof ArrowType.Null || to instanceof ArrowType.Utf8) {
            return true;
        }
        if (from instanceof ArrowType.Utf8 && NestedFields.isNested(to)) {
            return isSupported(NestedTextParser.textShape(target), target);
        }
        if (!NestedFields.isNested(from) || !NestedFields.isNested(to)) {
            return false;
        }
        if (!sameShape(from, to)) {
            return false;
        }
        int[] pairs = to instanceof ArrowType.Struct
                ? memberPairs(source.getChildren(), target.getChildren())
                : identity(source.getChildren().size(), target.getChildren().size());
        if (pairs == null) {
            return false;
        }
        for (int child = 0; child < target.getChildren().size(); child++) {
            if (pairs[child] < 0) {
                continue; // a struct member the value lacks: NULL
            }
            Field sourceChild = source.getChildren().get(pairs[child]);
            Field targetChild = target.getChildren().get(child);
            boolean childNested = NestedFields.isNested(sourceChild.getType());
            if (childNested || NestedFields.isNested(targetChild.getType())) {
                if (!isSupported(sourceChild, targetChild)) {
                    return false;
                }
            } else {
                try {
                    new CastExpr(new ColumnExpr(0, sourceChild), targetChild);
                } catch (QuiverException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean sameShape(ArrowType from, ArrowType to) {
        return from.getClass() == to.getClass() || (isList(from) && isList(to));
    }

    private static boolean isList(ArrowType type) {
        return type instanceof ArrowType.List || type instanceof ArrowType.FixedSizeList;
    }

    /** Whether the cast can fail on some value (an element cast can). */
    static boolean canFail(Field source, Field target) {
        return !(target.getType() instanceof ArrowType.Utf8) && !(source.getType() instanceof ArrowType.Null);
    }

    /** The cast of {@code values} to {@code target}: a new vector, or {@code values} itself when nothing changes. */
    static FieldVector cast(FieldVector values, Field target, int rowCount, BufferAllocator allocator) {
        ArrowType targetType = target.getType();
        if (values.getField().getType() instanceof ArrowType.Null) {
            return KernelVectors.nulls(target, rowCount, allocator);
        }
        if (targetType instanceof ArrowType.Utf8) {
            return NestedText.toVarchar(values, target, rowCount, allocator);
        }
        if (values instanceof VarCharVector text) {
            return fromText(text, target, rowCount, allocator);
        }
        if (values.getField().equals(target)) {
            return values;
        }
        return switch (values) {
            case ListVector list
            when targetType instanceof ArrowType.FixedSizeList -> fixedFromList(list, target, rowCount, allocator);
            case ListVector list -> {
                int elementCount = rowCount == 0 ? 0 : list.getOffsetBuffer().getInt((long) rowCount << 2);
                yield rebuild(values, target, rowCount, List.of(list.getDataVector()), elementCount, allocator);
            }
            case FixedSizeListVector fixed
            when targetType instanceof ArrowType.List -> listFromFixed(fixed, target, rowCount, allocator);
            case FixedSizeListVector fixed -> {
                if (((ArrowType.FixedSizeList) targetType).getListSize() != fixed.getListSize()) {
                    throw new QuiverException(
                            ErrorCode.INVALID_CAST,
                            "Cannot cast array of size " + fixed.getListSize() + " to array of size "
                                    + ((ArrowType.FixedSizeList) targetType).getListSize());
                }
                yield rebuild(
                        values,
                        target,
                        rowCount,
                        List.of(fixed.getDataVector()),
                        rowCount * fixed.getListSize(),
                        allocator);
            }
            case StructVector struct -> rebuild(values, target, rowCount, members(struct, target), rowCount, allocator);
            default -> throw new IllegalStateException("no nested cast from " + values.getField());
        };
    }

    /**
     * A vector of {@code target}'s type with the parent buffers of {@code values} (validity,
     * offsets) and each child cast to the target's child type.
     */
    private static FieldVector rebuild(
            FieldVector values,
            Field target,
            int rowCount,
            List<FieldVector> children,
            int childCount,
            BufferAllocator allocator) {
        return rebuild(
                values.getFieldBuffers(), values.getNullCount(), target, rowCount, children, childCount, allocator);
    }

    /** {@link #rebuild(FieldVector, Field, int, List, int, BufferAllocator)} with the parent buffers given. */
    private static FieldVector rebuild(
            List<ArrowBuf> buffers,
            int nullCount,
            Field target,
            int rowCount,
            List<FieldVector> children,
            int childCount,
            BufferAllocator allocator) {
        FieldVector result = target.createVector(allocator);
        List<FieldVector> castChildren = new ArrayList<>();
        try {
            result.loadFieldBuffers(new ArrowFieldNode(rowCount, nullCount), buffers);
            List<FieldVector> resultChildren = result.getChildrenFromFields();
            for (int child = 0; child < children.size(); child++) {
                FieldVector source = children.get(child);
                Field childTarget = target.getChildren().get(child);
                FieldVector cast = source == null // a struct member the source lacks: NULL
                        ? KernelVectors.nulls(childTarget, childCount, allocator)
                        : CastExpr.cast(source, childTarget, childCount, allocator);
                if (cast == source) { // same type: share the buffers
                    cast = Vectors.slice(source, 0, childCount, allocator);
                }
                castChildren.add(cast);
                cast.makeTransferPair(resultChildren.get(child)).transfer();
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        } finally {
            castChildren.forEach(FieldVector::close);
        }
    }

    /** The struct's members in the target's order ({@link #memberPairs}); null for one it lacks. */
    private static List<FieldVector> members(StructVector struct, Field target) {
        List<FieldVector> members = struct.getChildrenFromFields();
        int[] pairs = memberPairs(members.stream().map(FieldVector::getField).toList(), target.getChildren());
        List<FieldVector> paired = new ArrayList<>();
        for (int index : requireNonNull(pairs, "struct cast checked before it runs")) {
            paired.add(index < 0 ? null : members.get(index));
        }
        return paired;
    }

    /**
     * For each target member, the index of the source member cast to it, as DuckDB pairs struct
     * members: by name (ignoring case) when any name matches, -1 for a member the source lacks (it
     * becomes NULL), source members the target lacks left out; by position when no name matches
     * (an unnamed {@code row(1, 2)}), which needs as many members; null when they cannot pair.
     */
    private static int[] memberPairs(List<Field> source, List<Field> target) {
        int[] pairs = new int[target.size()];
        boolean matched = false;
        for (int wanted = 0; wanted < target.size(); wanted++) {
            pairs[wanted] = -1;
            for (int member = 0; member < source.size(); member++) {
                if (source.get(member)
                        .getName()
                        .equalsIgnoreCase(target.get(wanted).getName())) {
                    pairs[wanted] = member;
                    matched = true;
                    break;
                }
            }
        }
        return matched ? pairs : identity(source.size(), target.size());
    }

    /** Child {@code i} to child {@code i}; null unless both have as many children. */
    private static int[] identity(int sourceCount, int targetCount) {
        return sourceCount == targetCount ? IntStream.range(0, targetCount).toArray() : null;
    }

    /**
     * VARCHAR to a nested type: each text read by {@link NestedTextParser} into a vector of the
     * target's shape with VARCHAR leaves, whose leaves are then cast as any VARCHAR is.
     */
    private static FieldVector fromText(VarCharVector values, Field target, int rowCount, BufferAllocator allocator) {
        FieldVector texts = NestedTextParser.readAll(values, target, rowCount, false, allocator);
        try {
            FieldVector result = cast(texts, target, rowCount, allocator);
            if (result != texts) {
                texts.close();
            }
            return result;
        } catch (RuntimeException e) {
            texts.close();
            throw e;
        }
    }

    /**
     * Fixed-size ARRAY to LIST: the array's validity, offsets {@code row * size} (a NULL array keeps
     * its slots, which a NULL list may), the elements cast as a whole.
     */
    private static FieldVector listFromFixed(
            FixedSizeListVector fixed, Field target, int rowCount, BufferAllocator allocator) {
        int size = fixed.getListSize();
        try (ArrowBuf offsets = allocator.buffer((long) (rowCount + 1) * Integer.BYTES)) {
            for (int row = 0; row <= rowCount; row++) {
                offsets.setInt((long) row * Integer.BYTES, row * size);
            }
            return rebuild(
                    List.of(fixed.getValidityBuffer(), offsets),
                    fixed.getNullCount(),
                    target,
                    rowCount,
                    List.of(fixed.getDataVector()),
                    rowCount * size,
                    allocator);
        }
    }

    /** LIST to fixed-size ARRAY: every non-NULL list must have the array's size. */
    private static FieldVector fixedFromList(ListVector list, Field target, int rowCount, BufferAllocator allocator) {
        int size = ((ArrowType.FixedSizeList) target.getType()).getListSize();
        for (int row = 0; row < rowCount; row++) {
            if (!list.isNull(row) && list.getElementEndIndex(row) - list.getElementStartIndex(row) != size) {
                throw new QuiverException(
                        ErrorCode.INVALID_CAST,
                        "Cannot cast list with length "
                                + (list.getElementEndIndex(row) - list.getElementStartIndex(row))
                                + " to array with length " + size);
            }
        }
        FixedSizeListVector result = (FixedSizeListVector) target.createVector(allocator);
        try {
            result.allocateNew();
            for (int row = 0; row < rowCount; row++) {
                if (list.isNull(row)) {
                    result.setNull(row);
                } else {
                    result.setNotNull(row);
                }
            }
            int elementCount = rowCount == 0 ? 0 : list.getOffsetBuffer().getInt((long) rowCount << 2);
            FieldVector elements =
                    CastExpr.cast(list.getDataVector(), target.getChildren().getFirst(), elementCount, allocator);
            try {
                int[] rows = new int[rowCount * size];
                for (int row = 0; row < rowCount; row++) {
                    int start = list.isNull(row) ? -1 : list.getElementStartIndex(row);
                    for (int index = 0; index < size; index++) {
                        rows[row * size + index] = start < 0 ? -1 : start + index;
                    }
                }
                try (FieldVector gathered = Gather.gather(elements, rows, rows.length, allocator)) {
                    gathered.makeTransferPair(result.getDataVector()).transfer();
                }
            } finally {
                if (elements != list.getDataVector()) {
                    elements.close();
                }
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }
}
