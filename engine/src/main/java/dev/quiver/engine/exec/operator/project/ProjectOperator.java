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

/**
 * Computes one expression per output column, after the subexpressions those expressions share.
 *
 * <p>A shared subexpression is evaluated once per batch over the input columns and appended as
 * column {@code inputWidth + k}; the output expressions read it like any input column. Q1's
 * {@code l_extendedprice * (1 - l_discount)}, which two of its sums use, is computed once so.
 */
public final class ProjectOperator implements StreamOperator {
    private final PhysicalOperator input;
    private final List<Expr> shared;
    private final List<Expr> expressions;
    private final List<Field> fields;

    /** @param fields output names and types, one per expression */
    public ProjectOperator(PhysicalOperator input, List<Expr> expressions, List<Field> fields) {
        this(input, List.of(), expressions, fields);
    }

    /**
     * @param shared subexpressions over the input columns, evaluated first and appended to them in
     *     this order: {@code expressions} may read shared {@code k} as column {@code inputWidth + k}
     * @param fields output names and types, one per expression
     */
    public ProjectOperator(PhysicalOperator input, List<Expr> shared, List<Expr> expressions, List<Field> fields) {
        this.input = input;
        this.shared = List.copyOf(shared);
        this.expressions = List.copyOf(expressions);
        this.fields = List.copyOf(fields);
    }

    @Override
    public Batch process(Batch batch, QueryState query) {
        try (batch) {
            if (shared.isEmpty()) {
                return project(batch, query);
            }
            List<FieldVector> sharedValues = new ArrayList<>(shared.size());
            try {
                for (Expr expression : shared) {
                    sharedValues.add(expression.evaluate(batch, query.context()));
                }
                List<FieldVector> widened = new ArrayList<>(batch.columns());
                widened.addAll(sharedValues);
                // not closed: it borrows the input's vectors and the shared values, closed below
                return project(new Batch(widened, batch.rowCount()), query);
            } finally {
                sharedValues.forEach(FieldVector::close);
            }
        }
    }

    /** The output columns over {@code batch}, which stays owned by the caller. */
    private Batch project(Batch batch, QueryState query) {
        List<FieldVector> columns = new ArrayList<>(expressions.size());
        try {
            for (int index = 0; index < expressions.size(); index++) {
                FieldVector value = expressions.get(index).evaluate(batch, query.context());
                columns.add(
                        Vectors.rename(value, fields.get(index), query.context().allocator()));
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        return new Batch(columns, batch.rowCount());
    }

    @Override
    public int inputColumn(int outputColumn) {
        return expressions.get(outputColumn) instanceof ColumnExpr column && column.index() < inputWidth()
                ? column.index()
                : -1;
    }

    @Override
    public boolean onlyPicksColumns() {
        return shared.isEmpty() && expressions.stream().allMatch(expression -> expression instanceof ColumnExpr);
    }

    private int inputWidth() {
        return input.outputFields().size();
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
        String projected = expressions.stream().map(Expr::describe).collect(Collectors.joining(", "));
        if (shared.isEmpty()) {
            return "Project(" + projected + ")";
        }
        int width = inputWidth();
        StringBuilder text = new StringBuilder("Project(");
        for (int index = 0; index < shared.size(); index++) {
            text.append('$')
                    .append(width + index)
                    .append(" := ")
                    .append(shared.get(index).describe())
                    .append("; ");
        }
        return text.append(projected).append(")").toString();
    }
}
