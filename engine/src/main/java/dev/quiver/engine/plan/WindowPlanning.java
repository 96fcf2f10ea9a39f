package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.PythonAggregateCall;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.operator.window.WindowFrame;
import dev.quiver.engine.exec.operator.window.WindowFunction;
import dev.quiver.engine.exec.operator.window.WindowOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.function.PythonAggregateSqlFunction;
import dev.quiver.engine.plan.rel.VecWindow;
import dev.quiver.engine.sql.GroupsFrames;
import dev.quiver.engine.type.TypeMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates a {@link VecWindow} into runtime operators: one {@link WindowOperator} per window
 * group (same PARTITION BY, ORDER BY and frame), stacked in the group order, so the columns come
 * out as Calcite's Window lays them out — the input's, then each group's calls.
 */
final class WindowPlanning {
    /** The functions whose frames may EXCLUDE rows (sums subtract the excluded rows', min/max skip them). */
    private static final java.util.Set<WindowFunction.Kind> EXCLUDE_CAPABLE = java.util.EnumSet.of(
            WindowFunction.Kind.ROW_NUMBER,
            WindowFunction.Kind.RANK,
            WindowFunction.Kind.DENSE_RANK,
            WindowFunction.Kind.PERCENT_RANK,
            WindowFunction.Kind.CUME_DIST,
            WindowFunction.Kind.NTILE,
            WindowFunction.Kind.LAG,
            WindowFunction.Kind.LEAD,
            WindowFunction.Kind.FIRST_VALUE,
            WindowFunction.Kind.LAST_VALUE,
            WindowFunction.Kind.COUNT,
            WindowFunction.Kind.COUNT_DISTINCT,
            WindowFunction.Kind.SUM,
            WindowFunction.Kind.SUM_DISTINCT,
            WindowFunction.Kind.SUM0_DISTINCT,
            WindowFunction.Kind.AVG_DISTINCT,
            WindowFunction.Kind.SUM0,
            WindowFunction.Kind.AVG,
            WindowFunction.Kind.MIN,
            WindowFunction.Kind.MAX,
            WindowFunction.Kind.VAR_POP,
            WindowFunction.Kind.VAR_SAMP,
            WindowFunction.Kind.STDDEV_POP,
            WindowFunction.Kind.STDDEV_SAMP,
            WindowFunction.Kind.AGGREGATE,
            WindowFunction.Kind.PYTHON_AGGREGATE);

    private WindowPlanning() {}

    static PhysicalOperator operator(VecWindow window, PhysicalOperator input) {
        List<Field> fields = PhysicalPlanBuilder.fields(window.getRowType());
        int inputCount = window.getInput().getRowType().getFieldCount();
        int nextOutput = inputCount;
        PhysicalOperator operator = input;
        for (Window.Group group : window.groups) {
            List<SortKey> orderKeys = new ArrayList<>();
            for (RelFieldCollation collation : group.orderKeys.getFieldCollations()) {
                orderKeys.add(new SortKey(
                        collation.getFieldIndex(),
                        collation.getDirection().isDescending(),
                        collation.nullDirection == RelFieldCollation.NullDirection.FIRST));
            }
            WindowFrame frame = frame(window, group, inputCount);
            List<WindowFunction> functions = new ArrayList<>();
            for (Window.RexWinAggCall call : group.aggCalls) {
                WindowFunction function = function(window, call, inputCount, fields.get(nextOutput++));
                if (frame.exclusion() != WindowFrame.Exclusion.NO_OTHERS
                        && !EXCLUDE_CAPABLE.contains(function.kind())) {
                    throw new QuiverException(
                            ErrorCode.UNSUPPORTED,
                            "EXCLUDE in the frame of " + function.kind().name().toLowerCase(Locale.ROOT)
                                    + " is not supported yet (the aggregates and ranking functions have it)");
                }
                functions.add(function);
            }
            operator = new WindowOperator(operator, group.keys.toArray(), orderKeys, frame, functions);
        }
        return operator;
    }

    private static WindowFunction function(Window window, Window.RexWinAggCall call, int inputCount, Field output) {
        if (call.getOperator() instanceof PythonAggregateSqlFunction python) {
            return python(window, call, python, inputCount, output);
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        AggregateKernel kernel = kernel(window, call, inputCount, output);
        WindowFunction.Kind kind = kernel != null
                ? WindowFunction.Kind.AGGREGATE
                : switch (call.getOperator().getKind()) {
                    case ROW_NUMBER -> WindowFunction.Kind.ROW_NUMBER;
                    case RANK -> WindowFunction.Kind.RANK;
                    case DENSE_RANK -> WindowFunction.Kind.DENSE_RANK;
                    case PERCENT_RANK -> WindowFunction.Kind.PERCENT_RANK;
                    case CUME_DIST -> WindowFunction.Kind.CUME_DIST;
                    case NTILE -> WindowFunction.Kind.NTILE;
                    case LAG -> WindowFunction.Kind.LAG;
                    case LEAD -> WindowFunction.Kind.LEAD;
                    case FIRST_VALUE, ANY_VALUE -> WindowFunction.Kind.FIRST_VALUE;
                    case LAST_VALUE -> WindowFunction.Kind.LAST_VALUE;
                    case NTH_VALUE -> WindowFunction.Kind.NTH_VALUE;
                    case COUNT -> WindowFunction.Kind.COUNT;
                    case SUM -> WindowFunction.Kind.SUM;
                    case SUM0 -> WindowFunction.Kind.SUM0;
                    case AVG -> WindowFunction.Kind.AVG;
                    case MIN -> WindowFunction.Kind.MIN;
                    case MAX -> WindowFunction.Kind.MAX;
                    case VAR_POP -> WindowFunction.Kind.VAR_POP;
                    case VAR_SAMP -> WindowFunction.Kind.VAR_SAMP;
                    case STDDEV_POP -> WindowFunction.Kind.STDDEV_POP;
                    case STDDEV_SAMP -> WindowFunction.Kind.STDDEV_SAMP;
                    default ->
                        throw new QuiverException(
                                ErrorCode.UNSUPPORTED, "window function " + name + " is not supported yet");
                };
        if (call.distinct && call.getOperands().size() == 1 && kind == WindowFunction.Kind.COUNT) {
            kind = WindowFunction.Kind.COUNT_DISTINCT;
        } else if (call.distinct && kind == WindowFunction.Kind.SUM) {
            kind = WindowFunction.Kind.SUM_DISTINCT;
        } else if (call.distinct && kind == WindowFunction.Kind.SUM0) {
            kind = WindowFunction.Kind.SUM0_DISTINCT;
        } else if (call.distinct && kind == WindowFunction.Kind.AVG) {
            kind = WindowFunction.Kind.AVG_DISTINCT;
        } else if (call.distinct && kind != WindowFunction.Kind.MIN && kind != WindowFunction.Kind.MAX) {
            // min and max are the same with DISTINCT
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "DISTINCT in window function " + name
                            + " is not supported yet (count, sum, avg, min and max have it)");
        }
        int[] arguments = new int[call.getOperands().size()];
        List<Object> constants = new ArrayList<>();
        for (int index = 0; index < arguments.length; index++) {
            RexNode operand = call.getOperands().get(index);
            RexLiteral literal = constant(window, operand, inputCount);
            if (literal == null && operand instanceof RexInputRef ref) {
                arguments[index] = ref.getIndex();
                constants.add(null);
            } else if (literal != null) {
                arguments[index] = -1;
                // lag/lead's default takes the result's type; offsets and counts their own
                SqlTypeName type = index == 2
                        ? call.getType().getSqlTypeName()
                        : literal.getType().getSqlTypeName();
                constants.add(Literals.value(literal, type));
            } else {
                throw QuiverException.internal("window function argument " + operand + " is not a column", null);
            }
        }
        // any_value: the frame's first non-NULL value, as DuckDB's window any_value gives
        boolean ignoreNulls = call.ignoreNulls || call.getOperator().getKind() == SqlKind.ANY_VALUE;
        return new WindowFunction(kind, arguments, constants, ignoreNulls, output, kernel);
    }

    /** A Python aggregate function's window call: its arguments are columns of the declared types. */
    private static WindowFunction python(
            Window window, Window.RexWinAggCall call, PythonAggregateSqlFunction python, int inputCount, Field output) {
        PythonUdf function = python.function();
        PythonAggregateCall aggregate =
                new PythonAggregateCall(function.name(), function.registered(), function.pool());
        if (call.ignoreNulls) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "IGNORE NULLS is not allowed for aggregate function " + function.name()
                            + " (its NULL rule is declared with the function)");
        }
        int[] arguments = new int[call.getOperands().size()];
        for (int index = 0; index < arguments.length; index++) {
            RexNode operand = call.getOperands().get(index);
            if (constant(window, operand, inputCount) != null || !(operand instanceof RexInputRef ref)) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "constant arguments of Python aggregate function " + function.name()
                                + " in a window are not supported yet; pass a column (e.g. from a subquery)");
            }
            arguments[index] = ref.getIndex();
        }
        return WindowFunction.python(aggregate, arguments, output, call.distinct);
    }

    /** The kernel of a built-in aggregate call, or null for the functions the window computes itself. */
    private static AggregateKernel kernel(Window window, Window.RexWinAggCall call, int inputCount, Field output) {
        if (!(call.getOperator() instanceof SqlAggFunction function)) {
            return null;
        }
        List<Field> fields =
                new ArrayList<>(PhysicalPlanBuilder.fields(window.getInput().getRowType()));
        List<Integer> arguments = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            arguments.add(fields.size());
            fields.add(TypeMapping.toField("argument", operand.getType()));
        }
        return AggregateCalls.kernel(function, arguments, fields, output, false);
    }

    /** The literal {@code node} stands for: itself, or a reference past the input to the window's constants. */
    private static RexLiteral constant(Window window, RexNode node, int inputCount) {
        if (node instanceof RexLiteral literal) {
            return literal;
        }
        if (node instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
            return window.constants.get(ref.getIndex() - inputCount);
        }
        return null;
    }

    private static WindowFrame frame(Window window, Window.Group group, int inputCount) {
        RelDataType keyType = group.orderKeys.getFieldCollations().size() == 1
                ? window.getInput()
                        .getRowType()
                        .getFieldList()
                        .get(group.orderKeys.getFieldCollations().getFirst().getFieldIndex())
                        .getType()
                : null;
        WindowFrame.Exclusion exclusion = switch (group.exclude) {
            case EXCLUDE_NO_OTHER -> WindowFrame.Exclusion.NO_OTHERS;
            case EXCLUDE_CURRENT_ROW -> WindowFrame.Exclusion.CURRENT_ROW;
            case EXCLUDE_GROUP -> WindowFrame.Exclusion.GROUP;
            case EXCLUDE_TIES -> WindowFrame.Exclusion.TIES;
        };
        WindowFrame.Kind kind = !group.isRows
                ? WindowFrame.Kind.RANGE
                : groupsOffset(window, group.lowerBound, inputCount)
                                || groupsOffset(window, group.upperBound, inputCount)
                        ? WindowFrame.Kind.GROUPS
                        : WindowFrame.Kind.ROWS;
        return new WindowFrame(
                kind,
                bound(window, group, kind, group.lowerBound, inputCount, keyType),
                bound(window, group, kind, group.upperBound, inputCount, keyType),
                exclusion);
    }

    /** Whether {@code bound} has the offset that marks a ROWS frame as GROUPS (see {@link GroupsFrames}). */
    private static boolean groupsOffset(Window window, RexWindowBound bound, int inputCount) {
        if (bound.getOffset() == null) {
            return false;
        }
        RexLiteral offset = constant(window, bound.getOffset(), inputCount);
        return offset != null && GroupsFrames.isGroupsOffset(offset.getType().getSqlTypeName());
    }

    private static WindowFrame.Bound bound(
            Window window,
            Window.Group group,
            WindowFrame.Kind frameKind,
            RexWindowBound bound,
            int inputCount,
            RelDataType keyType) {
        if (bound.isUnboundedPreceding()) {
            return WindowFrame.Bound.of(WindowFrame.BoundKind.UNBOUNDED_PRECEDING);
        }
        if (bound.isUnboundedFollowing()) {
            return WindowFrame.Bound.of(WindowFrame.BoundKind.UNBOUNDED_FOLLOWING);
        }
        if (bound.isCurrentRow()) {
            return WindowFrame.Bound.of(WindowFrame.BoundKind.CURRENT_ROW);
        }
        WindowFrame.BoundKind kind =
                bound.isPreceding() ? WindowFrame.BoundKind.PRECEDING : WindowFrame.BoundKind.FOLLOWING;
        RexLiteral offset = constant(window, bound.getOffset(), inputCount);
        if (offset == null || offset.isNull()) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED, "window frame offsets must be constants, not " + bound.getOffset());
        }
        if (frameKind == WindowFrame.Kind.GROUPS) {
            // the interval's milliseconds: 1000 per peer group
            return new WindowFrame.Bound(
                    kind, nonNegative(offset.getValueAs(BigDecimal.class)).longValueExact() / 1000, false);
        }
        if (offset.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME
                || offset.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
            if (group.isRows) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY, "ROWS frame offsets must be integers, not intervals");
            }
        }
        if (group.isRows) {
            return new WindowFrame.Bound(
                    kind, nonNegative(offset.getValueAs(BigDecimal.class)).longValueExact(), false);
        }
        if (keyType == null) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY, "a RANGE frame with an offset needs exactly one ORDER BY expression");
        }
        SqlTypeFamily offsetFamily = offset.getType().getSqlTypeName().getFamily();
        return switch (keyType.getSqlTypeName()) {
            case REAL, FLOAT, DOUBLE ->
                new WindowFrame.Bound(
                        kind,
                        Double.doubleToRawLongBits(
                                nonNegative(offset.getValueAs(BigDecimal.class)).doubleValue()),
                        true);
            case TINYINT, SMALLINT, INTEGER, BIGINT ->
                new WindowFrame.Bound(
                        kind, nonNegative(offset.getValueAs(BigDecimal.class)).longValue(), false);
            case DECIMAL ->
                new WindowFrame.Bound(
                        kind,
                        nonNegative(offset.getValueAs(BigDecimal.class))
                                .setScale(keyType.getScale(), java.math.RoundingMode.DOWN)
                                .unscaledValue()
                                .longValueExact(),
                        false);
            case DATE, TIMESTAMP -> {
                if (offsetFamily != SqlTypeFamily.INTERVAL_DAY_TIME) {
                    throw new QuiverException(
                            ErrorCode.UNSUPPORTED,
                            "RANGE frames over " + keyType.getSqlTypeName()
                                    + " need a day-time INTERVAL offset (month and year offsets are not supported yet)");
                }
                long millis = nonNegative(offset.getValueAs(BigDecimal.class)).longValueExact();
                yield new WindowFrame.Bound(
                        kind,
                        keyType.getSqlTypeName() == SqlTypeName.DATE ? millis / 86_400_000L : millis * 1000,
                        false);
            }
            default ->
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "RANGE frames with an offset need a numeric, DATE or TIMESTAMP ORDER BY key, not "
                                + keyType.getSqlTypeName());
        };
    }

    private static BigDecimal nonNegative(BigDecimal offset) {
        if (offset.signum() < 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "window frame offsets must not be negative");
        }
        return offset;
    }
}
