package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One aggregate call of a hash aggregate, as the runtime computes it: which function, over which
 * input columns, for which rows. Immutable.
 *
 * @param function  what to compute
 * @param arguments input columns; empty for COUNT(*) and LITERAL
 * @param filter    input BOOLEAN column: only rows where it is TRUE count ({@code FILTER (WHERE …)}),
 *                  or -1 when every row counts
 * @param output    the result column's name and type (Calcite's type of the call)
 * @param literal   LITERAL's constant, as a {@link dev.quiver.engine.exec.vector.VectorWriter} value;
 *                  null for the other functions
 * @param python    PYTHON's function; null for the other functions
 * @param kernel    KERNEL's built-in function; null for the other functions
 * @param order     KERNEL's ORDER BY inside the call ({@code string_agg(x, ',' ORDER BY y)}), over
 *                  input columns; empty when the call has none
 */
public record Aggregation(
        Function function,
        List<Integer> arguments,
        int filter,
        Field output,
        Object literal,
        PythonAggregateCall python,
        AggregateKernel kernel,
        List<SortKey> order) {

    /** The aggregate functions the runtime implements; the planner rewrites the others into these. */
    public enum Function {
        /** Rows where every argument is non-NULL; all rows without arguments (COUNT(*)). BIGINT, never NULL. */
        COUNT,
        /** Sum of the non-NULL values; NULL when there are none. */
        SUM,
        /** Sum of the non-NULL values; 0 when there are none (Calcite's $SUM0). */
        SUM0,
        /** Least non-NULL value. */
        MIN,
        /** Greatest non-NULL value. */
        MAX,
        /** Some non-NULL value of the group (DuckDB: the first one met). */
        ANY_VALUE,
        /** The group's only value; an error when the group has more than one row (scalar subqueries). */
        SINGLE_VALUE,
        /** A constant per group (Calcite's LITERAL_AGG, from subquery rewrites). */
        LITERAL,
        /** A Python aggregate function ({@code CREATE AGGREGATE FUNCTION}); see {@link PythonAccumulator}. */
        PYTHON,
        /** A built-in aggregate defined by its {@link AggregateKernel}; see {@link KernelAccumulator}. */
        KERNEL
    }

    public Aggregation {
        arguments = List.copyOf(arguments);
        order = List.copyOf(order);
        if ((function == Function.PYTHON) != (python != null)) {
            throw new IllegalArgumentException("a PYTHON aggregation, and only one, has a Python function");
        }
        if ((function == Function.KERNEL) != (kernel != null)) {
            throw new IllegalArgumentException("a KERNEL aggregation, and only one, has a kernel");
        }
        if (!order.isEmpty() && function != Function.KERNEL) {
            throw new IllegalArgumentException("only built-in kernels take ORDER BY inside the call");
        }
    }

    /** A built-in aggregation. */
    public Aggregation(Function function, List<Integer> arguments, int filter, Field output, Object literal) {
        this(function, arguments, filter, output, literal, null, null, List.of());
    }

    /** A Python aggregate function's call. */
    public static Aggregation python(PythonAggregateCall python, List<Integer> arguments, int filter, Field output) {
        return new Aggregation(Function.PYTHON, arguments, filter, output, null, python, null, List.of());
    }

    /** A call of a built-in aggregate kernel, ordered by {@code order} (empty: in any order). */
    public static Aggregation kernel(
            AggregateKernel kernel, List<Integer> arguments, List<SortKey> order, int filter, Field output) {
        return new Aggregation(Function.KERNEL, arguments, filter, output, null, null, kernel, order);
    }

    /**
     * Whether rows with a NULL argument are left out: every function but SINGLE_VALUE, which must
     * see them, Python aggregates declared CALLED ON NULL INPUT and kernels that see NULLs.
     */
    public boolean skipsNullArguments() {
        return switch (function) {
            case PYTHON -> python.skipsNullArguments();
            case KERNEL -> kernel.skipsNullRows();
            case SINGLE_VALUE -> false;
            default -> true;
        };
    }

    /**
     * E.g. {@code SUM($2) FILTER $5}, {@code PythonAggregate(wmedian($1, $2), 2 interpreters)},
     * {@code PythonAggregate(np_median($1) [process tier: numpy does not support sub-interpreters], 2 worker
     * processes)}.
     */
    public String describe() {
        if (function == Function.PYTHON) {
            String arguments =
                    this.arguments.stream().map(argument -> "$" + argument).collect(Collectors.joining(", "));
            RegisteredFunction function = python.function();
            return "PythonAggregate(" + python.name() + "(" + arguments + ")"
                    + (filter >= 0 ? " FILTER $" + filter : "")
                    + (function.inProcess() ? " [" + function.tierLabel() + "]" : "") + ", "
                    + python.pool().workerCount() + " " + function.runners() + ")";
        }
        if (function == Function.KERNEL) {
            String arguments =
                    this.arguments.stream().map(argument -> "$" + argument).collect(Collectors.joining(", "));
            return kernel.name() + "(" + arguments + (order.isEmpty() ? "" : " ORDER BY " + order) + ")"
                    + (filter >= 0 ? " FILTER $" + filter : "");
        }
        String arguments = function == Function.LITERAL
                ? String.valueOf(literal)
                : this.arguments.stream().map(argument -> "$" + argument).collect(Collectors.joining(", "));
        return function + "(" + arguments + ")" + (filter >= 0 ? " FILTER $" + filter : "");
    }
}
