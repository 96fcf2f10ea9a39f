package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.StringFunctions;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
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
        return build(field(), rowCount, context.allocator(), row -> {
            if (operands[0].isNull(row)) {
                return null;
            }
            String string = (String) LiteralExpr.valueAt(operands[0], row);
            String separator = operands[1].isNull(row) ? null : (String) LiteralExpr.valueAt(operands[1], row);
            return Arrays.asList(split(string, separator));
        });
    }

    /** A VARCHAR list per row: {@code rowValues} gives a row's elements (null ones are NULL), or null for a NULL row. */
    static FieldVector build(
            Field field, int rowCount, BufferAllocator allocator, IntFunction<List<String>> rowValues) {
        ListVector result = (ListVector) field.createVector(allocator);
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            VarCharVector parts = (VarCharVector) result.getDataVector();
            int element = 0;
            for (int row = 0; row < rowCount; row++) {
                List<String> values = rowValues.apply(row);
                if (values == null) {
                    result.setNull(row);
                    continue;
                }
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
        String[] parts = pattern.split(string, -1);
        if (regex && parts.length > 1 && parts[parts.length - 1].isEmpty() && endsWithEmptyMatch(pattern, string)) {
            // as DuckDB (RE2): an empty match at the very end cuts off no empty last part ('abc' by 'x*' is [a, b, c])
            return Arrays.copyOf(parts, parts.length - 1);
        }
        return parts;
    }

    /** Whether the last match of {@code pattern} in {@code string} is an empty one at its end. */
    private static boolean endsWithEmptyMatch(Pattern pattern, String string) {
        Matcher matcher = pattern.matcher(string);
        int lastStart = -1;
        int lastEnd = -1;
        while (matcher.find()) {
            lastStart = matcher.start();
            lastEnd = matcher.end();
        }
        return lastStart == string.length() && lastEnd == string.length();
    }
}
