package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** NULLIF(a, b): NULL where {@code a = b} is TRUE, else {@code a}. */
public final class NullIfExpr extends FunctionExpr {
    private final Expr value;
    private final Expr other;

    public NullIfExpr(Expr value, Expr other, Field field) {
        super("NULLIF", List.of(CaseExpr.resultOf(value, field), other), field, false);
        this.value = children().getFirst();
        this.other = other;
        // fails early, at planning, on types that cannot be compared
        new ComparisonExpr(ComparisonExpr.Operator.EQUAL, this.value, other, KernelVectors.BOOLEAN);
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = value.evaluate(input, context);
                FieldVector others = other.evaluate(input, context);
                BitVector equal = ComparisonExpr.compare(
                        ComparisonExpr.Operator.EQUAL, values, others, rowCount, context.allocator())) {
            int[] sourceOf = new int[rowCount];
            int[] positionOf = new int[rowCount];
            Bits equalValid = Bits.validity(equal, rowCount);
            Bits equalData = Bits.data(equal, rowCount);
            for (int row = 0; row < rowCount; row++) {
                sourceOf[row] = equalValid.get(row) && equalData.get(row) ? -1 : 0;
                positionOf[row] = row;
            }
            return Choose.assemble(
                    field(), new FieldVector[] {values}, sourceOf, positionOf, rowCount, context.allocator());
        }
    }
}
