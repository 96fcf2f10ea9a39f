package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Test-only condition {@code $left < $right} over two BIGINT columns; NULL if either is NULL. */
record LessThanExpr(int left, int right) implements Expr {
    @Override
    public Field field() {
        return new Field("lt", FieldType.nullable(ArrowType.Bool.INSTANCE), null);
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        BigIntVector a = (BigIntVector) input.column(left);
        BigIntVector b = (BigIntVector) input.column(right);
        BitVector result = new BitVector("lt", context.allocator());
        result.allocateNew(Math.max(input.rowCount(), 1));
        for (int row = 0; row < input.rowCount(); row++) {
            if (a.isNull(row) || b.isNull(row)) {
                result.setNull(row);
            } else {
                result.set(row, a.get(row) < b.get(row) ? 1 : 0);
            }
        }
        result.setValueCount(input.rowCount());
        return result;
    }

    @Override
    public String describe() {
        return "$" + left + " < $" + right;
    }
}
