package dev.quiver.engine.plan.metadata;

import dev.quiver.engine.catalog.QuiverSchema;
import dev.quiver.engine.catalog.TableStatistics;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMdDistinctRowCount;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Distinct counts of a catalog table's columns from its {@link TableStatistics}; Calcite's own
 * handler knows them only for declared keys, so without this every join key looks unique.
 * Other expressions keep Calcite's rules, which derive from these.
 */
public class TableDistinctRowCount extends RelMdDistinctRowCount {
    @Override
    public Double getDistinctRowCount(
            TableScan scan, RelMetadataQuery mq, ImmutableBitSet groupKey, RexNode predicate) {
        QuiverSchema.CatalogTable table = scan.getTable().unwrap(QuiverSchema.CatalogTable.class);
        if (table == null || groupKey.isEmpty()) {
            return super.getDistinctRowCount(scan, mq, groupKey, predicate);
        }
        TableStatistics statistics = table.table().statistics();
        double rows = Math.max(1, statistics.rowCount());
        double distinct = Math.min(statistics.distinctCount(groupKey.asList()), rows);
        if (predicate == null || predicate.isAlwaysTrue()) {
            return distinct;
        }
        Double selectivity = mq.getSelectivity(scan, predicate);
        return RelMdUtil.numDistinctVals(distinct, rows * (selectivity == null ? 1 : selectivity));
    }
}
