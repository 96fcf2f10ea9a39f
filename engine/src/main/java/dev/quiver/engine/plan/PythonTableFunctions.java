package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.operator.project.ProjectOperator;
import dev.quiver.engine.exec.operator.scan.ValuesOperator;
import dev.quiver.engine.exec.operator.udf.PythonTableFunctionOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.function.PythonTableSqlFunction;
import dev.quiver.engine.function.UdfTypes;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeUtil;

/** Builds the runtime operators of Python table function calls: in FROM, and lateral. */
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
        PythonUdf function = ((PythonTableSqlFunction) call.getOperator()).function();
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
        for (int index = 0; index < arguments.length; index++) {
            RexNode argument = cast(call.getOperands().get(index), function, index, rexBuilder);
            expressions.add(RexToExpr.translate(argument, inputFields));
            projected.add(function.parameterTypes().get(index).toField("arg" + index));
            arguments[index] = width + index;
        }
        PhysicalOperator withArguments = new ProjectOperator(input, expressions, projected);
        int interpreters = function.pool().options().workers();
        Expr on = condition == null ? null : RexToExpr.translate(condition, outputFields);
        String description = describe(function, arguments, shape, keepUnmatched, on, interpreters, batchRows);
        return new PythonTableFunctionOperator(
                withArguments,
                function.pool().tableFunction(function.registered()),
                interpreters,
                arguments,
                kept,
                keepUnmatched,
                on,
                batchRows,
                outputFields,
                description);
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
        return text.append(") [table, ")
                .append(function.deterministic() ? "deterministic" : "volatile")
                .append("], ")
                .append(shape)
                .append(keepUnmatched ? ", keeps rows yielding nothing" : "")
                .append(condition == null ? "" : ", on " + condition.describe())
                .append(", input rows spread over ")
                .append(interpreters)
                .append(" interpreters, ")
                .append(chunkRows)
                .append(" rows per chunk)")
                .toString();
    }
}
