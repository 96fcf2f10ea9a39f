package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.plan.rel.LogicalAsofJoin;
import dev.quiver.engine.sql.AsofJoins;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns each join on {@link AsofJoins#CONDITION} into a {@link LogicalAsofJoin}: the ON condition is
 * split into equalities and the one inequality between the two sides (and other conjuncts, as DuckDB
 * reads them: see {@link #plan}), their expressions projected
 * into columns of each input (cast to a common type where the sides differ), and the added
 * columns projected away above the join. Runs right after conversion to relational algebra, and
 * again after decorrelation for ASOF joins that were inside subqueries.
 */
final class AsofJoinPlanning {
    private static final Set<SqlKind> INEQUALITIES =
            Set.of(SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.LESS_THAN);

    private AsofJoinPlanning() {}

    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalJoin join) {
                RelNode visited = super.visit(join);
                if (visited instanceof LogicalJoin rewritten
                        && rewritten.getCondition() instanceof RexCall call
                        && call.getOperator() == AsofJoins.CONDITION) {
                    return plan(rewritten, call.getOperands().getFirst());
                }
                return visited;
            }
        });
    }

    /** One side's expressions of the condition: input columns, with the expressions appended. */
    private static final class Side {
        final RelNode input;
        final List<RexNode> projects = new ArrayList<>();

        Side(RelNode input, RexBuilder rexBuilder) {
            this.input = input;
            for (int column = 0; column < input.getRowType().getFieldCount(); column++) {
                projects.add(rexBuilder.makeInputRef(input, column));
            }
        }

        int column(RexNode expression) {
            if (expression instanceof RexInputRef ref) {
                return ref.getIndex();
            }
            projects.add(expression);
            return projects.size() - 1;
        }

        RelNode projected() {
            return projects.size() == input.getRowType().getFieldCount()
                    ? input
                    : LogicalProject.create(input, List.of(), projects, (List<String>) null, Set.of());
        }
    }

    private static RelNode plan(LogicalJoin join, RexNode condition) {
        if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) {
            throw QuiverException.internal("an ASOF join planned as " + join.getJoinType(), null);
        }
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        int leftCount = join.getLeft().getRowType().getFieldCount();
        // DuckDB's meaning of the other conjuncts: one of the left side only decides whether a left
        // row looks for a match at all, one of the right side only filters the right input first,
        // one of both sides is tested on the nearest row found (not TRUE: no match)
        List<RexNode> leftOnly = new ArrayList<>();
        List<RexNode> rightOnly = new ArrayList<>();
        List<RexNode> mixed = new ArrayList<>();
        List<RexCall> comparisons = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
            ImmutableBitSet columns = RelOptUtil.InputFinder.bits(conjunct);
            if (columns.isEmpty() || columns.length() <= leftCount) {
                leftOnly.add(conjunct);
            } else if (columns.nth(0) >= leftCount) {
                rightOnly.add(RexUtil.shift(conjunct, -leftCount));
            } else if (conjunct instanceof RexCall comparison
                    && (comparison.getKind() == SqlKind.EQUALS || INEQUALITIES.contains(comparison.getKind()))
                    && separates(comparison, leftCount)) {
                comparisons.add(comparison);
            } else {
                mixed.add(conjunct);
            }
        }
        RelNode rightInput = rightOnly.isEmpty()
                ? join.getRight()
                : LogicalFilter.create(join.getRight(), RexUtil.composeConjunction(rexBuilder, rightOnly));
        Side left = new Side(join.getLeft(), rexBuilder);
        Side right = new Side(rightInput, rexBuilder);
        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        if (!leftOnly.isEmpty()) {
            // a key that is NULL (matches nothing) where the left condition is not TRUE
            RexNode eligible = rexBuilder.makeCall(
                    SqlStdOperatorTable.CASE,
                    RexUtil.composeConjunction(rexBuilder, leftOnly),
                    rexBuilder.makeLiteral(true),
                    rexBuilder.makeNullLiteral(rexBuilder.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN)));
            leftKeys.add(left.column(eligible));
            rightKeys.add(right.column(rexBuilder.makeLiteral(true)));
        }
        int leftOrder = -1;
        int rightOrder = -1;
        SqlKind inequality = null;
        for (RexCall comparison : comparisons) {
            RexNode first = comparison.getOperands().get(0);
            RexNode second = comparison.getOperands().get(1);
            SqlKind kind = comparison.getKind();
            if (!isLeft(first, leftCount)) {
                RexNode swap = first;
                first = second;
                second = swap;
                kind = kind.reverse();
            }
            second = RexUtil.shift(second, -leftCount);
            if (!SqlTypeUtil.equalSansNullability(
                    join.getCluster().getTypeFactory(), first.getType(), second.getType())) {
                RelDataType common = commonType(join, first, second);
                first = cast(rexBuilder, join, common, first);
                second = cast(rexBuilder, join, common, second);
            }
            if (kind == SqlKind.EQUALS) {
                leftKeys.add(left.column(first));
                rightKeys.add(right.column(second));
            } else if (inequality != null) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "Multiple ASOF JOIN inequalities: an ASOF JOIN takes equalities and exactly one inequality");
            } else {
                inequality = kind;
                leftOrder = left.column(first);
                rightOrder = right.column(second);
            }
        }
        if (inequality == null) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "Missing ASOF JOIN inequality: the ON condition needs one of >=, >, <=, < between the two"
                            + " sides (ON l.k = r.k AND l.t >= r.t)");
        }
        RelNode asof = new LogicalAsofJoin(
                join.getCluster(),
                join.getCluster().traitSetOf(Convention.NONE),
                left.projected(),
                right.projected(),
                join.getJoinType(),
                leftKeys.stream().mapToInt(Integer::intValue).toArray(),
                rightKeys.stream().mapToInt(Integer::intValue).toArray(),
                leftOrder,
                rightOrder,
                inequality);
        int leftWidth = left.projects.size();
        int rightCount = join.getRight().getRowType().getFieldCount();
        RelNode result = asof;
        if (leftWidth != leftCount || right.projects.size() != rightCount) {
            List<RexNode> kept = new ArrayList<>();
            for (int column = 0; column < leftCount; column++) {
                kept.add(rexBuilder.makeInputRef(asof, column));
            }
            for (int column = 0; column < rightCount; column++) {
                kept.add(rexBuilder.makeInputRef(asof, leftWidth + column));
            }
            result = LogicalProject.create(
                    asof, List.of(), kept, join.getRowType().getFieldNames(), Set.of());
        }
        return mixed.isEmpty() ? result : testNearest(result, join, RexUtil.composeConjunction(rexBuilder, mixed));
    }

    /** The conditions of both sides, tested on the row found: INNER drops the row, LEFT keeps it with NULLs. */
    private static RelNode testNearest(RelNode joined, LogicalJoin join, RexNode condition) {
        if (join.getJoinType() == JoinRelType.INNER) {
            return LogicalFilter.create(joined, condition);
        }
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        int leftCount = join.getLeft().getRowType().getFieldCount();
        List<RexNode> projects = new ArrayList<>();
        for (int column = 0; column < joined.getRowType().getFieldCount(); column++) {
            RexNode value = rexBuilder.makeInputRef(joined, column);
            projects.add(
                    column < leftCount
                            ? value
                            : rexBuilder.makeCall(
                                    SqlStdOperatorTable.CASE,
                                    condition,
                                    value,
                                    rexBuilder.makeNullLiteral(value.getType())));
        }
        return LogicalProject.create(
                joined, List.of(), projects, join.getRowType().getFieldNames(), Set.of());
    }

    /** Whether one operand of the comparison is of the left side only and the other of the right side only. */
    private static boolean separates(RexCall comparison, int leftCount) {
        RexNode first = comparison.getOperands().get(0);
        RexNode second = comparison.getOperands().get(1);
        return (isLeft(first, leftCount) && isRight(second, leftCount))
                || (isRight(first, leftCount) && isLeft(second, leftCount));
    }

    private static boolean isLeft(RexNode expression, int leftCount) {
        ImmutableBitSet columns = RelOptUtil.InputFinder.bits(expression);
        return !columns.isEmpty() && columns.nextSetBit(leftCount) < 0;
    }

    private static boolean isRight(RexNode expression, int leftCount) {
        ImmutableBitSet columns = RelOptUtil.InputFinder.bits(expression);
        return !columns.isEmpty() && columns.nth(0) >= leftCount;
    }

    private static RelDataType commonType(LogicalJoin join, RexNode first, RexNode second) {
        RelDataType common =
                join.getCluster().getTypeFactory().leastRestrictive(List.of(first.getType(), second.getType()));
        if (common == null) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "ASOF JOIN cannot compare " + first.getType() + " with " + second.getType());
        }
        return common;
    }

    private static RexNode cast(RexBuilder rexBuilder, LogicalJoin join, RelDataType type, RexNode expression) {
        RelDataType target = join.getCluster()
                .getTypeFactory()
                .createTypeWithNullability(type, expression.getType().isNullable());
        return target.equals(expression.getType()) ? expression : rexBuilder.makeCast(target, expression);
    }
}
