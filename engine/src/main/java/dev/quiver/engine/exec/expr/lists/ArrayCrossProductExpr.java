package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.Numbers;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's {@code array_cross_product(a, b)} of two 3-element arrays of DOUBLE or FLOAT (the
 * operands arrive cast to the result type): NULL if either array is NULL; a NULL element is
 * INVALID_ARGUMENT, as in DuckDB. FLOAT arrays are computed in float.
 */
public final class ArrayCrossProductExpr extends NestedKernel {
    private static final int SIZE = 3;

    public ArrayCrossProductExpr(String name, Expr left, Expr right, Field field) {
        super(name, List.of(left, right), field, true);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn left = ListColumn.of(name(), operands[0]);
        ListColumn right = ListColumn.of(name(), operands[1]);
        FixedSizeListVector result = (FixedSizeListVector) field().createVector(context.allocator());
        try {
            result.setInitialCapacity(rowCount);
            result.allocateNew();
            FieldVector elements = result.getDataVector();
            boolean real = elements instanceof Float4Vector;
            double[] leftValues = values(left);
            double[] rightValues = values(right);
            Bits leftValid = validity(left);
            Bits rightValid = validity(right);
            for (int row = 0; row < rowCount; row++) {
                if (left.isNull(row) || right.isNull(row)) {
                    result.setNull(row);
                    continue;
                }
                checkNoNulls(left, leftValid, row, "left");
                checkNoNulls(right, rightValid, row, "right");
                int a = left.start(row);
                int b = right.start(row);
                double[] product = {
                    leftValues[a + 1] * rightValues[b + 2] - leftValues[a + 2] * rightValues[b + 1],
                    leftValues[a + 2] * rightValues[b] - leftValues[a] * rightValues[b + 2],
                    leftValues[a] * rightValues[b + 1] - leftValues[a + 1] * rightValues[b]
                };
                result.setNotNull(row);
                for (int index = 0; index < SIZE; index++) {
                    int position = row * SIZE + index;
                    if (real) {
                        ((Float4Vector) elements).setSafe(position, (float) product[index]);
                    } else {
                        ((Float8Vector) elements).setSafe(position, product[index]);
                    }
                }
            }
            elements.setValueCount(rowCount * SIZE);
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private static double[] values(ListColumn column) {
        return column.isUntypedNull()
                ? new double[0]
                : Numbers.readDoubles(column.elements(), column.elements().getValueCount());
    }

    private static Bits validity(ListColumn column) {
        return column.isUntypedNull()
                ? null
                : Bits.validity(column.elements(), column.elements().getValueCount());
    }

    private void checkNoNulls(ListColumn column, Bits valid, int row, String side) {
        for (int position = column.start(row); position < column.end(row); position++) {
            if (!valid.get(position)) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, name() + ": " + side + " argument can not contain NULL values");
            }
        }
    }
}
