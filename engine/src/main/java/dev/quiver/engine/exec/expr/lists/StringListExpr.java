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
 * {@code string_split(string, separator)} (a list of the parts; an empty separator splits into
 * characters, a NULL one keeps the string whole) and {@code regexp_split_to_array(string, pattern)},
 * as DuckDB: a NULL string gives NULL.
 */
public final class StringListExpr extends NestedKernel {
    private final boolean regex;

    /** @param regex whether the separator is a (Java) regular expression */
    public StringListExpr(String name, boolean regex, Expr string, Expr separator, Field field) {
        super(name, List.of(string, separator), field, regex);
        this.regex = regex;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListVector result = (ListVector) field().createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            VarCharVector parts = (VarCharVector) result.getDataVector();
            int element = 0;
            for (int row = 0; row < rowCount; row++) {
                if (operands[0].isNull(row)) {
                    result.setNull(row);
                    continue;
                }
                String string = (String) LiteralExpr.valueAt(operands[0], row);
                String separator = operands[1].isNull(row) ? null : (String) LiteralExpr.valueAt(operands[1], row);
                String[] pieces = split(string, separator);
                result.startNewValue(row);
                for (String piece : pieces) {
                    VectorWriter.set(parts, element++, piece);
                }
                result.endValue(row, pieces.length);
            }
            parts.setValueCount(element);
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private String[] split(String string, String separator) {
        if (separator == null) {
            return new String[] {string};
        }
        if (separator.isEmpty()) {
            return string.isEmpty()
                    ? new String[] {""}
                    : string.codePoints().mapToObj(Character::toString).toArray(String[]::new);
        }
        Pattern pattern = regex ? StringFunctions.compile(separator, "") : Pattern.compile(Pattern.quote(separator));
        return pattern.split(string, -1);
    }
}
