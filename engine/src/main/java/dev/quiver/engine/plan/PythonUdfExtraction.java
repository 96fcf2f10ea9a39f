package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.function.PythonUdfSqlFunction;
import dev.quiver.engine.function.UdfTypes;
import dev.quiver.engine.plan.rel.LogicalPythonUdf;
import dev.quiver.engine.plan.rel.PythonUdfCall;
import dev.quiver.engine.sql.ddl.FunctionOptions;
import dev.quiver.udf.UdfException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The rewrite step that takes every Python function call out of expressions and into
 * {@link LogicalPythonUdf} rels below them, before any other rewrite sees the plan.
 *
 * <p>Afterwards a call's result is a column, so no later rule can copy a VOLATILE call into two
 * places, merge it with another or fold it: each call in the SQL text runs exactly once per row
 * (DuckDB's issue #10120 is the bug this prevents). Deterministic calls with equal arguments in one
 * expression list share one evaluation. Nested calls become stacked rels, innermost first. A call
 * in a CASE branch runs only on the rows that take the branch (a guard column, see PythonUdfCall).
 * Arguments that are not plain columns are computed by a projection below, already cast to the
 * declared parameter types. An IMMUTABLE call with constant arguments is evaluated once, here.
 *
 * <p>Where calls may stand: projections, filters, and the ON condition of an inner join (its
 * Python conjuncts move into a filter above the join). Anywhere else is a clear UNSUPPORTED error.
 */
final class PythonUdfExtraction {
    private final RexBuilder rexBuilder;
    private final Map<RelNode, RelNode> done = new IdentityHashMap<>();
    /** Projections made by {@link #filter} → the deterministic calls computed below them, by key. */
    private final Map<RelNode, Map<String, Integer>> filterResults = new IdentityHashMap<>();

    private PythonUdfExtraction(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    /** {@code rel} with every Python call moved into LogicalPythonUdf rels. */
    static RelNode extract(RelNode rel) {
        if (!containsCall(rel)) {
            return rel;
        }
        return new PythonUdfExtraction(rel.getCluster().getRexBuilder()).visit(rel);
    }

    private static boolean containsCall(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                other.accept(new RexShuttle() {
                    @Override
                    public RexNode visitCall(RexCall call) {
                        found[0] |= call.getOperator() instanceof PythonUdfSqlFunction;
                        return super.visitCall(call);
                    }
                });
                return super.visit(other);
            }
        });
        return found[0];
    }

    private RelNode visit(RelNode rel) {
        RelNode known = done.get(rel);
        if (known != null) {
            return known;
        }
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode visited = visit(input);
            changed |= visited != input;
            inputs.add(visited);
        }
        RelNode withInputs = changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
        RelNode result = switch (withInputs) {
            case LogicalProject project when hasCall(project.getProjects()) -> project(project);
            case LogicalFilter filter when hasCall(List.of(filter.getCondition())) -> filter(filter);
            case LogicalJoin join when hasCall(List.of(join.getCondition())) -> join(join);
            default -> {
                refuseCalls(withInputs);
                yield withInputs;
            }
        };
        done.put(rel, result);
        return result;
    }

    private RelNode project(LogicalProject project) {
        RelNode input = project.getInput();
        Map<String, Integer> available = Map.of();
        // over a filter's calls: read their columns instead of calling again (SELECT f(x) … WHERE f(x) > 1)
        if (filterResults.containsKey(input)) {
            available = filterResults.get(input);
            input = input.getInput(0);
        }
        Layered layered = layer(input, project.getProjects(), available);
        return LogicalProject.create(
                layered.input(),
                project.getHints(),
                layered.expressions(),
                project.getRowType().getFieldNames(),
                project.getVariablesSet());
    }

    /**
     * The conjuncts without calls filter first, so Python sees only the rows that pass them; then
     * the calls, the filter on the rest, and a projection that drops the calls' columns again
     * (remembered, so that a projection above can reuse deterministic results).
     */
    private RelNode filter(LogicalFilter filter) {
        List<RexNode> plain = new ArrayList<>();
        List<RexNode> python = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            (hasCall(List.of(conjunct)) ? python : plain).add(conjunct);
        }
        RelNode input = plain.isEmpty()
                ? filter.getInput()
                : LogicalFilter.create(filter.getInput(), RexUtil.composeConjunction(rexBuilder, plain));
        Map<String, Integer> computed = new HashMap<>();
        Layered layered = layer(input, List.of(RexUtil.composeConjunction(rexBuilder, python)), Map.of(), computed);
        RelNode filtered =
                LogicalFilter.create(layered.input(), layered.expressions().getFirst());
        if (layered.input() == input) {
            return filtered; // every call was folded
        }
        List<RexNode> columns = new ArrayList<>();
        for (int index = 0; index < input.getRowType().getFieldCount(); index++) {
            columns.add(rexBuilder.makeInputRef(filtered, index));
        }
        RelNode dropped = LogicalProject.create(
                filtered, List.of(), columns, input.getRowType().getFieldNames(), Set.of());
        filterResults.put(dropped, computed);
        return dropped;
    }

    /** An inner join keeps its plain conjuncts; the Python ones filter its output. */
    private RelNode join(LogicalJoin join) {
        if (join.getJoinType() != JoinRelType.INNER) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "a Python function in the ON condition of a "
                            + join.getJoinType().lowerName.toUpperCase(Locale.ROOT) + " JOIN is not supported yet;"
                            + " compute it in a subquery of the joined side, or use an inner join");
        }
        List<RexNode> plain = new ArrayList<>();
        List<RexNode> python = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
            (hasCall(List.of(conjunct)) ? python : plain).add(conjunct);
        }
        RelNode joined = join.copy(
                join.getTraitSet(),
                RexUtil.composeConjunction(rexBuilder, plain),
                join.getLeft(),
                join.getRight(),
                join.getJoinType(),
                join.isSemiJoinDone());
        return filter(LogicalFilter.create(joined, RexUtil.composeConjunction(rexBuilder, python)));
    }

    /** Expressions over a new input that computes their calls; the expressions then read columns. */
    private record Layered(RelNode input, List<RexNode> expressions) {}

    private Layered layer(RelNode input, List<RexNode> expressions, Map<String, Integer> available) {
        return layer(input, expressions, available, new HashMap<>());
    }

    /**
     * @param available deterministic calls whose results {@code input} has already, by
     *                  {@link #key}, with their columns
     * @param computed  receives the unguarded deterministic calls this layering computes, by key
     */
    private Layered layer(
            RelNode input, List<RexNode> expressions, Map<String, Integer> available, Map<String, Integer> computed) {
        List<RexNode> current = expressions;
        RelNode below = input;
        while (hasCall(current)) {
            List<ReadyCall> ready = readyCalls(current);
            Map<RexCall, RexNode> replacements = new IdentityHashMap<>();
            Map<String, Integer> deterministicCalls = new HashMap<>();
            List<RexNode> computedArguments = new ArrayList<>();
            List<PythonUdfCall> calls = new ArrayList<>();
            List<Integer> callOfReplacement = new ArrayList<>();
            List<RexCall> replaced = new ArrayList<>();
            int inputColumns = below.getRowType().getFieldCount();
            for (ReadyCall readyCall : ready) {
                RexCall call = readyCall.call();
                RexNode guard = readyCall.guard();
                PythonUdf function = ((PythonUdfSqlFunction) call.getOperator()).function();
                List<RexNode> arguments = castArguments(call, function);
                if (function.options().volatility() == FunctionOptions.Volatility.IMMUTABLE
                        && arguments.stream().allMatch(RexUtil::isConstant)) {
                    RexNode folded = fold(function, arguments, call.getType());
                    if (folded != null) {
                        replacements.put(call, folded);
                        continue;
                    }
                }
                String key = function.deterministic() ? key(call, guard) : null;
                if (key != null && available.containsKey(key)) {
                    replacements.put(call, rexBuilder.makeInputRef(below, available.get(key)));
                    continue;
                }
                Integer existing = key == null ? null : deterministicCalls.get(key);
                if (existing == null) {
                    List<Integer> argumentColumns = new ArrayList<>();
                    for (RexNode argument : arguments) {
                        if (argument instanceof RexInputRef reference) {
                            argumentColumns.add(reference.getIndex());
                        } else {
                            argumentColumns.add(inputColumns + computedArguments.size());
                            computedArguments.add(argument);
                        }
                    }
                    int guardColumn = -1;
                    if (guard instanceof RexInputRef reference) {
                        guardColumn = reference.getIndex();
                    } else if (guard != null) {
                        guardColumn = inputColumns + computedArguments.size();
                        computedArguments.add(guard);
                    }
                    existing = calls.size();
                    calls.add(new PythonUdfCall(function, argumentColumns, guardColumn));
                    if (key != null) {
                        deterministicCalls.put(key, existing);
                    }
                }
                replaced.add(call);
                callOfReplacement.add(existing);
            }
            if (!calls.isEmpty()) {
                if (!computedArguments.isEmpty()) {
                    List<RexNode> columns = new ArrayList<>();
                    for (int index = 0; index < inputColumns; index++) {
                        columns.add(rexBuilder.makeInputRef(below, index));
                    }
                    columns.addAll(computedArguments);
                    below = LogicalProject.create(below, List.of(), columns, (List<String>) null, Set.of());
                }
                LogicalPythonUdf udf = LogicalPythonUdf.create(below, calls);
                for (int index = 0; index < replaced.size(); index++) {
                    replacements.put(
                            replaced.get(index),
                            rexBuilder.makeInputRef(udf, udf.firstCallColumn() + callOfReplacement.get(index)));
                }
                deterministicCalls.forEach((key, callIndex) -> {
                    if (key.endsWith(" if null")) {
                        computed.put(key, udf.firstCallColumn() + callIndex);
                    }
                });
                below = udf;
            }
            current = replace(current, replacements);
        }
        return new Layered(below, current);
    }

    /** The call's arguments, each cast to its declared parameter type unless it has it already. */
    private List<RexNode> castArguments(RexCall call, PythonUdf function) {
        List<RexNode> arguments = new ArrayList<>();
        for (int index = 0; index < call.getOperands().size(); index++) {
            RexNode operand = call.getOperands().get(index);
            RelDataType declared = UdfTypes.toSql(function.parameterTypes().get(index), rexBuilder.getTypeFactory());
            arguments.add(
                    SqlTypeUtil.equalSansNullability(rexBuilder.getTypeFactory(), declared, operand.getType())
                            ? operand
                            : rexBuilder.makeCast(declared, operand, true, false));
        }
        return arguments;
    }

    /**
     * Calls an IMMUTABLE function once on its constant arguments; null when that fails (the call
     * then runs, and fails, only if a row reaches it).
     */
    private RexNode fold(PythonUdf function, List<RexNode> arguments, RelDataType type) {
        try (BufferAllocator allocator = new RootAllocator()) {
            ExecutionContext context = new ExecutionContext(allocator, 1, 1);
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (RexNode argument : arguments) {
                    Expr constant = RexToExpr.translate(argument, List.of());
                    if (!(constant instanceof LiteralExpr)) {
                        return null;
                    }
                    vectors.add(constant.evaluate(new Batch(List.of(), 1), context));
                }
                try (FieldVector result = function.pool().call(function.registered(), vectors, 1, allocator)) {
                    return KernelRexExecutor.toRex(rexBuilder, LiteralExpr.valueAt(result, 0), type);
                }
            } finally {
                vectors.forEach(FieldVector::close);
            }
        } catch (UdfException | QuiverException e) {
            return null;
        }
    }

    /** Identifies a deterministic call: equal keys, equal results. */
    private static String key(RexCall call, RexNode guard) {
        return call + " if " + guard;
    }

    /** A call that can run now, and the condition under which its row needs it (null: always). */
    private record ReadyCall(RexCall call, RexNode guard) {}

    /**
     * The Python calls that can run now: none of their arguments, nor the condition that guards
     * them, contains another call. Each once (by identity). A call in a CASE branch is guarded by
     * that branch's condition (and the earlier conditions being false), so Python sees only the
     * rows that take the branch, as SQL's CASE promises.
     */
    private List<ReadyCall> readyCalls(List<RexNode> expressions) {
        List<ReadyCall> found = new ArrayList<>();
        Map<RexCall, Boolean> seen = new IdentityHashMap<>();
        for (RexNode expression : expressions) {
            collectReady(expression, null, found, seen);
        }
        return found;
    }

    private void collectReady(RexNode node, RexNode guard, List<ReadyCall> found, Map<RexCall, Boolean> seen) {
        if (!(node instanceof RexCall call)) {
            return;
        }
        if (call.getKind() == SqlKind.CASE) {
            List<RexNode> operands = call.getOperands();
            List<RexNode> earlierFalse = new ArrayList<>();
            for (int index = 0; index + 1 < operands.size(); index += 2) {
                RexNode condition = operands.get(index);
                collectReady(condition, and(guard, earlierFalse), found, seen);
                List<RexNode> taken = new ArrayList<>(earlierFalse);
                taken.add(rexBuilder.makeCall(SqlStdOperatorTable.IS_TRUE, condition));
                collectReady(operands.get(index + 1), and(guard, taken), found, seen);
                earlierFalse.add(rexBuilder.makeCall(SqlStdOperatorTable.IS_NOT_TRUE, condition));
            }
            collectReady(operands.getLast(), and(guard, earlierFalse), found, seen);
            return;
        }
        if (call.getKind() == SqlKind.AND || call.getKind() == SqlKind.OR) {
            // short-circuit as DuckDB does: an operand is needed only where the earlier ones have not
            // decided the result (FALSE for AND, TRUE for OR)
            List<RexNode> undecided = new ArrayList<>();
            for (RexNode operand : call.getOperands()) {
                collectReady(operand, and(guard, undecided), found, seen);
                undecided.add(rexBuilder.makeCall(
                        call.getKind() == SqlKind.AND
                                ? SqlStdOperatorTable.IS_NOT_FALSE
                                : SqlStdOperatorTable.IS_NOT_TRUE,
                        operand));
            }
            return;
        }
        if (call.getOperator() instanceof PythonUdfSqlFunction
                && !hasCall(call.getOperands())
                && (guard == null || !hasCall(List.of(guard)))
                && seen.put(call, Boolean.TRUE) == null) {
            found.add(new ReadyCall(call, guard));
        }
        for (RexNode operand : call.getOperands()) {
            collectReady(operand, guard, found, seen);
        }
    }

    private RexNode and(RexNode guard, List<RexNode> conditions) {
        List<RexNode> all = new ArrayList<>(conditions);
        if (guard != null) {
            all.addFirst(guard);
        }
        return all.isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, all);
    }

    private static List<RexNode> replace(List<RexNode> expressions, Map<RexCall, RexNode> replacements) {
        RexShuttle shuttle = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                RexNode replacement = replacements.get(call);
                return replacement != null ? replacement : super.visitCall(call);
            }
        };
        return expressions.stream()
                .map(expression -> expression.accept(shuttle))
                .toList();
    }

    static boolean hasCall(List<? extends RexNode> expressions) {
        for (RexNode expression : expressions) {
            Boolean found = expression.accept(new RexVisitorImpl<Boolean>(true) {
                @Override
                public Boolean visitCall(RexCall call) {
                    if (call.getOperator() instanceof PythonUdfSqlFunction) {
                        return true;
                    }
                    for (RexNode operand : call.getOperands()) {
                        if (Boolean.TRUE.equals(operand.accept(this))) {
                            return true;
                        }
                    }
                    return false;
                }
            });
            if (Boolean.TRUE.equals(found)) {
                return true;
            }
        }
        return false;
    }

    /** Rels where calls cannot stand (yet): say so rather than plan something wrong. */
    private static void refuseCalls(RelNode rel) {
        rel.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getOperator() instanceof PythonUdfSqlFunction) {
                    throw new QuiverException(
                            ErrorCode.UNSUPPORTED,
                            "Python function " + call.getOperator().getName().toLowerCase(Locale.ROOT)
                                    + " cannot be called in "
                                    + rel.getRelTypeName()
                                            .replace("Logical", "")
                                            .toLowerCase(Locale.ROOT) + " expressions yet");
                }
                return super.visitCall(call);
            }
        });
    }
}
