package dev.quiver.engine.exec.operator.project;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Computes one expression per output column. */
public final class ProjectOperator implements StreamOperator {
    private final PhysicalOperator input;
    private final List<Expr> expressions;
    private final List<Field> fields;

    /** @param fields output names and types, one per expression */
    public ProjectOperator(PhysicalOperator input, List<Expr> expressions, List<Field> fields) {
        this.input = input;
        this.expressions = List.copyOf(expressions);
        this.fields = List.copyOf(fields);
    }

    @Override
    public Batch process(Batch batch, QueryState query) {
        try (batch) {
            List<FieldVector> columns = new ArrayList<>(expressions.size());
            try {
                for (int index = 0; index < expressions.size(); index++) {
                    FieldVector value = expressions.get(index).evaluate(batch, query.context());
                    columns.add(Vectors.rename(
                            value, fields.get(index), query.context().allocator()));
                }
            } catch (RuntimeException e) {
                columns.forEach(FieldVector::close);
                throw e;
            }
            return new Batch(columns, batch.rowCount());
        }
    }

    @Override
    public int inputColumn(int outputColumn) {
        return expressions.get(outputColumn) instanceof ColumnExpr column ? column.index() : -1;
    }

    @Override
    public boolean onlyPicksColumns() {
        return expressions.stream().allMatch(expression -> expression instanceof ColumnExpr);
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "Project(" + expressions.stream().map(Expr::describe).collect(Collectors.joining(", ")) + ")";
    }
}
