package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.StringFunctions;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
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
        ListVector result = (ListVector) field().createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            VarCharVector parts = (VarCharVector) result.getDataVector();
            Pattern previous = null;
            String previousSource = null;
            String previousOptions = null;
            int element = 0;
            for (int row = 0; row < rowCount; row++) {
                if (anyNull(operands, row)) {
                    result.setNull(row);
                    continue;
                }
                String source = (String) LiteralExpr.valueAt(operands[1], row);
                String options = operands.length > 3 ? (String) LiteralExpr.valueAt(operands[3], row) : "";
                // a constant pattern is compiled once per batch
                if (previous == null || !source.equals(previousSource) || !options.equals(previousOptions)) {
                    previous = StringFunctions.compile(source, options);
                    previousSource = source;
                    previousOptions = options;
                }
                long group = operands.length > 2 ? ((Number) LiteralExpr.valueAt(operands[2], row)).longValue() : 0;
                List<String> values = StringFunctions.extractAllRegex(
                        (String) LiteralExpr.valueAt(operands[0], row), previous, group);
                result.startNewValue(row);
                for (String value : values) {
                    VectorWriter.set(parts, element++, value);
                }
                result.endValue(row, values.size());
            }
            parts.setValueCount(element);
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
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
