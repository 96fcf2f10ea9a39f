package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Rows computed when the query runs (a snapshot of engine state, such as {@code python_info()}),
 * produced as one morsel like {@link ValuesOperator}.
 */
public final class SuppliedRowsOperator implements SourceOperator {
    private final String name;
    private final List<Field> fields;
    private final Supplier<List<List<Object>>> rows;

    /** @param rows called once per run; Java values per row (see ValuesOperator), one per field */
    public SuppliedRowsOperator(String name, List<Field> fields, Supplier<List<List<Object>>> rows) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.rows = rows;
    }

    @Override
    public SourceState open(QueryState query) {
        return new ValuesOperator(fields, rows.get()).open(query);
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
        return name + "()";
    }
}
