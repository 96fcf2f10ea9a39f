package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A GROUP BY over a chain of inner joins, whose aggregates read one input (the fact table) and
 * whose group keys come partly from other inputs (the dimensions) → the same GROUP BY over the
 * dimensions joined to a partial GROUP BY of the fact table on its join keys (eager aggregation).
 *
 * <p>Why: TPC-DS groups fact rows by a dimension's strings ({@code GROUP BY c_customer_id,
 * c_first_name, …, d_year} in q4/q11/q74; {@code ROLLUP(i_product_name, i_brand, …)} in q22): the
 * join gathers seven strings per sales row and the aggregate hashes them, 0.5–2.3 M rows for
 * 0.1 M (customers) or 18 K (items) groups. Summed first by the integer join key, the fact rows
 * shrink to one per key before any string is touched. The result is unchanged for SUM, $SUM0,
 * COUNT, MIN and MAX of fact columns: each partial row stands for the fact rows of one key and
 * meets the same dimension rows they would have met, so the final aggregate adds (counts: sums)
 * the same values; a dimension key that repeats repeats the partial row as it repeated each fact
 * row.
 *
 * <p>The join chain is left-deep with the fact table at the bottom left (as join ordering leaves a
 * star join); a join whose dimension the GROUP BY does not read (a date filter) stays below the
 * partial aggregate. The dimensions moved above it must be whole tables, unfiltered: a filtered
 * one reaches the fact scan through its join filter while it is joined below the aggregate, and
 * above the partial aggregate it could not (TPC-DS q37's item filter keeps a few hundred of the
 * inventory rows). And the estimates must say it pays: the partial groups at most a quarter of
 * the rows they aggregate, the moved joins keeping at least half of them.
 */
public final class AggregatePartialPushdownRule extends RelRule<RuleConfig> {
    /** The partial aggregate must shrink its input at least this many times (estimated). */
    private static final double MIN_REDUCTION = 4;

    /** The dimensions moved above the partial aggregate keep at least this fraction of the rows. */
    private static final double MIN_KEPT_BY_MOVED_JOINS = 0.5;

    AggregatePartialPushdownRule(RuleConfig config) {
        super(config);
    }

    static AggregatePartialPushdownRule create() {
        return (AggregatePartialPushdownRule) RuleConfig.of(
                        "AggregatePartialPushdownRule",
                        aggregate -> aggregate
                                .operand(LogicalAggregate.class)
                                .predicate(candidate -> candidate.getGroupType() == Aggregate.Group.SIMPLE
                                        && !candidate.getGroupSet().isEmpty()
                                        && candidate.getAggCallList().stream()
                                                .allMatch(AggregatePartialPushdownRule::splittable))
                                .anyInputs(),
                        AggregatePartialPushdownRule::new)
                .toRule();
    }

    private static boolean splittable(AggregateCall call) {
        return !call.isDistinct()
                && !call.hasFilter()
                && call.getCollation().getFieldCollations().isEmpty()
                && call.rexList.isEmpty()
                && switch (call.getAggregation().getKind()) {
                    case SUM, SUM0, MIN, MAX -> call.getArgList().size() == 1;
                    case COUNT -> call.getArgList().size() <= 1;
                    default -> false;
                };
    }

    /** A left-deep chain of inner joins: the fact input at the bottom left, one dimension per join. */
    private record Chain(RelNode fact, List<Join> joins, int[] dimensionStarts) {
        int factWidth() {
            return fact.getRowType().getFieldCount();
        }

        RelNode dimension(int index) {
            return joins.get(index).getRight().stripped();
        }

        /** A reference to a column of the chain's row. */
        RexNode column(int index) {
            return RexInputRef.of(index, joins.getLast().getRowType());
        }

        /** The dimension a column of the chain's row belongs to, or -1 for the fact input. */
        int owner(int column) {
            int owner = -1;
            for (int index = 0; index < dimensionStarts.length && column >= dimensionStarts[index]; index++) {
                owner = index;
            }
            return owner;
        }
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        RelNode below = aggregate.getInput().stripped();
        RelNode top = below instanceof Project project ? project.getInput().stripped() : below;
        Chain chain = chain(top);
        if (chain == null) {
            return;
        }
        List<RexNode> inputs = below instanceof Project project
                ? project.getProjects()
                : top.getRowType().getFieldList().stream()
                        .map(field -> (RexNode) new RexInputRef(field.getIndex(), field.getType()))
                        .toList();
        int joinCount = chain.joins().size();
        // the dimensions the GROUP BY reads move above the partial aggregate when they are whole
        // tables; a filtered one stays below (its join filter cuts the fact scan there, above the
        // partial aggregate it could not) and its columns the GROUP BY reads become partial keys
        boolean[] moved = new boolean[joinCount];
        List<RexNode> groupKeys = new ArrayList<>();
        for (int key : aggregate.getGroupSet()) {
            RexNode expression = inputs.get(key);
            groupKeys.add(expression);
            for (int column : RelOptUtil.InputFinder.bits(expression)) {
                int owner = chain.owner(column);
                if (owner >= 0 && plainTable(chain.dimension(owner))) {
                    moved[owner] = true;
                }
            }
        }
        boolean anyMoved = false;
        for (int index = 0; index < joinCount; index++) {
            for (int column :
                    RelOptUtil.InputFinder.bits(chain.joins().get(index).getCondition())) {
                int owner = chain.owner(column);
                if (owner >= 0 && owner != index) {
                    return; // a condition between two dimensions: not a star
                }
            }
            anyMoved |= moved[index];
        }
        if (!anyMoved) {
            return; // every join only filters: nothing to gain below them
        }
        Kept kept = new Kept(chain, moved);
        List<RexNode> arguments = new ArrayList<>();
        for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
            for (int argument : aggregateCall.getArgList()) {
                RexNode expression = inputs.get(argument);
                if (!readsOnly(expression, chain.factWidth())) {
                    return; // an aggregate of dimension columns: counted once per fact row, not per key
                }
                arguments.add(expression);
            }
        }
        // the partial aggregate's keys: group keys of the kept part, then every kept column a
        // moved part still reads (its join keys, its share of mixed group keys)
        Map<RexNode, Integer> partialKeys = new LinkedHashMap<>();
        List<RexNode> movedExpressions = new ArrayList<>();
        for (RexNode key : groupKeys) {
            if (kept.reads(key)) {
                partialKeys.putIfAbsent(kept.renumber(key), partialKeys.size());
            } else {
                movedExpressions.add(key);
            }
        }
        for (int index = 0; index < joinCount; index++) {
            if (moved[index]) {
                movedExpressions.add(chain.joins().get(index).getCondition());
            }
        }
        for (RexNode expression : movedExpressions) {
            for (int column : RelOptUtil.InputFinder.bits(expression)) {
                if (kept.holds(column)) {
                    partialKeys.putIfAbsent(kept.renumber(chain.column(column)), partialKeys.size());
                }
            }
        }
        RelNode keptInput = partialInput(chain, kept);
        List<RexNode> partialProjects = new ArrayList<>(partialKeys.keySet());
        // the fact columns come first below the partial aggregate too: arguments keep their numbers
        partialProjects.addAll(arguments);
        RelNode partialInput =
                LogicalProject.create(keptInput, List.of(), partialProjects, (List<String>) null, Set.of());
        int keyCount = partialKeys.size();
        RelMetadataQuery metadata = call.getMetadataQuery();
        Double keptRows = metadata.getRowCount(keptInput);
        Double chainRows = metadata.getRowCount(top);
        Double partialGroups = metadata.getDistinctRowCount(partialInput, ImmutableBitSet.range(keyCount), null);
        if (keptRows == null
                || chainRows == null
                || partialGroups == null
                || partialGroups * MIN_REDUCTION > keptRows
                || chainRows < MIN_KEPT_BY_MOVED_JOINS * keptRows) {
            return;
        }
        List<AggregateCall> partialCalls = new ArrayList<>();
        int argumentColumn = keyCount;
        for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
            List<Integer> args = new ArrayList<>();
            for (int ignored : aggregateCall.getArgList()) {
                args.add(argumentColumn++);
            }
            partialCalls.add(AggregateCall.create(
                    aggregateCall.getAggregation(),
                    false,
                    false,
                    false,
                    List.of(),
                    args,
                    -1,
                    null,
                    RelCollations.EMPTY,
                    keyCount,
                    partialInput,
                    null,
                    aggregateCall.getName()));
        }
        RelNode partial =
                LogicalAggregate.create(partialInput, List.of(), ImmutableBitSet.range(keyCount), null, partialCalls);
        // the moved joins over the partial aggregate, in their order; columns renumbered
        int[] newStarts = new int[joinCount];
        RelNode current = partial;
        for (int index = 0; index < joinCount; index++) {
            if (!moved[index]) {
                continue;
            }
            newStarts[index] = current.getRowType().getFieldCount();
            Join join = chain.joins().get(index);
            RexNode condition = remap(join.getCondition(), chain, kept, partialKeys, newStarts);
            current =
                    join.copy(join.getTraitSet(), condition, current, chain.dimension(index), JoinRelType.INNER, false);
        }
        RelNode joined = current;
        List<RexNode> finalProjects = new ArrayList<>();
        List<String> finalNames = new ArrayList<>();
        List<String> inputNames = aggregate.getInput().getRowType().getFieldNames();
        List<Integer> keyColumns = aggregate.getGroupSet().asList();
        for (int index = 0; index < groupKeys.size(); index++) {
            RexNode key = groupKeys.get(index);
            Integer partialKey = kept.reads(key) ? partialKeys.get(kept.renumber(key)) : null;
            finalProjects.add(
                    partialKey != null
                            ? RexInputRef.of(partialKey, joined.getRowType())
                            : remap(key, chain, kept, partialKeys, newStarts));
            finalNames.add(inputNames.get(keyColumns.get(index)));
        }
        for (int index = 0; index < partialCalls.size(); index++) {
            finalProjects.add(RexInputRef.of(keyCount + index, joined.getRowType()));
            finalNames.add(aggregate.getAggCallList().get(index).getName());
        }
        RelNode finalInput = LogicalProject.create(joined, List.of(), finalProjects, finalNames, Set.of());
        int groupCount = groupKeys.size();
        List<AggregateCall> finalCalls = new ArrayList<>();
        for (int index = 0; index < partialCalls.size(); index++) {
            AggregateCall original = aggregate.getAggCallList().get(index);
            finalCalls.add(AggregateCall.create(
                    combining(original.getAggregation()),
                    false,
                    false,
                    false,
                    List.of(),
                    List.of(groupCount + index),
                    -1,
                    null,
                    RelCollations.EMPTY,
                    groupCount,
                    finalInput,
                    original.getType(),
                    original.getName()));
        }
        RelNode result =
                LogicalAggregate.create(finalInput, List.of(), ImmutableBitSet.range(groupCount), null, finalCalls);
        if (!RelOptUtil.areRowTypesEqual(result.getRowType(), aggregate.getRowType(), false)) {
            return; // a type the split would change (a nullability): keep the plan as it was
        }
        call.transformTo(result);
    }

    /** The chain of inner joins under {@code rel}, or null when it is none or starts at an aggregate. */
    private static Chain chain(RelNode rel) {
        List<Join> joins = new ArrayList<>();
        RelNode node = rel;
        while (node instanceof Join join && join.getJoinType() == JoinRelType.INNER) {
            joins.addFirst(join);
            node = join.getLeft().stripped();
        }
        // a fact input that is an aggregate already is this rule's own partial aggregate
        if (joins.isEmpty() || node instanceof Aggregate) {
            return null;
        }
        int[] starts = new int[joins.size()];
        for (int index = 0; index < joins.size(); index++) {
            starts[index] = joins.get(index).getLeft().getRowType().getFieldCount();
        }
        return new Chain(node, joins, starts);
    }

    /** The fact input with the joins that stay below the partial aggregate, in their order. */
    private static RelNode partialInput(Chain chain, Kept kept) {
        RelNode current = chain.fact();
        for (int index = 0; index < chain.joins().size(); index++) {
            if (kept.moved()[index]) {
                continue;
            }
            Join join = chain.joins().get(index);
            current = join.copy(
                    join.getTraitSet(),
                    kept.renumber(join.getCondition()),
                    current,
                    chain.dimension(index),
                    JoinRelType.INNER,
                    false);
        }
        return current;
    }

    /**
     * The part of the chain that stays below the partial aggregate: the fact input and the joins
     * not moved, their columns numbered as in that smaller join.
     */
    private record Kept(Chain chain, boolean[] moved, int[] starts) {
        Kept(Chain chain, boolean[] moved) {
            this(chain, moved, new int[moved.length]);
            int start = chain.factWidth();
            for (int index = 0; index < moved.length; index++) {
                if (!moved[index]) {
                    starts[index] = start;
                    start += chain.dimension(index).getRowType().getFieldCount();
                }
            }
        }

        /** Whether a column of the chain's row is in the kept part. */
        boolean holds(int column) {
            int owner = chain.owner(column);
            return owner < 0 || !moved[owner];
        }

        /** Whether {@code expression} reads only columns of the kept part. */
        boolean reads(RexNode expression) {
            for (int column : RelOptUtil.InputFinder.bits(expression)) {
                if (!holds(column)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code expression} over the chain's row, renumbered over the kept part's. */
        RexNode renumber(RexNode expression) {
            return expression.accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    int owner = chain.owner(ref.getIndex());
                    return owner < 0
                            ? ref
                            : new RexInputRef(
                                    starts[owner] + ref.getIndex() - chain.dimensionStarts()[owner], ref.getType());
                }
            });
        }
    }

    /**
     * {@code expression} over the chain's row, renumbered over the joins above the partial
     * aggregate: kept columns to their partial key, columns of a moved dimension to its new place.
     */
    private static RexNode remap(
            RexNode expression, Chain chain, Kept kept, Map<RexNode, Integer> partialKeys, int[] newStarts) {
        return expression.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                if (kept.holds(ref.getIndex())) {
                    return new RexInputRef(partialKeys.get(kept.renumber(ref)), ref.getType());
                }
                int owner = chain.owner(ref.getIndex());
                return new RexInputRef(
                        newStarts[owner] + ref.getIndex() - chain.dimensionStarts()[owner], ref.getType());
            }
        });
    }

    /** Whether {@code rel} is a table read whole: a scan under projections alone, no filter. */
    private static boolean plainTable(RelNode rel) {
        RelNode node = rel;
        while (node instanceof Project project) {
            node = project.getInput().stripped();
        }
        return node instanceof TableScan;
    }

    /** Whether {@code expression} reads only columns below {@code width} (the fact input's). */
    private static boolean readsOnly(RexNode expression, int width) {
        BitSet columns = RelOptUtil.InputFinder.bits(expression).toBitSet();
        return columns.isEmpty() || columns.length() <= width;
    }

    /** The aggregate that combines partial results of {@code function}: counts are summed. */
    private static SqlAggFunction combining(SqlAggFunction function) {
        return function.getKind() == SqlKind.COUNT ? SqlStdOperatorTable.SUM0 : function;
    }
}
