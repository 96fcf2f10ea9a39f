package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/** {@code struct_extract(struct, 'name')}: one field of a struct; NULL when the struct is NULL. */
public final class StructExtractExpr extends NestedKernel {
    private final int member;

    /** @param member the position of the extracted field among the struct's fields */
    public StructExtractExpr(String name, Expr struct, int member, Field field) {
        super(name, List.of(struct), field, false);
        this.member = member;
    }

    @Override
    public String describe() {
        return name() + "(" + children().getFirst().describe() + ", #" + (member + 1) + ")";
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        if (operands[0] instanceof NullVector) {
            return KernelVectors.nulls(field(), rowCount, context.allocator());
        }
        StructVector struct = (StructVector) operands[0];
        int[] rows = new int[rowCount];
        for (int row = 0; row < rowCount; row++) {
            rows[row] = struct.isNull(row) ? -1 : row;
        }
        FieldVector child = struct.getChildrenFromFields().get(member);
        try (FieldVector gathered = ListResults.gather(child, rows, rowCount, context.allocator())) {
            FieldVector result = field().createVector(context.allocator());
            gathered.makeTransferPair(result).transfer();
            return result;
        }
    }
}
