package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Searched CASE: {@code CASE WHEN c1 THEN v1 [WHEN c2 THEN v2 ...] [ELSE e] END}; a row takes the
 * value of the first condition that is TRUE (NULL counts as not TRUE), else {@code e}, else NULL.
 *
 * <p>A condition counts only for the rows no earlier condition took, and a value only for the rows
 * that take it: an error an expression raises on other rows is not an error of the query
 * ({@link Exprs#evaluateWhole}). So {@code CASE WHEN x = 0 THEN 0 ELSE 1 / x END} never divides
 * by zero, as in DuckDB.
 */
public final class CaseExpr implements KernelExpr {
    private final List<Expr> conditions;
    private final List<Expr> values;
    private final Expr otherwise;
    private final Field field;

    /** {@code otherwise} may be null for a CASE without ELSE. */
    public CaseExpr(List<Expr> conditions, List<Expr> values, Expr otherwise, Field field) {
        if (conditions.isEmpty() || conditions.size() != values.size()) {
            throw new IllegalArgumentException("CASE needs as many WHEN conditions as THEN values, at least one");
        }
        for (Expr condition : conditions) {
            ValueKind kind = ValueKind.of(condition.field().getType());
            if (kind != ValueKind.BOOLEAN && kind != ValueKind.NULL) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "a CASE WHEN condition must be BOOLEAN, got " + KernelVectors.sqlName(condition.field()));
            }
        }
        this.conditions = List.copyOf(conditions);
        this.values = values.stream().map(value -> resultOf(value, field)).toList();
        this.otherwise = otherwise == null ? null : resultOf(otherwise, field);
        this.field = field;
    }

    /** A branch value converted to the result type; a NULL-typed one becomes a NULL of that type. */
    static Expr resultOf(Expr value, Field field) {
        if (value.field().getType() instanceof ArrowType.Null) {
            return LiteralExpr.nullOf(field);
        }
        return CastExpr.coerce(value, field);
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        List<Expr> children = new ArrayList<>();
        for (int branch = 0; branch < conditions.size(); branch++) {
            children.add(conditions.get(branch));
            children.add(values.get(branch));
        }
        if (otherwise != null) {
            children.add(otherwise);
        }
        return children;
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder("CASE");
        for (int branch = 0; branch < conditions.size(); branch++) {
            text.append(" WHEN ")
                    .append(conditions.get(branch).describe())
                    .append(" THEN ")
                    .append(values.get(branch).describe());
        }
        if (otherwise != null) {
            text.append(" ELSE ").append(otherwise.describe());
        }
        return text.append(" END").toString();
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        RowRouting routing = new RowRouting(input, context, conditions.size() + 1);
        try {
            long[] pending = RowRouting.allRows(rowCount);
            for (int branch = 0; branch < conditions.size(); branch++) {
                if (RowRouting.count(pending, rowCount) == 0) {
                    break;
                }
                long[] taken = routing.trueRows(conditions.get(branch), pending);
                for (int wordIndex = 0; wordIndex < pending.length; wordIndex++) {
                    pending[wordIndex] &= ~taken[wordIndex];
                }
                routing.route(branch, values.get(branch), taken, false);
            }
            if (otherwise != null) {
                routing.route(conditions.size(), otherwise, pending, false);
            }
            return routing.assemble(field);
        } finally {
            routing.close();
        }
    }
}
