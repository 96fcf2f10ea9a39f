package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.PythonAggregateCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One window function call, as the runtime computes it. Immutable.
 *
 * @param kind        what to compute
 * @param arguments   input columns, {@code -1} where the argument is a constant
 * @param constants   the constant arguments' values (Long, Double, BigDecimal, String, …), null
 *                    where the argument is a column or the constant is NULL; as long as {@code arguments}
 * @param ignoreNulls {@code IGNORE NULLS}: value functions skip NULL values
 * @param output      the result column's name and type
 * @param kernel      AGGREGATE's built-in aggregate; null for the other kinds
 * @param python      PYTHON_AGGREGATE's function; null for the other kinds
 * @param distinct    PYTHON_AGGREGATE over the distinct argument tuples of its frame (the built-in
 *                    aggregates have DISTINCT kinds of their own)
 */
public record WindowFunction(
        Kind kind,
        int[] arguments,
        List<Object> constants,
        boolean ignoreNulls,
        Field output,
        AggregateKernel kernel,
        PythonAggregateCall python,
        boolean distinct) {
    /** The window functions the runtime implements. */
    public enum Kind {
        ROW_NUMBER,
        RANK,
        DENSE_RANK,
        PERCENT_RANK,
        CUME_DIST,
        NTILE,
        LAG,
        LEAD,
        FIRST_VALUE,
        LAST_VALUE,
        NTH_VALUE,
        /** Rows of the frame (no argument) or its rows with a non-NULL argument. */
        COUNT,
        /** count(DISTINCT x): distinct non-NULL values of the frame (see {@link DistinctCounts}). */
        COUNT_DISTINCT,
        /** sum(DISTINCT x): the sum of the frame's distinct non-NULL values (see {@link DistinctCounts}). */
        SUM_DISTINCT,
        /** $SUM0(DISTINCT x): SUM_DISTINCT that is 0 instead of NULL over no values. */
        SUM0_DISTINCT,
        /** avg(DISTINCT x): their mean. */
        AVG_DISTINCT,
        SUM,
        /** SUM that is 0 instead of NULL over no values (Calcite's $SUM0). */
        SUM0,
        AVG,
        MIN,
        MAX,
        VAR_POP,
        VAR_SAMP,
        STDDEV_POP,
        STDDEV_SAMP,
        /** A built-in aggregate computed by its {@link AggregateKernel} (see {@link KernelAggregates}). */
        AGGREGATE,
        /** A Python aggregate function (see {@link PythonWindowAggregates}). */
        PYTHON_AGGREGATE;

        /** Whether the function reads the frame (aggregates and first/last/nth value) rather than the partition. */
        public boolean usesFrame() {
            return ordinal() >= FIRST_VALUE.ordinal() && this != LAG && this != LEAD;
        }
    }

    public WindowFunction {
        arguments = arguments.clone();
        constants = Collections.unmodifiableList(new ArrayList<>(constants));
        if (constants.size() != arguments.length) {
            throw new IllegalArgumentException("one constant slot per argument");
        }
        if ((kind == Kind.AGGREGATE) != (kernel != null)) {
            throw new IllegalArgumentException("an AGGREGATE window function, and only one, has a kernel");
        }
        if ((kind == Kind.PYTHON_AGGREGATE) != (python != null)) {
            throw new IllegalArgumentException(
                    "a PYTHON_AGGREGATE window function, and only one, has a Python function");
        }
        if (distinct && kind != Kind.PYTHON_AGGREGATE) {
            throw new IllegalArgumentException("only a PYTHON_AGGREGATE window function has a DISTINCT flag");
        }
    }

    /** A window function other than a Python aggregate. */
    public WindowFunction(
            Kind kind,
            int[] arguments,
            List<Object> constants,
            boolean ignoreNulls,
            Field output,
            AggregateKernel kernel) {
        this(kind, arguments, constants, ignoreNulls, output, kernel, null, false);
    }

    /** A Python aggregate function's window call, over the distinct argument tuples if {@code distinct}. */
    public static WindowFunction python(PythonAggregateCall python, int[] arguments, Field output, boolean distinct) {
        return new WindowFunction(
                Kind.PYTHON_AGGREGATE,
                arguments,
                Collections.nCopies(arguments.length, null),
                false,
                output,
                null,
                python,
                distinct);
    }

    /** A window function other than a kernel aggregate. */
    public WindowFunction(Kind kind, int[] arguments, List<Object> constants, boolean ignoreNulls, Field output) {
        this(kind, arguments, constants, ignoreNulls, output, null, null, false);
    }

    /** Whether argument {@code index} exists and is a column. */
    public boolean isColumn(int index) {
        return index < arguments.length && arguments[index] >= 0;
    }

    /** Argument {@code index} as a constant, or null when it is missing, NULL or a column. */
    public Object constant(int index) {
        return index < arguments.length ? constants.get(index) : null;
    }

    /** E.g. {@code LAG($1, 2)}. */
    public String describe() {
        StringBuilder text = new StringBuilder(
                        kernel != null
                                ? kernel.name()
                                : python != null ? "PythonAggregate " + python.name() : kind.name())
                .append('(')
                .append(distinct ? "DISTINCT " : "");
        for (int index = 0; index < arguments.length; index++) {
            text.append(index == 0 ? "" : ", ")
                    .append(arguments[index] >= 0 ? "$" + arguments[index] : String.valueOf(constants.get(index)));
        }
        return text.append(')').append(ignoreNulls ? " IGNORE NULLS" : "").toString();
    }
}
