package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.StringFunctions;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code regexp_extract_all(string, pattern[, group | names[, options]])}: a VARCHAR list of the
 * group of every non-overlapping match (NULL for a group that took no part), or with a list of names
 * a list of STRUCTs holding groups 1, 2, ... of each match under those names, as DuckDB; NULL when
 * any argument is NULL.
 */
public final class RegexpExtractAllExpr extends NestedKernel {
    /** @param operands string, pattern and, when given, the BIGINT group or the list of names, and the options */
    public RegexpExtractAllExpr(String name, List<Expr> operands, Field field) {
        super(name, operands, field, true);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        // a constant pattern is compiled once per batch
        Pattern[] previous = {null};
        String[] previousKey = {null, null}; // pattern, options
        boolean named = field().getChildren().getFirst().getType() instanceof ArrowType.Struct;
        RowMatches matches = row -> {
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
            return previous[0].matcher((String) LiteralExpr.valueAt(operands[0], row));
        };
        if (named) {
            return structs(matches, rowCount, context);
        }
        return StringListExpr.build(field(), rowCount, context.allocator(), row -> {
            Matcher matcher = matches.at(row);
            if (matcher == null) {
                return null;
            }
            long group = operands.length > 2 ? ((Number) LiteralExpr.valueAt(operands[2], row)).longValue() : 0;
            return StringFunctions.extractAllRegex(matcher, group);
        });
    }

    /** The matcher of a row's string and pattern, or null when the row is NULL. */
    @FunctionalInterface
    private interface RowMatches {
        Matcher at(int row);
    }

    /** One STRUCT per match with groups 1, 2, ... as its members (the pattern is a constant). */
    private FieldVector structs(RowMatches matches, int rowCount, ExecutionContext context) {
        ListVector result = (ListVector) field().createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            StructVector structs = (StructVector) result.getDataVector();
            int names = structs.getField().getChildren().size();
            int element = 0;
            for (int row = 0; row < rowCount; row++) {
                Matcher matcher = matches.at(row);
                if (matcher == null) {
                    result.setNull(row);
                    continue;
                }
                if (matcher.groupCount() < names) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "Not enough capturing groups (" + matcher.groupCount() + ") for provided names (" + names
                                    + ")");
                }
                int first = element;
                result.startNewValue(row);
                while (matcher.find()) {
                    for (int group = 1; group <= names; group++) {
                        VectorWriter.set(
                                (FieldVector) structs.getChildByOrdinal(group - 1), element, matcher.group(group));
                    }
                    structs.setIndexDefined(element);
                    element++;
                }
                result.endValue(row, element - first);
            }
            for (int member = 0; member < names; member++) {
                structs.getChildByOrdinal(member).setValueCount(element);
            }
            structs.setValueCount(element);
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
