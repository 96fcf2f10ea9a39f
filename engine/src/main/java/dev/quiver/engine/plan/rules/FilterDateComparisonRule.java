package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * A DATE compared with a TIMESTAMP constant → the DATE compared with a DATE constant:
 * {@code CAST(d AS TIMESTAMP) <= TIMESTAMP '1998-09-02 00:00:00'} becomes
 * {@code d <= DATE '1998-09-02'}. {@code DATE ± INTERVAL} is a TIMESTAMP (as in DuckDB), so TPC-H's
 * {@code l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY} folds to the first form; without this
 * rule every row's date would be cast, and the scan's min/max skipping and the DuckDB pushdown would
 * not see a plain date range. A constant that is not midnight rounds the bound the way that keeps
 * the answer: {@code d < '… 05:00'} is {@code d <= that day}, {@code d >= '… 05:00'} is
 * {@code d > that day}; {@code =} and {@code <>} are rewritten only at midnight.
 */
public final class FilterDateComparisonRule extends RelRule<RuleConfig> {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    FilterDateComparisonRule(RuleConfig config) {
        super(config);
    }

    static FilterDateComparisonRule create() {
        return (FilterDateComparisonRule) RuleConfig.of(
                        "FilterDateComparisonRule",
                        filter -> filter.operand(Filter.class).anyInputs(),
                        FilterDateComparisonRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        RexNode condition = filter.getCondition();
        RexNode rewritten = rewrite(filter.getCluster().getRexBuilder(), condition);
        if (!rewritten.equals(condition)) {
            call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), rewritten));
        }
    }

    /** {@code condition} with every DATE-against-TIMESTAMP-constant comparison made a DATE one. */
    static RexNode rewrite(RexBuilder rexBuilder, RexNode condition) {
        RexNode rewritten = condition.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getKind() == SqlKind.SEARCH
                        && castDate(call.getOperands().get(0)) != null) {
                    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, call);
                    RexNode result = expanded.accept(this);
                    return result.equals(expanded) ? call : result;
                }
                RexCall visited = (RexCall) super.visitCall(call);
                RexNode comparison = comparison(rexBuilder, visited);
                return comparison == null ? visited : comparison;
            }
        });
        // an expanded SEARCH is an AND inside the condition's AND: planners expect flat ones
        return rewritten.equals(condition) ? condition : RexUtil.flatten(rexBuilder, rewritten);
    }

    /** The DATE form of {@code call}, or null when it is not such a comparison. */
    private static RexNode comparison(RexBuilder rexBuilder, RexCall call) {
        if (!call.getKind().belongsTo(SqlKind.COMPARISON) || call.getOperands().size() != 2) {
            return null;
        }
        SqlKind kind = call.getKind();
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        if (castDate(left) == null && castDate(right) != null) { // constant first: flip it
            RexNode swap = left;
            left = right;
            right = swap;
            kind = kind.reverse();
        }
        RexNode date = castDate(left);
        if (date == null || !(right instanceof RexLiteral literal) || literal.isNull()) {
            return null;
        }
        TimestampString timestamp = literal.getValueAs(TimestampString.class);
        if (timestamp == null || literal.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
            return null;
        }
        long millis = timestamp.getMillisSinceEpoch();
        long day = Math.floorDiv(millis, MILLIS_PER_DAY);
        // the text keeps the digits below a millisecond that millis lose
        boolean midnight = day * MILLIS_PER_DAY == millis
                && timestamp.toString().replaceFirst("^[^.]*\\.?", "").chars().allMatch(c -> c == '0');
        if (day < Integer.MIN_VALUE || day > Integer.MAX_VALUE) {
            return null;
        }
        RexNode bound = rexBuilder.makeDateLiteral(DateString.fromDaysSinceEpoch((int) day));
        return switch (kind) {
            case LESS_THAN ->
                rexBuilder.makeCall(
                        midnight ? SqlStdOperatorTable.LESS_THAN : SqlStdOperatorTable.LESS_THAN_OR_EQUAL, date, bound);
            case LESS_THAN_OR_EQUAL -> rexBuilder.makeCall(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, date, bound);
            case GREATER_THAN -> rexBuilder.makeCall(SqlStdOperatorTable.GREATER_THAN, date, bound);
            case GREATER_THAN_OR_EQUAL ->
                rexBuilder.makeCall(
                        midnight ? SqlStdOperatorTable.GREATER_THAN_OR_EQUAL : SqlStdOperatorTable.GREATER_THAN,
                        date,
                        bound);
            case EQUALS -> midnight ? rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, date, bound) : null;
            case NOT_EQUALS -> midnight ? rexBuilder.makeCall(SqlStdOperatorTable.NOT_EQUALS, date, bound) : null;
            default -> null;
        };
    }

    /** The DATE under {@code CAST(date AS TIMESTAMP)}, or null. */
    private static RexNode castDate(RexNode node) {
        if (node.getKind() == SqlKind.CAST
                && node.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP
                && ((RexCall) node).getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.DATE) {
            return ((RexCall) node).getOperands().get(0);
        }
        return null;
    }
}
