package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.PythonTableSqlFunction;
import dev.quiver.engine.plan.rel.LogicalPythonTableFunction;
import dev.quiver.engine.plan.rel.PythonTableInputRel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Exchange;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SortExchange;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.Util;

/**
 * Turns each lateral call of a Python table function — a {@code Correlate} whose right side is the
 * function's scan, arguments naming the left row through the correlation variable — into a
 * {@link LogicalPythonTableFunction} over the left side, arguments as input references. The
 * decorrelator leaves such correlates alone: a table function cannot be joined any other way.
 */
final class PythonTableFunctionCalls {
    private PythonTableFunctionCalls() {}

    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(org.apache.calcite.rel.logical.LogicalCorrelate correlate) {
                RelNode visited = super.visit(correlate);
                return visited instanceof LogicalCorrelate rewritten ? lateral(rewritten) : visited;
            }

            @Override
            public RelNode visit(TableFunctionScan scan) {
                RelNode visited = super.visit(scan);
                return visited instanceof TableFunctionScan rewritten ? tableInput(rewritten) : visited;
            }

            @Override
            public RelNode visit(RelNode other) {
                // LogicalTableFunctionScan does not dispatch to visit(TableFunctionScan)
                RelNode visited = super.visit(other);
                return visited instanceof TableFunctionScan rewritten ? tableInput(rewritten) : visited;
            }
        });
    }

    /**
     * {@code f(TABLE t PARTITION BY k ORDER BY o, constant ...)} — Calcite's scan over the table (under
     * the exchange that carries PARTITION BY and ORDER BY) — as a {@link PythonTableInputRel} over the
     * table whose table operand is the input row as a STRUCT; anything else unchanged.
     */
    private static RelNode tableInput(TableFunctionScan scan) {
        if (scan.getInputs().size() != 1
                || !(scan.getCall() instanceof RexCall call)
                || !(call.getOperator() instanceof PythonTableSqlFunction sqlFunction)) {
            return scan;
        }
        int tableParameter = sqlFunction.function().tableParameter();
        RelNode input = stripped(scan.getInput(0));
        List<Integer> partitionKeys = List.of();
        RelCollation order = RelCollations.EMPTY;
        if (input instanceof SortExchange exchange) {
            partitionKeys = exchange.getDistribution().getKeys();
            order = exchange.getCollation();
            input = stripped(exchange.getInput());
        } else if (input instanceof Exchange exchange) {
            partitionKeys = exchange.getDistribution().getKeys();
            input = stripped(exchange.getInput());
        }
        RexBuilder rexBuilder = scan.getCluster().getRexBuilder();
        List<RexNode> fields = new ArrayList<>();
        for (int column = 0; column < input.getRowType().getFieldCount(); column++) {
            fields.add(RexInputRef.of(column, input.getRowType()));
        }
        RexNode row = rexBuilder.makeCall(input.getRowType(), SqlStdOperatorTable.ROW, fields);
        // Calcite leaves the table operand out of the call: it is the scan's input
        List<RexNode> operands = new ArrayList<>(call.getOperands());
        for (int index = 0; index < operands.size(); index++) {
            if (!RexUtil.isConstant(operands.get(index))) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "the arguments beside the table argument of "
                                + sqlFunction.function().name() + " must be constants; " + operands.get(index)
                                + " is not");
            }
        }
        operands.add(tableParameter, row);
        RexCall rewritten = (RexCall) rexBuilder.makeCall(call.getType(), call.getOperator(), operands);
        return new PythonTableInputRel.Logical(
                scan.getCluster(),
                scan.getCluster().traitSetOf(Convention.NONE),
                input,
                rewritten,
                scan.getRowType(),
                partitionKeys,
                order);
    }

    private static RelNode lateral(LogicalCorrelate correlate) {
        // The right side: the scan, under filters and projections the rewrites pushed into it.
        List<RelNode> above = new ArrayList<>();
        RelNode right = stripped(correlate.getRight());
        while ((right instanceof Filter || right instanceof Project) && containsPythonCall(right)) {
            above.add(right);
            right = stripped(right.getInput(0));
        }
        if (!(pythonCall(right) instanceof RexCall call)) {
            if (containsPythonCall(right)) {
                throw standAlone();
            }
            return correlate;
        }
        boolean keepUnmatched = correlate.getJoinType() == JoinRelType.LEFT;
        if (!keepUnmatched && correlate.getJoinType() != JoinRelType.INNER) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "a lateral Python table function call is an inner (CROSS JOIN LATERAL, comma) or a LEFT JOIN "
                            + "LATERAL ... ON TRUE, not a " + correlate.getJoinType() + " join");
        }
        RelNode left = correlate.getLeft();
        int leftWidth = left.getRowType().getFieldCount();
        CorrelationId id = correlate.getCorrelationId();
        // What stood above the scan now stands above the lateral call, whose output is the left
        // row followed by the function's columns: the scan's column i is column leftWidth + i.
        RexShuttle shift = rightSide(id, leftWidth);
        RexNode condition = null;
        if (keepUnmatched && !above.isEmpty()) {
            // LEFT JOIN LATERAL ... ON condition: the operator keeps the yielded rows that pass and
            // NULL-extends an input row none of whose rows passed; a filter above would drop it.
            List<RexNode> conditions = new ArrayList<>();
            for (RelNode node : above) {
                if (!(node instanceof Filter filter)) {
                    throw standAlone();
                }
                conditions.add(filter.getCondition().accept(shift));
            }
            condition = RexUtil.composeConjunction(correlate.getCluster().getRexBuilder(), conditions);
            above.clear();
        }
        RelNode result = LogicalPythonTableFunction.create(
                left, (RexCall) call.accept(rightSide(id, 0)), right.getRowType(), keepUnmatched, condition);
        for (int index = above.size() - 1; index >= 0; index--) {
            switch (above.get(index)) {
                case Filter filter ->
                    result = LogicalFilter.create(result, filter.getCondition().accept(shift));
                case Project project -> {
                    List<RexNode> expressions = new ArrayList<>();
                    List<String> names = new ArrayList<>();
                    for (int column = 0; column < leftWidth; column++) {
                        expressions.add(RexInputRef.of(column, result.getRowType()));
                        names.add(left.getRowType().getFieldNames().get(column));
                    }
                    for (RexNode expression : project.getProjects()) {
                        expressions.add(expression.accept(shift));
                    }
                    names.addAll(project.getRowType().getFieldNames());
                    result = LogicalProject.create(result, List.of(), expressions, uniquify(names), Set.of());
                }
                default -> throw new IllegalStateException("only filters and projections are collected");
            }
        }
        return result;
    }

    /** Rewrites a right-side expression over the lateral call: its columns shifted, the correlation read directly. */
    private static RexShuttle rightSide(CorrelationId id, int shift) {
        return new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return shift == 0 ? ref : new RexInputRef(ref.getIndex() + shift, ref.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable variable && variable.id.equals(id)) {
                    return new RexInputRef(access.getField().getIndex(), access.getType());
                }
                return super.visitFieldAccess(access);
            }
        };
    }

    private static List<String> uniquify(List<String> names) {
        return org.apache.calcite.sql.validate.SqlValidatorUtil.uniquify(
                names, org.apache.calcite.sql.validate.SqlValidatorUtil.EXPR_SUGGESTER, true);
    }

    private static QuiverException standAlone() {
        return new QuiverException(
                ErrorCode.UNSUPPORTED,
                "a lateral Python table function call must stand alone on the right side of the join "
                        + "(FROM t, LATERAL f(t.x) or LEFT JOIN LATERAL f(t.x) ON condition), not inside a "
                        + "subquery that computes new columns from its rows");
    }

    private static RelNode stripped(RelNode rel) {
        return Util.first(rel.stripped(), rel);
    }

    /** The Python table function call of a table function scan, or null. */
    private static RexNode pythonCall(RelNode rel) {
        return rel instanceof TableFunctionScan scan
                        && scan.getInputs().isEmpty()
                        && scan.getCall() instanceof RexCall call
                        && call.getOperator() instanceof PythonTableSqlFunction
                ? call
                : null;
    }

    private static boolean containsPythonCall(RelNode rel) {
        if (pythonCall(rel) != null) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsPythonCall(stripped(input))) {
                return true;
            }
        }
        return false;
    }
}
