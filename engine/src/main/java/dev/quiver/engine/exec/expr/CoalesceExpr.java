package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * COALESCE: each row takes its first non-NULL operand. An operand that can fail is evaluated only
 * over the rows still NULL after the operands before it.
 */
public final class CoalesceExpr extends FunctionExpr {
    private final List<Expr> operands;

    public CoalesceExpr(List<Expr> operands, Field field) {
        if (operands.isEmpty()) {
            throw new IllegalArgumentException("COALESCE needs operands");
        }
        super(
                "COALESCE",
                operands.stream()
                        .map(operand -> CaseExpr.resultOf(operand, field))
                        .toList(),
                field,
                false);
        this.operands = children();
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (RowRouting routing = new RowRouting(input, context, operands.size())) {
            long[] pending = RowRouting.allRows(rowCount);
            for (int index = 0; index < operands.size(); index++) {
                if (RowRouting.count(pending, rowCount) == 0) {
                    break;
                }
                routing.route(index, operands.get(index), pending, true);
            }
            return routing.assemble(field());
        }
    }
}
