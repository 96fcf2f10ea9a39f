package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.exec.vector.Vectors;
import java.time.ZoneId;
import java.util.List;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code TRY_CAST(x AS type)}: the {@link CastExpr} of x, with NULL in each row whose value that
 * cast refuses (bad text, overflow, an invalid date) instead of an error; every pair of types
 * CAST supports, nested ones included. A LIST or STRUCT is cast part by part as DuckDB does: only
 * the element or field that fails becomes NULL ({@code TRY_CAST(['1', 'x'] AS INT[])} is
 * {@code [1, NULL]}).
 *
 * <p># Performance: a batch is cast whole first; only a batch where some value fails is cast
 * again one row at a time, so clean data pays nothing extra.
 */
public final class TryCastExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;
    private final CastExpr cast;
    private final ZoneId zone;

    /** A TRY_CAST whose TIMESTAMPTZ conversions and text use {@code zone}. */
    public TryCastExpr(Expr operand, Field field, ZoneId zone) {
        this.operand = operand;
        this.field = field;
        this.zone = zone;
        this.cast = new CastExpr(new ColumnExpr(0, operand.field()), field, zone);
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return List.of(operand);
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        return "TRY_CAST(" + operand.describe() + " AS " + KernelVectors.sqlName(field) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            try {
                return cast.evaluate(new Batch(List.of(values), rowCount), context);
            } catch (QuiverException e) {
                if (!refused(e)) {
                    throw e;
                }
            }
            FieldVector parts = partByPart(values, rowCount, context);
            return parts != null ? parts : rowByRow(values, rowCount, context);
        }
    }

    /**
     * A LIST cast to a LIST, a MAP to a MAP, or a STRUCT to a STRUCT with the same field names, with
     * each element, entry or field TRY_CAST on its own; null for other casts.
     */
    private FieldVector partByPart(FieldVector values, int rowCount, ExecutionContext context) {
        if (field.getType() instanceof ArrowType.FixedSizeList fixed
                && ((values instanceof ListVector && !(values instanceof MapVector))
                        || values instanceof FixedSizeListVector)) {
            return fixedPartByPart(values, fixed.getListSize(), rowCount, context);
        }
        if (values instanceof VarCharVector texts && NestedFields.isNested(field.getType())) {
            return textPartByPart(texts, rowCount, context);
        }
        if (values instanceof ListVector list
                && (field.getType() instanceof ArrowType.List
                        || (values instanceof MapVector && field.getType() instanceof ArrowType.Map))) {
            return listPartByPart(list, rowCount, context);
        }
        if (values instanceof StructVector struct
                && field.getType() instanceof ArrowType.Struct
                && sameNames(struct.getField(), field)) {
            return structPartByPart(struct, rowCount, context);
        }
        return null;
    }

    private static boolean sameNames(Field source, Field target) {
        if (source.getChildren().size() != target.getChildren().size()) {
            return false;
        }
        for (int index = 0; index < source.getChildren().size(); index++) {
            if (!source.getChildren()
                    .get(index)
                    .getName()
                    .equalsIgnoreCase(target.getChildren().get(index).getName())) {
                return false;
            }
        }
        return true;
    }

    private FieldVector listPartByPart(ListVector list, int rowCount, ExecutionContext context) {
        FieldVector elements = list.getDataVector();
        TryCastExpr elementCast = new TryCastExpr(
                new ColumnExpr(0, elements.getField()), field.getChildren().getFirst(), zone);
        ListVector result = (ListVector) field.createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            while (result.getValueCapacity() < rowCount) {
                result.reAlloc();
            }
            result.getOffsetBuffer().setBytes(0, list.getOffsetBuffer(), 0, ((long) rowCount + 1) * Integer.BYTES);
            for (int row = 0; row < rowCount; row++) {
                if (!list.isNull(row)) {
                    BitVectorHelper.setBit(result.getValidityBuffer(), row);
                }
            }
            try (FieldVector converted =
                    elementCast.evaluate(new Batch(List.of(elements), elements.getValueCount()), context)) {
                converted.makeTransferPair(result.getDataVector()).transfer();
            }
            result.setLastSet(rowCount - 1);
            result.setValueCount(rowCount);
            if (result instanceof MapVector map) {
                nullMapsWithNullKeys(map, rowCount);
            }
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /**
     * A list (or array) cast to a fixed-size ARRAY, as DuckDB: a row of another length is NULL, and
     * only the elements that fail are NULL in the others ({@code TRY_CAST(['a', '2'] AS INT[2])} is
     * {@code [NULL, 2]}).
     */
    private FieldVector fixedPartByPart(FieldVector values, int size, int rowCount, ExecutionContext context) {
        FieldVector elements = values instanceof ListVector list
                ? list.getDataVector()
                : ((FixedSizeListVector) values).getDataVector();
        TryCastExpr elementCast = new TryCastExpr(
                new ColumnExpr(0, elements.getField()), field.getChildren().getFirst(), zone);
        FixedSizeListVector result = (FixedSizeListVector) field.createVector(context.allocator());
        try (FieldVector converted =
                elementCast.evaluate(new Batch(List.of(elements), elements.getValueCount()), context)) {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            FieldVector target = result.getDataVector();
            for (int row = 0; row < rowCount; row++) {
                int start;
                int length;
                if (values instanceof ListVector list) {
                    start = list.getElementStartIndex(row);
                    length = list.getElementEndIndex(row) - start;
                } else {
                    length = ((FixedSizeListVector) values).getListSize();
                    start = row * length;
                }
                if (values.isNull(row) || length != size) {
                    result.setNull(row);
                    continue;
                }
                result.setNotNull(row);
                for (int element = 0; element < size; element++) {
                    Vectors.copyValue(converted, start + element, target, row * size + element);
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
     * Text cast to a nested type, as DuckDB: text that does not read as a value is NULL, and the
     * rest is cast part by part, so a bad leaf or a fixed-size ARRAY of another length is NULL alone
     * ({@code TRY_CAST('[NULL, [1], [abc]]' AS INTEGER[1][3])} is {@code [NULL, [1], [NULL]]}).
     */
    private FieldVector textPartByPart(VarCharVector values, int rowCount, ExecutionContext context) {
        Field shape = NestedTextParser.textShape(NestedTextParser.withoutLengths(field));
        try (FieldVector texts = NestedTextParser.readAll(values, shape, rowCount, true, context.allocator())) {
            return new TryCastExpr(new ColumnExpr(0, shape), field, zone)
                    .evaluate(new Batch(List.of(texts), rowCount), context);
        }
    }

    /** A map whose key failed its cast is NULL as a whole, as in DuckDB (a key cannot be NULL). */
    private static void nullMapsWithNullKeys(MapVector map, int rowCount) {
        FieldVector keys =
                ((StructVector) map.getDataVector()).getChildrenFromFields().getFirst();
        for (int row = 0; row < rowCount; row++) {
            for (int entry = map.getElementStartIndex(row); entry < map.getElementEndIndex(row); entry++) {
                if (keys.isNull(entry)) {
                    // the validity bit only: Arrow's setNull would also empty the row, shifting later rows
                    BitVectorHelper.unsetBit(map.getValidityBuffer(), row);
                    break;
                }
            }
        }
    }

    private FieldVector structPartByPart(StructVector struct, int rowCount, ExecutionContext context) {
        StructVector result = (StructVector) field.createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            List<FieldVector> targets = result.getChildrenFromFields();
            for (int index = 0; index < targets.size(); index++) {
                FieldVector child = struct.getChildrenFromFields().get(index);
                TryCastExpr childCast = new TryCastExpr(
                        new ColumnExpr(0, child.getField()), field.getChildren().get(index), zone);
                try (FieldVector converted = childCast.evaluate(new Batch(List.of(child), rowCount), context)) {
                    converted.makeTransferPair(targets.get(index)).transfer();
                }
            }
            for (int row = 0; row < rowCount; row++) {
                if (!struct.isNull(row)) {
                    result.setIndexDefined(row);
                }
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** The cast of each row on its own: NULL where it fails. */
    private FieldVector rowByRow(FieldVector values, int rowCount, ExecutionContext context) {
        FieldVector result = field.createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            for (int row = 0; row < rowCount; row++) {
                try (FieldVector one = Vectors.emptyLike(values, context.allocator())) {
                    one.allocateNew();
                    Vectors.copyValue(values, row, one, 0);
                    one.setValueCount(1);
                    try (FieldVector converted = cast.evaluate(new Batch(List.of(one), 1), context)) {
                        Vectors.copyValue(converted, 0, result, row);
                    } catch (QuiverException e) {
                        if (!refused(e)) {
                            throw e;
                        }
                        result.setNull(row);
                    }
                }
            }
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** A value the cast refuses is a user error; resource limits and bugs still fail the query. */
    private static boolean refused(QuiverException e) {
        return e.code().category() == ErrorCode.Category.USER;
    }
}
