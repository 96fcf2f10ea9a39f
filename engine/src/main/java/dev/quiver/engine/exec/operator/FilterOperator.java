package dev.quiver.engine.exec.operator;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Keeps the rows whose condition is TRUE (not FALSE, not NULL). */
public final class FilterOperator implements StreamOperator {
    private final PhysicalOperator input;
    private final Expr condition;

    public FilterOperator(PhysicalOperator input, Expr condition) {
        this.input = input;
        this.condition = condition;
    }

    @Override
    public Batch process(Batch batch, QueryState query) {
        try (batch; BitVector mask = (BitVector) condition.evaluate(batch, query.context())) {
            int rows = batch.rowCount();
            int[] selected = new int[rows];
            int count = 0;
            ArrowBuf values = mask.getDataBuffer();
            ArrowBuf validity = mask.getValidityBuffer();
            for (int row = 0; row < rows; row++) {
                if ((BitVectorHelper.get(values, row) & BitVectorHelper.get(validity, row)) != 0) {
                    selected[count++] = row;
                }
            }
            List<FieldVector> kept = new ArrayList<>(batch.columnCount());
            try {
                for (int column = 0; column < batch.columnCount(); column++) {
                    kept.add(count == rows ? batch.retainColumn(column, query.context().allocator())
                            : Gather.gather(batch.column(column), selected, count, query.context().allocator()));
                }
            } catch (RuntimeException e) {
                kept.forEach(FieldVector::close);
                throw e;
            }
            return new Batch(kept, count);
        }
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return input.outputFields();
    }

    @Override
    public String describe() {
        return "Filter(" + condition.describe() + ")";
    }
}
