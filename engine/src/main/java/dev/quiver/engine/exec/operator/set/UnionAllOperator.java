package dev.quiver.engine.exec.operator.set;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * UNION ALL: every row of every input. Not a breaker: each input's pipeline streams through it
 * into the pipeline above ({@code PipelineBuilder} gives every input after the first a pipeline of
 * its own that ends in the same operators and sink), so no input is gathered before its consumer
 * reads it, and the join filters of joins above reach down into every input's scan. Each batch
 * passes unchanged but for its columns' names and nullability, which become the output's.
 */
public final class UnionAllOperator implements StreamOperator {
    private final List<PhysicalOperator> inputs;
    private final List<Field> fields;

    /** @param fields the output columns; every input has columns of the same types */
    public UnionAllOperator(List<PhysicalOperator> inputs, List<Field> fields) {
        this.inputs = List.copyOf(inputs);
        this.fields = List.copyOf(fields);
    }

    @Override
    public Batch process(Batch input, QueryState query) {
        return BatchColumns.renamed(input, fields, query.context().allocator());
    }

    /** Every column passes unchanged, row for row. */
    @Override
    public int inputColumn(int outputColumn) {
        return outputColumn;
    }

    @Override
    public boolean onlyPicksColumns() {
        return true;
    }

    @Override
    public List<PhysicalOperator> children() {
        return inputs;
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "UnionAll(" + inputs.size() + " inputs)";
    }
}
