package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.StringFunctions;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code regexp_extract_all(string, pattern[, group[, options]])}: a VARCHAR list of the group of
 * every non-overlapping match (NULL for a group that took no part), as DuckDB; NULL when any argument is NULL.
 */
public final class RegexpExtractAllExpr extends NestedKernel {
    /** @param operands string, pattern and, when given, the BIGINT group and the options */
    public RegexpExtractAllExpr(String name, List<Expr> operands, Field field) {
        super(name, operands, field, true);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        // a constant pattern is compiled once per batch
        Pattern[] previous = {null};
        String[] previousKey = {null, null}; // pattern, options
        return StringListExpr.build(field(), rowCount, context.allocator(), row -> {
            if (anyNull(operands, row)) {
                return null;
            }
            String source = (String) LiteralExpr.valueAt(operands[1], row);
            String options = operands.length > 3 ? (String) LiteralExpr.valueAt(operands[3], row) : "";
            if (!source.equals(previousKey[0]) || !options.equals(previousKey[1])) {
                previous[0] = StringFunctions.compile(source, options);
                previousKey[0] = source;
                previousKey[1] = options;
            }
            long group = operands.length > 2 ? ((Number) LiteralExpr.valueAt(operands[2], row)).longValue() : 0;
            return StringFunctions.extractAllRegex((String) LiteralExpr.valueAt(operands[0], row), previous[0], group);
        });
    }

    private static boolean anyNull(FieldVector[] operands, int row) {
        for (FieldVector operand : operands) {
            if (operand.isNull(row)) {
                return true;
            }
        }
        return false;
    }
}
