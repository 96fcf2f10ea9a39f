package dev.quiver.engine.plan.rel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.BiRel;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * DuckDB's ASOF join: each left row with the one right row whose keys are equal and whose order
 * column is nearest on the side the inequality allows ({@code left.t >= right.t}: the latest right
 * row at or before). INNER drops left rows without one, LEFT keeps them with NULLs. Not a {@link
 * org.apache.calcite.rel.core.Join}, so that no join rule reorders it or pushes a filter into its
 * right input (which would change which row is nearest).
 *
 * <p>The keys and order columns are input columns; {@code dev.quiver.engine.plan.AsofJoinPlanning}
 * projects expressions into columns first. The output is the left columns, then the right ones.
 */
public abstract class AsofJoin extends BiRel {
    private final JoinRelType joinType;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final int leftOrder;
    private final int rightOrder;
    private final SqlKind inequality;

    /**
     * @param inequality how the left order column compares with the right one: GREATER_THAN_OR_EQUAL,
     *     GREATER_THAN, LESS_THAN_OR_EQUAL or LESS_THAN
     */
    protected AsofJoin(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode left,
            RelNode right,
            JoinRelType joinType,
            int[] leftKeys,
            int[] rightKeys,
            int leftOrder,
            int rightOrder,
            SqlKind inequality) {
        super(cluster, traits, left, right);
        if (joinType != JoinRelType.INNER && joinType != JoinRelType.LEFT) {
            throw new IllegalArgumentException("an ASOF join is INNER or LEFT, not " + joinType);
        }
        this.joinType = joinType;
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        this.leftOrder = leftOrder;
        this.rightOrder = rightOrder;
        this.inequality = inequality;
    }

    public JoinRelType joinType() {
        return joinType;
    }

    public int[] leftKeys() {
        return leftKeys.clone();
    }

    public int[] rightKeys() {
        return rightKeys.clone();
    }

    public int leftOrder() {
        return leftOrder;
    }

    public int rightOrder() {
        return rightOrder;
    }

    public SqlKind inequality() {
        return inequality;
    }

    /** This join over other inputs. */
    protected abstract AsofJoin copy(RelTraitSet traits, RelNode left, RelNode right);

    @Override
    public final RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return copy(traitSet, inputs.get(0), inputs.get(1));
    }

    @Override
    protected RelDataType deriveRowType() {
        return SqlValidatorUtil.deriveJoinRowType(
                left.getRowType(), right.getRowType(), joinType, getCluster().getTypeFactory(), null, List.of());
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return mq.getRowCount(left); // at most one right row per left row
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer).item("joinType", joinType.lowerName).item("condition", conditionText());
    }

    /** The condition in input column numbers, right columns after the left ones: {@code $0 = $3 AND $1 >= $4}. */
    public String conditionText() {
        int offset = left.getRowType().getFieldCount();
        List<String> terms = new ArrayList<>();
        for (int key = 0; key < leftKeys.length; key++) {
            terms.add("$" + leftKeys[key] + " = $" + (offset + rightKeys[key]));
        }
        terms.add("$" + leftOrder + " " + inequality.sql + " $" + (offset + rightOrder));
        return String.join(" AND ", terms);
    }

    @Override
    public boolean deepEquals(Object other) {
        return other instanceof AsofJoin join
                && getClass() == join.getClass()
                && traitSet.equals(join.traitSet)
                && left.deepEquals(join.left)
                && right.deepEquals(join.right)
                && joinType == join.joinType
                && Arrays.equals(leftKeys, join.leftKeys)
                && Arrays.equals(rightKeys, join.rightKeys)
                && leftOrder == join.leftOrder
                && rightOrder == join.rightOrder
                && inequality == join.inequality;
    }

    @Override
    public int deepHashCode() {
        return java.util.Objects.hash(
                left.deepHashCode(),
                right.deepHashCode(),
                joinType,
                Arrays.hashCode(leftKeys),
                Arrays.hashCode(rightKeys),
                leftOrder,
                rightOrder,
                inequality);
    }
}
