package dev.quiver.engine.exec.operator.set;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.SpoolOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a recursive CTE's working table — the rows its {@link RecursiveUnionOperator} added in the
 * previous round — inside that operator's step. The operator puts the table into each round's
 * {@link QueryState} under this scan; the scan shares the batches' buffers, no copy.
 */
public final class WorkingTableScanOperator implements SourceOperator {
    private final String name;
    private final List<Field> fields;

    /** @param name the CTE's name, for EXPLAIN */
    public WorkingTableScanOperator(String name, List<Field> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
    }

    /** One round's working table; the batches belong to the recursive union's result. */
    record Rows(List<Batch> batches) implements AutoCloseable {
        @Override
        public void close() {
            // nothing owned: the recursive union frees the batches with its result
        }
    }

    @Override
    public SourceState open(QueryState query) {
        Rows rows = query.finished(this);
        return SpoolOperator.sharing(rows.batches(), query.context().allocator());
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of();
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "WorkingTableScan(" + name + ")";
    }
}
