package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.NestedSyntax;
import dev.quiver.engine.plan.rel.LogicalUnnest;
import dev.quiver.engine.plan.rel.UnnestRel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Uncollect;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Util;

/**
 * Turns every form of unnest into a {@link LogicalUnnest}, before any rule sees the plan (a rule
 * would fold {@code unnest([1, 2])} like a constant or move it like a scalar):
 *
 * <ul>
 *   <li>a projection with {@code unnest(l)} calls ({@code SELECT k, unnest(l)}): the unnest over
 *       the projection's input, the calls replaced by its element columns;
 *   <li>a {@code Correlate} whose right side is an {@code Uncollect} of the left row's lists
 *       ({@code FROM t, unnest(t.l)}, {@code LATERAL}, {@code LEFT JOIN LATERAL … ON TRUE}): the
 *       unnest over the left side;
 *   <li>an {@code Uncollect} on its own ({@code FROM unnest([1, 2])}): the unnest over its input,
 *       keeping only the element columns.
 * </ul>
 */
final class UnnestCalls {
    private UnnestCalls() {}

    /**
     * Refuses unnest calls where DuckDB does: outside a SELECT list (WHERE, GROUP BY, HAVING, ON,
     * ORDER BY), inside an aggregate's or window function's arguments or a lambda, and inside
     * another unnest.
     */
    static boolean checkPlacement(SqlNode validated) {
        PlacementCheck check = new PlacementCheck();
        check.scan(validated, false, false);
        return check.found;
    }

    static RelNode rewrite(RelNode rel) {
        return rel.accept(new Rewriter());
    }

    /** Whether {@code rel} has an unnest operator (which only Quiver's field trimmer sees through). */
    static boolean present(RelNode rel) {
        if (rel instanceof UnnestRel) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (present(input.stripped())) {
                return true;
            }
        }
        return false;
    }

    /** Visits subqueries too: their plans may unnest. */
    private static final class Rewriter extends RelShuttleImpl {
        private final RexShuttle subQueries = new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                RelNode rewritten = subQuery.rel.accept(Rewriter.this);
                return rewritten == subQuery.rel ? subQuery : subQuery.clone(rewritten);
            }
        };

        @Override
        public RelNode visit(LogicalProject project) {
            RelNode visited = super.visit(project).accept(subQueries);
            return visited instanceof LogicalProject rewritten ? selectList(rewritten) : visited;
        }

        @Override
        public RelNode visit(LogicalFilter filter) {
            return super.visit(filter).accept(subQueries);
        }

        @Override
        public RelNode visit(LogicalJoin join) {
            return super.visit(join).accept(subQueries);
        }

        @Override
        public RelNode visit(LogicalCorrelate correlate) {
            if (uncollectBelow(correlate.getRight()) != null) {
                return lateral(correlate, correlate.getLeft().accept(this));
            }
            return super.visit(correlate);
        }

        @Override
        public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            return visited instanceof Uncollect uncollect ? standalone(uncollect) : visited;
        }
    }

    /** Walks a validated statement, knowing whether an unnest may stand where it is. */
    private static final class PlacementCheck {
        /** Whether the statement calls unnest at all. */
        boolean found;

        void scan(SqlNode node, boolean allowed, boolean insideUnnest) {
            switch (node) {
                case null -> {}
                case SqlSelect select -> {
                    for (SqlNode item : select.getSelectList()) {
                        scan(item, true, false);
                    }
                    scan(select.getFrom(), false, false);
                    scan(select.getWhere(), false, false);
                    scan(select.getGroup(), false, false);
                    scan(select.getHaving(), false, false);
                    scan(select.getQualify(), false, false);
                    scan(select.getOrderList(), false, false);
                }
                case SqlNodeList list -> list.forEach(item -> scan(item, allowed, insideUnnest));
                case SqlCall call
                when call.getOperator() == NestedSyntax.UNNEST -> {
                    found = true;
                    SqlParserPos position = call.getParserPosition();
                    if (insideUnnest) {
                        throw new QuiverException(
                                ErrorCode.INVALID_QUERY,
                                "Nested UNNEST calls are not supported - use UNNEST(x, recursive := true) to unnest"
                                        + " multiple levels",
                                position.getLineNum(),
                                position.getColumnNum(),
                                null);
                    }
                    if (!allowed) {
                        throw new QuiverException(
                                ErrorCode.INVALID_QUERY,
                                "UNNEST not supported here: only in a SELECT list, outside aggregates and window"
                                        + " functions",
                                position.getLineNum(),
                                position.getColumnNum(),
                                null);
                    }
                    call.getOperandList().forEach(operand -> scan(operand, true, true));
                }
                case SqlCall call -> {
                    boolean inside = allowed
                            && !call.getOperator().isAggregator()
                            && call.getKind() != SqlKind.OVER
                            && call.getKind() != SqlKind.LAMBDA
                            && call.getKind() != SqlKind.FILTER
                            && call.getKind() != SqlKind.WITHIN_GROUP;
                    for (SqlNode operand : call.getOperandList()) {
                        scan(operand, inside, insideUnnest);
                    }
                }
                default -> {}
            }
        }
    }

    /** {@code SELECT …, unnest(l), …}: the calls become the element columns of an unnest below. */
    private static RelNode selectList(LogicalProject project) {
        List<RexCall> calls = new ArrayList<>();
        RelNode input = project.getInput();
        int width = input.getRowType().getFieldCount();
        RexShuttle replace = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getOperator() != NestedSyntax.UNNEST) {
                    return super.visitCall(call);
                }
                calls.add(call);
                return new RexInputRef(width + calls.size() - 1, call.getType());
            }
        };
        List<RexNode> expressions = replace.apply(project.getProjects());
        if (calls.isEmpty()) {
            return project;
        }
        RelDataTypeFactory.Builder columns =
                project.getCluster().getTypeFactory().builder();
        List<RexNode> lists = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        for (int index = 0; index < calls.size(); index++) {
            RexCall call = calls.get(index);
            RexNode list = call.getOperands().getFirst();
            if (list.getType().getSqlTypeName() == SqlTypeName.ROW) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED, "unnest of a STRUCT inside an expression is not supported yet");
            }
            int requested = call.getOperands().size() > 1
                    ? ((RexLiteral) call.getOperands().get(1)).getValueAs(Integer.class)
                    : 1;
            lists.add(list);
            depths.add(NestedSyntax.unnestDepth(list.getType(), requested));
            columns.add("unnest" + index, call.getType());
        }
        LogicalUnnest unnest = LogicalUnnest.create(input, lists, depths, false, false, columns.build());
        return LogicalProject.create(
                unnest,
                project.getHints(),
                expressions,
                project.getRowType().getFieldNames(),
                project.getVariablesSet());
    }

    /** The Uncollect under the projections and filters of a correlate's right side, or null. */
    private static Uncollect uncollectBelow(RelNode right) {
        RelNode node = stripped(right);
        while (node instanceof Project || node instanceof Filter) {
            node = stripped(node.getInput(0));
        }
        return node instanceof Uncollect uncollect ? uncollect : null;
    }

    /**
     * {@code FROM t, unnest(t.l)}: the unnest over the left side, the lists read from the left row;
     * projections and filters above the Uncollect (renames) stay above, shifted past the left columns.
     */
    private static RelNode lateral(LogicalCorrelate correlate, RelNode left) {
        boolean keepUnmatched = correlate.getJoinType() == JoinRelType.LEFT;
        if (!keepUnmatched && correlate.getJoinType() != JoinRelType.INNER) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "a lateral unnest is an inner (CROSS JOIN LATERAL, comma) or a LEFT JOIN LATERAL ... ON TRUE, not a "
                            + correlate.getJoinType() + " join");
        }
        List<RelNode> above = new ArrayList<>();
        RelNode node = stripped(correlate.getRight());
        while (node instanceof Project || node instanceof Filter) {
            if (keepUnmatched && node instanceof Filter) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED, "LEFT JOIN LATERAL unnest(...) takes ON TRUE, not another condition");
            }
            above.add(node);
            node = stripped(node.getInput(0));
        }
        Uncollect uncollect = (Uncollect) node;
        RelNode source = stripped(uncollect.getInput());
        if (!(source instanceof Project lists && oneRow(stripped(lists.getInput())))) {
            throw new QuiverException(ErrorCode.UNSUPPORTED, "unnest of a subquery is not supported: unnest lists");
        }
        CorrelationId id = correlate.getCorrelationId();
        RexShuttle fromLeft = new RexShuttle() {
            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable variable && variable.id.equals(id)) {
                    return new RexInputRef(access.getField().getIndex(), access.getType());
                }
                return super.visitFieldAccess(access);
            }
        };
        RelNode result = unnest(left, fromLeft.apply(lists.getProjects()), uncollect, keepUnmatched, true);
        int leftWidth = left.getRowType().getFieldCount();
        for (int index = above.size() - 1; index >= 0; index--) {
            RelDataType below = result.getRowType(); // an outer unnest's columns are nullable
            RexShuttle shift = new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return RexInputRef.of(ref.getIndex() + leftWidth, below);
                }
            };
            switch (above.get(index)) {
                case Filter filter ->
                    result = LogicalFilter.create(
                            result, fromLeft.apply(filter.getCondition()).accept(shift));
                case Project project -> {
                    List<RexNode> expressions = new ArrayList<>();
                    List<String> names = new ArrayList<>();
                    for (int column = 0; column < leftWidth; column++) {
                        expressions.add(RexInputRef.of(column, result.getRowType()));
                        names.add(left.getRowType().getFieldNames().get(column));
                    }
                    for (RexNode expression : project.getProjects()) {
                        expressions.add(fromLeft.apply(expression).accept(shift));
                    }
                    names.addAll(project.getRowType().getFieldNames());
                    result = LogicalProject.create(result, List.of(), expressions, names, Set.of());
                }
                default -> throw new IllegalStateException("only filters and projections are collected");
            }
        }
        return matching(result, correlate.getRowType());
    }

    /** {@code FROM unnest([1, 2])}: the unnest over the Uncollect's input, only its element columns kept. */
    private static RelNode standalone(Uncollect uncollect) {
        RelNode input = uncollect.getInput();
        List<RexNode> lists = new ArrayList<>();
        for (RelDataTypeField field : input.getRowType().getFieldList()) {
            lists.add(new RexInputRef(field.getIndex(), field.getType()));
        }
        return unnest(input, lists, uncollect, false, false);
    }

    /**
     * The unnest of {@code lists} over {@code input}, then a projection giving the Uncollect's
     * columns — after the input's when {@code keepInput} — STRUCT elements spread over columns of
     * their members, as Calcite's Uncollect does.
     */
    private static RelNode unnest(
            RelNode input, List<RexNode> lists, Uncollect uncollect, boolean keepUnmatched, boolean keepInput) {
        RexBuilder rexBuilder = input.getCluster().getRexBuilder();
        RelDataTypeFactory factory = input.getCluster().getTypeFactory();
        RelDataTypeFactory.Builder columns = factory.builder();
        List<Integer> depths = new ArrayList<>();
        for (int index = 0; index < lists.size(); index++) {
            RelDataType type = lists.get(index).getType();
            if (type.getSqlTypeName() != SqlTypeName.ARRAY) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED, "unnest in FROM takes lists, not " + type.getSqlTypeName());
            }
            columns.add("unnest" + index, factory.createTypeWithNullability(type.getComponentType(), true));
            depths.add(1);
        }
        if (uncollect.withOrdinality) {
            columns.add(
                    "ordinality",
                    factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.INTEGER), keepUnmatched));
        }
        LogicalUnnest unnest =
                LogicalUnnest.create(input, lists, depths, uncollect.withOrdinality, keepUnmatched, columns.build());
        int width = input.getRowType().getFieldCount();
        List<RexNode> expressions = new ArrayList<>();
        if (keepInput) {
            for (int column = 0; column < width; column++) {
                expressions.add(RexInputRef.of(column, unnest.getRowType()));
            }
        }
        for (int index = 0; index < lists.size(); index++) {
            RexNode element = RexInputRef.of(width + index, unnest.getRowType());
            if (element.getType().isStruct()) {
                for (RelDataTypeField member : element.getType().getFieldList()) {
                    expressions.add(rexBuilder.makeFieldAccess(element, member.getIndex()));
                }
            } else {
                expressions.add(element);
            }
        }
        if (uncollect.withOrdinality) {
            expressions.add(RexInputRef.of(width + lists.size(), unnest.getRowType()));
        }
        List<String> names = new ArrayList<>();
        if (keepInput) {
            names.addAll(input.getRowType().getFieldNames());
        }
        names.addAll(uncollect.getRowType().getFieldNames());
        if (names.size() != expressions.size()) {
            throw QuiverException.internal(
                    "unnest: " + expressions.size() + " columns for Uncollect's " + uncollect.getRowType(), null);
        }
        RelNode projected = LogicalProject.create(unnest, List.of(), expressions, uniquify(names), Set.of());
        return keepInput ? projected : matching(projected, uncollect.getRowType());
    }

    /** {@code rel} with the column types the plan above expects (Calcite's nullability), cast where they differ. */
    private static RelNode matching(RelNode rel, RelDataType wanted) {
        return RelOptUtil.areRowTypesEqual(rel.getRowType(), wanted, false)
                ? rel
                : RelOptUtil.createCastRel(rel, wanted, true);
    }

    private static List<String> uniquify(List<String> names) {
        return org.apache.calcite.sql.validate.SqlValidatorUtil.uniquify(
                names, org.apache.calcite.sql.validate.SqlValidatorUtil.EXPR_SUGGESTER, true);
    }

    private static boolean oneRow(RelNode rel) {
        return rel instanceof Values values && values.getTuples().size() == 1;
    }

    private static RelNode stripped(RelNode rel) {
        return Util.first(rel.stripped(), rel);
    }
}
