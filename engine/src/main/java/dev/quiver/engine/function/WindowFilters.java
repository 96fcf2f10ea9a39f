package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.udf.NullHandling;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * {@code agg(x) FILTER (WHERE c) OVER (…)}, which Calcite's validator refuses, as
 * {@code agg(CASE WHEN c THEN x END) OVER (…)}: the same answer for the aggregates of one argument
 * that skip NULLs ({@link #NULL_SKIPPING}), and {@code count(*)} becomes
 * {@code count(CASE WHEN c THEN 1 END)}. Other aggregates keep the FILTER, and the validator's error.
 * A Python aggregate ({@link #rewritePython}) that skips rows with a NULL argument (the default) gets
 * the CASE around every argument; one that is CALLED ON NULL INPUT is refused with a clear error.
 */
public final class WindowFilters {
    /** Aggregates whose answer over rows with NULL arguments equals their answer without those rows. */
    private static final Set<String> NULL_SKIPPING = Set.of(
            "count",
            "sum",
            "avg",
            "min",
            "max",
            "any_value",
            "stddev",
            "stddev_samp",
            "stddev_pop",
            "variance",
            "var_samp",
            "var_pop",
            "bool_and",
            "bool_or",
            "bit_and",
            "bit_or",
            "bit_xor",
            "product",
            "mode",
            "median",
            "fsum",
            "favg",
            "kurtosis",
            "skewness",
            "entropy",
            "approx_count_distinct",
            "count_if",
            "string_agg",
            "group_concat");

    private WindowFilters() {}

    /** Rewrites {@code statement} in place. */
    static void rewrite(SqlNode statement) {
        forEachFilteredWindowCall(statement, WindowFilters::filterIntoArgument);
    }

    /**
     * Rewrites the FILTERs of Python aggregates' window calls in {@code statement}, in place, after
     * {@link #rewrite}: {@code nullHandling} gives a Python aggregate's NULL rule by name (null for
     * any other name).
     */
    public static void rewritePython(SqlNode statement, Function<String, NullHandling> nullHandling) {
        forEachFilteredWindowCall(statement, (aggregate, condition) -> {
            String name = aggregate.getOperator().getName();
            NullHandling nulls = nullHandling.apply(name);
            if (nulls == NullHandling.CALLED_ON_NULL_INPUT) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "FILTER in a window call of Python aggregate function " + name.toLowerCase(Locale.ROOT)
                                + " needs a function that skips rows with a NULL argument (it is declared"
                                + " CALLED ON NULL INPUT); filter in a subquery instead, e.g. pass"
                                + " CASE WHEN condition THEN x END and skip None in the handler");
            }
            if (nulls == null || aggregate.operandCount() == 0) {
                return false;
            }
            for (int index = 0; index < aggregate.operandCount(); index++) {
                aggregate.setOperand(index, onlyWhen(condition, aggregate.operand(index)));
            }
            return true;
        });
    }

    /**
     * Offers every {@code agg(…) FILTER (WHERE c) OVER (…)} of {@code statement} to {@code intoArguments},
     * which may move {@code c} into the aggregate's arguments and answer true: then the FILTER goes.
     */
    private static void forEachFilteredWindowCall(SqlNode statement, BiPredicate<SqlBasicCall, SqlNode> intoArguments) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.OVER
                        && call.operand(0) instanceof SqlCall filter
                        && filter.getKind() == SqlKind.FILTER
                        && filter.operand(0) instanceof SqlBasicCall aggregate
                        && intoArguments.test(aggregate, filter.operand(1))) {
                    call.setOperand(0, aggregate);
                }
                return super.visit(call);
            }
        });
    }

    /** {@code CASE WHEN condition THEN argument END}. */
    private static SqlNode onlyWhen(SqlNode condition, SqlNode argument) {
        SqlParserPos position = argument.getParserPosition();
        return new SqlCase(
                position, null, SqlNodeList.of(condition), SqlNodeList.of(argument), SqlLiteral.createNull(position));
    }

    /** Moves {@code condition} into the aggregate's argument; false when the aggregate is not one of those. */
    private static boolean filterIntoArgument(SqlBasicCall aggregate, SqlNode condition) {
        String name = aggregate.getOperator().getName().toLowerCase(Locale.ROOT);
        if (!NULL_SKIPPING.contains(name) || aggregate.operandCount() == 0) {
            return false;
        }
        SqlNode argument = aggregate.operand(0);
        SqlParserPos position = argument.getParserPosition();
        if (argument instanceof SqlIdentifier identifier && identifier.isStar()) {
            if (!name.equals("count")) {
                return false;
            }
            argument = SqlLiteral.createExactNumeric("1", position);
        }
        aggregate.setOperand(0, onlyWhen(condition, argument));
        return true;
    }
}
