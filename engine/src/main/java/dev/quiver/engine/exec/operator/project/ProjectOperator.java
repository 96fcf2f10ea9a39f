package dev.quiver.engine.exec.operator.project;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.Exprs;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Computes one expression per output column, after the subexpressions those expressions share.
 *
 * <p>A shared subexpression is evaluated once per batch over the input columns and appended as
 * column {@code inputWidth + k}; the output expressions read it like any input column. Q1's
 * {@code l_extendedprice * (1 - l_discount)}, which two of its sums use, is computed once so.
 *
 * <p>Over a batch with a selection (a filter that dropped few rows), every row is evaluated and the
 * output keeps the selection; should that raise a data error, which might come from a dropped row,
 * the selected rows are copied out and evaluated alone, where an error is real.
 */
public final class ProjectOperator implements StreamOperator {
    private final PhysicalOperator input;
    private final List<Expr> shared;
    private final List<Expr> expressions;
    private final List<Field> fields;
    /** Whether every expression can be evaluated over a whole batch of which a selection is kept. */
    private final boolean overSelections;

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
        this.overSelections =
                Stream.concat(shared.stream(), expressions.stream()).allMatch(Exprs::canEvaluateBeyondSelection);
    }

    @Override
    public Batch process(Batch batch, QueryState query) {
        try (batch) {
            if (batch.selection() != null) {
                Batch projected = evaluate(batch, query, true);
                if (projected != null) {
                    return projected;
                }
                // a data error, maybe on a row outside the selection: evaluate the selected rows alone
                try (Batch dense = Gather.copySelected(batch, query.context().allocator())) {
                    return evaluate(dense, query, false);
                }
            }
            return evaluate(batch, query, false);
        }
    }

    @Override
    public boolean processesSelection() {
        return overSelections;
    }

    /**
     * The output over {@code batch}, which stays owned by the caller; with {@code beyondSelection}
     * every row is evaluated and the output keeps the batch's selection, and null means some
     * expression raised a data error.
     */
    private Batch evaluate(Batch batch, QueryState query, boolean beyondSelection) {
        if (shared.isEmpty()) {
            return project(batch, query, beyondSelection);
        }
        List<FieldVector> sharedValues = new ArrayList<>(shared.size());
        try {
            for (Expr expression : shared) {
                FieldVector value = evaluate(expression, batch, query, beyondSelection);
                if (value == null) {
                    return null;
                }
                sharedValues.add(value);
            }
            List<FieldVector> widened = new ArrayList<>(batch.columns());
            widened.addAll(sharedValues);
            // not closed: it borrows the input's vectors and the shared values, closed below
            return project(
                    new Batch(widened, batch.rowCount(), batch.selection(), batch.selectedRowCount()),
                    query,
                    beyondSelection);
        } finally {
            sharedValues.forEach(FieldVector::close);
        }
    }

    /** The output columns over {@code batch}, which stays owned by the caller; null on a data error beyond a selection. */
    private Batch project(Batch batch, QueryState query, boolean beyondSelection) {
        List<FieldVector> columns = new ArrayList<>(expressions.size());
        try {
            for (int index = 0; index < expressions.size(); index++) {
                FieldVector value = evaluate(expressions.get(index), batch, query, beyondSelection);
                if (value == null) {
                    columns.forEach(FieldVector::close);
                    return null;
                }
                columns.add(
                        Vectors.rename(value, fields.get(index), query.context().allocator()));
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        return new Batch(columns, batch.rowCount(), batch.selection(), batch.selectedRowCount());
    }

    private static FieldVector evaluate(Expr expression, Batch batch, QueryState query, boolean beyondSelection) {
        return beyondSelection
                ? Exprs.evaluateBeyondSelection(expression, batch, query.context())
                : expression.evaluate(batch, query.context());
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
