package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/** A reference to an input column; evaluating it shares the column's buffers, copying nothing. */
public record ColumnExpr(int index, Field field) implements Expr {

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        FieldVector source = input.column(index);
        // not getTransferPair(Field): for a struct Arrow builds a writer that refuses FixedSizeList members
        TransferPair pair = source.getTransferPair(context.allocator());
        pair.splitAndTransfer(0, input.rowCount());
        return (FieldVector) pair.getTo();
    }

    @Override
    public String describe() {
        return "$" + index;
    }
}
