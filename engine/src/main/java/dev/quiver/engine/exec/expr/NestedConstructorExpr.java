package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds a nested value from its parts, row by row: a LIST of its operands ({@code [a, b]},
 * {@code list_value}), a STRUCT of one operand per member ({@code {'x': a}}, {@code struct_pack},
 * {@code row}), or a MAP of alternating key and value operands ({@code MAP {k: v}}).
 *
 * <p>Each operand is evaluated once over the batch and cast to its element, member, key or value
 * type; the parts are then interleaved with one {@link Gather}. The result is never NULL. A NULL
 * map key is an error, as in DuckDB.
 */
public final class NestedConstructorExpr extends FunctionExpr {
    /** What is built. */
    public enum Shape {
        LIST,
        STRUCT,
        MAP
    }

    private final Shape shape;

    public NestedConstructorExpr(Shape shape, List<Expr> operands, Field field) {
        super(
                shape.name().toLowerCase(java.util.Locale.ROOT) + "_value",
                coerce(shape, operands, field),
                field,
                shape == Shape.MAP);
        this.shape = shape;
    }

    private static List<Expr> coerce(Shape shape, List<Expr> operands, Field field) {
        List<Expr> coerced = new ArrayList<>(operands.size());
        for (int index = 0; index < operands.size(); index++) {
            Field target = switch (shape) {
                case LIST -> field.getChildren().getFirst();
                case STRUCT -> field.getChildren().get(index);
                case MAP -> field.getChildren().getFirst().getChildren().get(index % 2);
            };
            Expr operand = operands.get(index);
            coerced.add(
                    operand.field().getType().equals(target.getType())
                                    && operand.field().getChildren().equals(target.getChildren())
                            ? operand
                            : new CastExpr(operand, withNullable(target)));
        }
        return coerced;
    }

    private static Field withNullable(Field field) {
        return new Field(
                field.getName(),
                new org.apache.arrow.vector.types.pojo.FieldType(true, field.getType(), null),
                field.getChildren());
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        BufferAllocator allocator = context.allocator();
        List<FieldVector> parts = new ArrayList<>(children().size());
        try {
            for (Expr operand : children()) {
                parts.add(operand.evaluate(input, context));
            }
            return switch (shape) {
                case LIST -> list(parts, rowCount, allocator);
                case STRUCT -> struct(parts, rowCount, allocator);
                case MAP -> map(parts, rowCount, allocator);
            };
        } finally {
            parts.forEach(FieldVector::close);
        }
    }

    private FieldVector list(List<FieldVector> parts, int rowCount, BufferAllocator allocator) {
        ListVector result = (ListVector) field().createVector(allocator);
        try {
            fill(result, interleave(parts, 0, 1, rowCount, allocator), parts.size(), rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private FieldVector map(List<FieldVector> parts, int rowCount, BufferAllocator allocator) {
        for (int part = 0; part < parts.size(); part += 2) {
            if (parts.get(part).getNullCount() > 0) {
                throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Map keys can not be NULL");
            }
        }
        int pairs = parts.size() / 2;
        MapVector result = (MapVector) field().createVector(allocator);
        try (FieldVector keys = interleave(parts, 0, 2, rowCount, allocator);
                FieldVector values = interleave(parts, 1, 2, rowCount, allocator)) {
            StructVector entries = (StructVector) result.getDataVector();
            int entryCount = pairs * rowCount;
            entries.allocateNew();
            for (int entry = 0; entry < entryCount; entry++) {
                entries.setIndexDefined(entry);
            }
            keys.makeTransferPair(entries.getChildrenFromFields().get(0)).transfer();
            values.makeTransferPair(entries.getChildrenFromFields().get(1)).transfer();
            entries.setValueCount(entryCount);
            setOffsets(result, pairs, rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private FieldVector struct(List<FieldVector> parts, int rowCount, BufferAllocator allocator) {
        StructVector result = (StructVector) field().createVector(allocator);
        try {
            result.allocateNew();
            for (int row = 0; row < rowCount; row++) {
                result.setIndexDefined(row);
            }
            List<FieldVector> members = result.getChildrenFromFields();
            for (int member = 0; member < parts.size(); member++) {
                try (FieldVector part = Vectors.slice(parts.get(member), 0, rowCount, allocator)) {
                    part.makeTransferPair(members.get(member)).transfer();
                }
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /**
     * Parts {@code first, first + step, ...} interleaved into one vector: row {@code r} of part
     * {@code i} lands at {@code r * count + i}, where {@code count} is the number of parts taken.
     */
    private static FieldVector interleave(
            List<FieldVector> parts, int first, int step, int rowCount, BufferAllocator allocator) {
        List<FieldVector> taken = new ArrayList<>();
        for (int part = first; part < parts.size(); part += step) {
            taken.add(parts.get(part));
        }
        int count = taken.size();
        List<FieldVector> slices = new ArrayList<>(count);
        try {
            for (FieldVector part : taken) {
                slices.add(Vectors.slice(part, 0, rowCount, allocator));
            }
            Field element = slices.isEmpty() ? null : slices.getFirst().getField();
            if (element == null) {
                return null;
            }
            try (FieldVector all = Vectors.concat(slices, element, allocator)) {
                int[] rows = new int[rowCount * count];
                for (int row = 0; row < rowCount; row++) {
                    for (int index = 0; index < count; index++) {
                        rows[row * count + index] = index * rowCount + row;
                    }
                }
                return Gather.gather(all, rows, rows.length, allocator);
            }
        } finally {
            slices.forEach(FieldVector::close);
        }
    }

    /** Makes {@code result} a list of {@code size} elements per row over {@code elements} (consumed; null for none). */
    private static void fill(ListVector result, FieldVector elements, int size, int rowCount) {
        result.allocateNew();
        if (elements != null) {
            try (elements) {
                elements.makeTransferPair(result.getDataVector()).transfer();
            }
        }
        setOffsets(result, size, rowCount);
    }

    private static void setOffsets(ListVector result, int size, int rowCount) {
        for (int row = 0; row < rowCount; row++) {
            result.startNewValue(row);
            result.endValue(row, size);
        }
        result.setValueCount(rowCount);
    }
}
