package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.operator.project.ProjectOperator;
import dev.quiver.engine.exec.operator.scan.ValuesOperator;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.operator.udf.PythonTableFunctionOperator;
import dev.quiver.engine.exec.operator.udf.PythonTableInputOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.function.PythonTableSqlFunction;
import dev.quiver.engine.function.TableArgumentVersions;
import dev.quiver.engine.function.UdfTypes;
import dev.quiver.engine.type.TypeMapping;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.PythonTableFunction;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeUtil;

/** Builds the runtime operators of Python table function calls: in FROM, lateral, and over a table argument. */
final class PythonTableFunctions {
    private PythonTableFunctions() {}

    /** {@code FROM f(constant, ...)}: the function over one row of its arguments. */
    static PhysicalOperator constant(RexCall call, RexBuilder rexBuilder, List<Field> outputFields, int batchRows) {
        PhysicalOperator oneRow = new ValuesOperator(List.of(), List.of(List.of()));
        return over(oneRow, call, rexBuilder, new int[0], false, null, outputFields, batchRows, "constant arguments");
    }

    /**
     * The function once per row of {@code input} (its arguments refer to the input's columns),
     * emitting the {@code kept} input columns beside each yielded row; with {@code keepUnmatched}
     * only the yielded rows passing {@code condition} (over the output row; null: TRUE) count.
     */
    static PhysicalOperator over(
            PhysicalOperator input,
            RexCall call,
            RexBuilder rexBuilder,
            int[] kept,
            boolean keepUnmatched,
            RexNode condition,
            List<Field> outputFields,
            int batchRows,
            String shape) {
        Arguments withArguments = arguments(input, call, rexBuilder);
        PythonUdf function = withArguments.function();
        int interpreters = function.pool().options().workers();
        Expr on = condition == null ? null : RexToExpr.translate(condition, outputFields);
        String description =
                describe(function, withArguments.columns(), shape, keepUnmatched, on, interpreters, batchRows);
        return new PythonTableFunctionOperator(
                withArguments.operator(),
                withArguments.tableFunction(),
                interpreters,
                withArguments.columns(),
                kept,
                keepUnmatched,
                on,
                batchRows,
                outputFields,
                description);
    }

    /**
     * {@code f(TABLE(t) PARTITION BY k ORDER BY o)} over {@code input} (the table): the partitions in
     * order through one instance each, or — with neither PARTITION BY nor ORDER BY — the rows spread
     * freely over instances (as a lateral call that keeps no input column).
     */
    static PhysicalOperator tableInput(
            PhysicalOperator input,
            RexCall call,
            RexBuilder rexBuilder,
            List<Integer> partitionKeys,
            List<SortKey> orderKeys,
            List<Field> outputFields,
            int batchRows) {
        if (partitionKeys.isEmpty() && orderKeys.isEmpty()) {
            return over(
                    input,
                    call,
                    rexBuilder,
                    new int[0],
                    false,
                    null,
                    outputFields,
                    batchRows,
                    "table argument, rows spread over instances");
        }
        Arguments withArguments = arguments(input, call, rexBuilder);
        PythonUdf function = withArguments.function();
        int interpreters = function.pool().options().workers();
        String shape = "table argument, "
                + (partitionKeys.isEmpty()
                        ? "one partition"
                        : "partition by "
                                + partitionKeys.stream().map(key -> "$" + key).collect(Collectors.joining(", ")))
                + (orderKeys.isEmpty() ? "" : " order by " + orderKeys);
        String description = describe(function, withArguments.columns(), shape, false, null, interpreters, batchRows)
                .replace("input rows spread over", "partitions spread over");
        return new PythonTableInputOperator(
                withArguments.operator(),
                withArguments.tableFunction(),
                interpreters,
                withArguments.columns(),
                partitionKeys.stream().mapToInt(Integer::intValue).toArray(),
                orderKeys,
                batchRows,
                outputFields,
                description);
    }

    /**
     * The input with the call's arguments appended (each cast to its declared type; a table
     * argument is the input row as a STRUCT), and the function version that takes them.
     */
    private record Arguments(
            PythonUdf function, PhysicalOperator operator, int[] columns, PythonTableFunction tableFunction) {}

    private static Arguments arguments(PhysicalOperator input, RexCall call, RexBuilder rexBuilder) {
        PythonUdf function = ((PythonTableSqlFunction) call.getOperator()).function();
        int tableParameter = function.tableParameter();
        List<Field> inputFields = input.outputFields();
        int width = inputFields.size();
        List<Expr> expressions = new ArrayList<>();
        List<Field> projected = new ArrayList<>(inputFields);
        IntStream.range(0, width)
                .forEach(column -> expressions.add(RexToExpr.translate(
                        rexBuilder.makeInputRef(
                                TypeMapping.toSql(inputFields.get(column), rexBuilder.getTypeFactory()), column),
                        inputFields)));
        int[] arguments = new int[call.getOperands().size()];
        RegisteredFunction registered = function.registered();
        for (int index = 0; index < arguments.length; index++) {
            RexNode operand = call.getOperands().get(index);
            if (index == tableParameter) {
                UdfType rowType = UdfTypes.fromSql(operand.getType(), "the table argument of " + function.name());
                registered = TableArgumentVersions.forRows(function, rowType);
                expressions.add(RexToExpr.translate(operand, inputFields));
                projected.add(rowType.toField("arg" + index));
            } else {
                expressions.add(RexToExpr.translate(cast(operand, function, index, rexBuilder), inputFields));
                projected.add(function.parameterTypes().get(index).toField("arg" + index));
            }
            arguments[index] = width + index;
        }
        PythonTableFunction tableFunction = function.pool().tableFunction(registered);
        if (tableParameter >= 0) {
            tableFunction = tableFunction.withRowArgument(tableParameter);
        }
        return new Arguments(function, new ProjectOperator(input, expressions, projected), arguments, tableFunction);
    }

    /** The argument cast to its declared parameter type unless it has it already. */
    private static RexNode cast(RexNode operand, PythonUdf function, int index, RexBuilder rexBuilder) {
        RelDataType declared = UdfTypes.toSql(function.parameterTypes().get(index), rexBuilder.getTypeFactory());
        return SqlTypeUtil.equalSansNullability(rexBuilder.getTypeFactory(), declared, operand.getType())
                ? operand
                : rexBuilder.makeCast(declared, operand, true, false);
    }

    private static String describe(
            PythonUdf function,
            int[] arguments,
            String shape,
            boolean keepUnmatched,
            Expr condition,
            int interpreters,
            int chunkRows) {
        StringBuilder text = new StringBuilder("PythonTableFunction(")
                .append(function.name())
                .append('(');
        for (int index = 0; index < arguments.length; index++) {
            text.append(index == 0 ? "$" : ", $").append(arguments[index]);
        }
        RegisteredFunction registered = function.registered();
        return text.append(") [table, ")
                .append(function.deterministic() ? "deterministic" : "volatile")
                .append(registered.inProcess() ? ", " + registered.tierLabel() : "")
                .append("], ")
                .append(shape)
                .append(keepUnmatched ? ", keeps rows yielding nothing" : "")
                .append(condition == null ? "" : ", on " + condition.describe())
                .append(", input rows spread over ")
                .append(interpreters)
                .append(' ')
                .append(registered.runners())
                .append(", ")
                .append(chunkRows)
                .append(" rows per chunk)")
                .toString();
    }
}
