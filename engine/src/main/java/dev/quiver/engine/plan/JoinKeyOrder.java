package dev.quiver.engine.plan;

import dev.quiver.engine.plan.rel.VecHashJoin;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders a hash join's key pairs so that the most selective comes first. The join filter the
 * runtime builds ({@code exec.key.KeyFilter}) holds the first key's build-side values only, so
 * that key decides how many probe rows the filter turns away before they are copied: TPC-DS q93
 * joins store_sales with one reason's returns on (item, ticket), where the returns' items are a
 * third of all items but their tickets 3 % of all tickets.
 */
final class JoinKeyOrder {
    private JoinKeyOrder() {}

    /**
     * {@code keys} with the pair whose build-side distinct values cover the smallest share of the
     * probe side's first, the others in their order; {@code keys} itself when the first already is
     * or a key is not an integer (the filter tests integer keys only, and a key of another type
     * first would turn it off).
     */
    static VecHashJoin.Keys selectiveFirst(Join join, VecHashJoin.Keys keys, boolean buildLeft) {
        int count = keys.leftKeys().length;
        if (count < 2 || !integers(join.getLeft(), keys.leftKeys()) || !integers(join.getRight(), keys.rightKeys())) {
            return keys;
        }
        RelMetadataQuery metadata = join.getCluster().getMetadataQuery();
        RelNode build = buildLeft ? join.getLeft() : join.getRight();
        RelNode probe = buildLeft ? join.getRight() : join.getLeft();
        int[] buildKeys = buildLeft ? keys.leftKeys() : keys.rightKeys();
        int[] probeKeys = buildLeft ? keys.rightKeys() : keys.leftKeys();
        int best = 0;
        double bestShare = share(metadata, build, buildKeys[0], probe, probeKeys[0]);
        for (int pair = 1; pair < count; pair++) {
            double share = share(metadata, build, buildKeys[pair], probe, probeKeys[pair]);
            if (share < bestShare * 0.5) { // clearly better: estimates are rough
                best = pair;
                bestShare = share;
            }
        }
        if (best == 0) {
            return keys;
        }
        return new VecHashJoin.Keys(
                toFront(keys.leftKeys(), best),
                toFront(keys.rightKeys(), best),
                toFront(keys.nullsEqual(), best),
                keys.remainder());
    }

    /** The estimated share of the probe side's distinct key values the build side has: 1 when unknown. */
    private static double share(RelMetadataQuery metadata, RelNode build, int buildKey, RelNode probe, int probeKey) {
        Double buildValues = metadata.getDistinctRowCount(build, ImmutableBitSet.of(buildKey), null);
        Double probeValues = metadata.getDistinctRowCount(probe, ImmutableBitSet.of(probeKey), null);
        if (buildValues == null || probeValues == null || probeValues <= 0) {
            return 1.0;
        }
        return Math.min(1.0, buildValues / probeValues);
    }

    private static boolean integers(RelNode rel, int[] columns) {
        List<RelDataTypeField> fields = rel.getRowType().getFieldList();
        for (int column : columns) {
            SqlTypeName type = fields.get(column).getType().getSqlTypeName();
            if (type != SqlTypeName.BIGINT
                    && type != SqlTypeName.INTEGER
                    && type != SqlTypeName.SMALLINT
                    && type != SqlTypeName.TINYINT) {
                return false;
            }
        }
        return true;
    }

    private static int[] toFront(int[] values, int index) {
        int[] ordered = values.clone();
        System.arraycopy(values, 0, ordered, 1, index);
        ordered[0] = values[index];
        return ordered;
    }

    private static boolean[] toFront(boolean[] values, int index) {
        boolean[] ordered = values.clone();
        System.arraycopy(values, 0, ordered, 1, index);
        ordered[0] = values[index];
        return ordered;
    }
}
