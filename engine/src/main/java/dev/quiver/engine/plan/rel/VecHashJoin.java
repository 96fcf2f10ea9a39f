package dev.quiver.engine.plan.rel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Equi-join by hashing one input: the equalities between a left and a right column are the keys,
 * the rest of the condition is a remainder checked on matching pairs. Which input is hashed is
 * decided when the runtime operator is built (the smaller, by row count estimate).
 */
public final class VecHashJoin extends Join implements VecRel {
    public VecHashJoin(
            RelOptCluster cluster,
            RelTraitSet traitSet,
            RelNode left,
            RelNode right,
            RexNode condition,
            JoinRelType joinType) {
        super(cluster, traitSet, List.of(), left, right, condition, Set.of(), joinType);
    }

    @Override
    public Join copy(
            RelTraitSet traitSet,
            RexNode conditionExpr,
            RelNode left,
            RelNode right,
            JoinRelType joinType,
            boolean semiJoinDone) {
        return new VecHashJoin(getCluster(), traitSet, left, right, conditionExpr, joinType);
    }

    /**
     * A join condition split for hashing.
     *
     * @param leftKeys   left key columns
     * @param rightKeys  right key columns, pairwise equal to the left ones
     * @param nullsEqual per key, whether it compares with IS NOT DISTINCT FROM
     * @param remainder  the rest of the condition over the left then right columns, or null
     */
    public record Keys(int[] leftKeys, int[] rightKeys, boolean[] nullsEqual, RexNode remainder) {
        public boolean isEmpty() {
            return leftKeys.length == 0;
        }
    }

    /**
     * Splits {@code join}'s condition: equalities between a left and a right column whose types
     * hash alike become keys; everything else — including equalities of types that do not, such
     * as DECIMALs of different scales — stays in the remainder.
     */
    public static Keys keys(Join join) {
        JoinInfo info = join.analyzeCondition();
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        List<RelDataType> leftTypes = types(join.getLeft());
        List<RelDataType> rightTypes = types(join.getRight());
        int leftWidth = leftTypes.size();
        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        List<Boolean> nullsEqual = new ArrayList<>();
        List<RexNode> remainder = new ArrayList<>(info.nonEquiConditions);
        for (int key = 0; key < info.leftKeys.size(); key++) {
            int left = info.leftKeys.get(key);
            int right = info.rightKeys.get(key);
            boolean filterNulls = info.nullExclusionFlags.get(key);
            if (hashAlike(leftTypes.get(left), rightTypes.get(right))) {
                leftKeys.add(left);
                rightKeys.add(right);
                nullsEqual.add(!filterNulls);
            } else {
                remainder.add(rexBuilder.makeCall(
                        filterNulls ? SqlStdOperatorTable.EQUALS : SqlStdOperatorTable.IS_NOT_DISTINCT_FROM,
                        rexBuilder.makeInputRef(leftTypes.get(left), left),
                        rexBuilder.makeInputRef(rightTypes.get(right), leftWidth + right)));
            }
        }
        boolean[] flags = new boolean[nullsEqual.size()];
        for (int key = 0; key < flags.length; key++) {
            flags[key] = nullsEqual.get(key);
        }
        RexNode rest = RexUtil.composeConjunction(rexBuilder, remainder, true);
        return new Keys(
                leftKeys.stream().mapToInt(Integer::intValue).toArray(),
                rightKeys.stream().mapToInt(Integer::intValue).toArray(),
                flags,
                rest == null || rest.isAlwaysTrue() ? null : rest);
    }

    /** Whether equal values of the two types have equal hash keys in the runtime. */
    static boolean hashAlike(RelDataType left, RelDataType right) {
        SqlTypeName a = left.getSqlTypeName();
        SqlTypeName b = right.getSqlTypeName();
        if (SqlTypeName.INT_TYPES.contains(a) && SqlTypeName.INT_TYPES.contains(b)) {
            return true;
        }
        if (SqlTypeName.APPROX_TYPES.contains(a) && SqlTypeName.APPROX_TYPES.contains(b)) {
            return true;
        }
        if (a == SqlTypeName.DECIMAL && b == SqlTypeName.DECIMAL) {
            return left.getScale() == right.getScale();
        }
        if (SqlTypeName.CHAR_TYPES.contains(a) && SqlTypeName.CHAR_TYPES.contains(b)) {
            return true;
        }
        if (SqlTypeName.BINARY_TYPES.contains(a) && SqlTypeName.BINARY_TYPES.contains(b)) {
            return true;
        }
        return a == b && (a == SqlTypeName.BOOLEAN || a == SqlTypeName.DATE || a == SqlTypeName.TIMESTAMP);
    }

    private static List<RelDataType> types(RelNode rel) {
        return rel.getRowType().getFieldList().stream()
                .map(field -> field.getType())
                .toList();
    }
}
