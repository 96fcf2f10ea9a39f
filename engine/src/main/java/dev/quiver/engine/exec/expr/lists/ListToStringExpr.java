package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * {@code array_to_string(list, separator)}: the elements as text (as a cast to VARCHAR writes
 * them), NULLs skipped, joined by separator (',' when it is NULL), as DuckDB; a NULL list gives NULL.
 * Also a list argument of {@code concat_ws}, which DuckDB joins element by element: there a list
 * without a non-NULL element gives NULL, so that concat_ws skips it as it skips a NULL.
 */
public final class ListToStringExpr extends NestedKernel {
    private static final Field TEXT = new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);

    private final boolean emptyIsNull;

    public ListToStringExpr(String name, Expr list, Expr separator, Field field) {
        this(name, list, separator, field, false);
    }

    /** @param emptyIsNull whether a list with no non-NULL element gives NULL rather than '' */
    public ListToStringExpr(String name, Expr list, Expr separator, Field field, boolean emptyIsNull) {
        super(name, List.of(list, separator), field, true);
        this.emptyIsNull = emptyIsNull;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        if (list.isUntypedNull()) {
            return KernelVectors.nulls(field(), rowCount, context.allocator());
        }
        FieldVector elements = list.elements();
        Expr toText = elements.getField().getType() instanceof ArrowType.Utf8
                ? new ColumnExpr(0, elements.getField())
                : new CastExpr(new ColumnExpr(0, elements.getField()), TEXT);
        // not closed: the batch holds the list's own element vector
        Batch elementBatch = new Batch(List.of(elements), elements.getValueCount());
        try (FieldVector texts = toText.evaluate(elementBatch, context)) {
            FieldVector result = field().createVector(context.allocator());
            try {
                result.setInitialCapacity(Math.max(rowCount, 1));
                result.allocateNew();
                for (int row = 0; row < rowCount; row++) {
                    if (list.isNull(row)) {
                        result.setNull(row);
                        continue;
                    }
                    String separator = operands[1].isNull(row) ? "," : (String) LiteralExpr.valueAt(operands[1], row);
                    StringBuilder joined = new StringBuilder();
                    boolean first = true;
                    for (int position = list.start(row); position < list.end(row); position++) {
                        if (texts.isNull(position)) {
                            continue;
                        }
                        if (!first) {
                            joined.append(separator);
                        }
                        first = false;
                        joined.append((String) LiteralExpr.valueAt(texts, position));
                    }
                    if (first && emptyIsNull) {
                        result.setNull(row);
                        continue;
                    }
                    VectorWriter.set(result, row, joined.toString());
                }
                result.setValueCount(rowCount);
                return result;
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
