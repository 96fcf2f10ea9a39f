package dev.quiver.engine.plan.rel;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A scan DuckDB runs for Quiver — of read_parquet, read_csv or a table of an attached database —
 * with the columns it reads and the predicates it applies before the rows reach Quiver.
 *
 * <p>INVARIANTS: the row type's field names are the source's column names (DuckDB is asked for them
 * by name); every pushed predicate is DuckDB SQL over those source columns whose meaning is exactly
 * that of the Quiver filter it replaced, so a scan with predicates returns exactly the rows the
 * scan without them would, filtered.
 */
public abstract class SourceScan extends AbstractRelNode {
    private final DuckDbTable table;
    private final List<String> predicates;

    protected SourceScan(
            RelOptCluster cluster,
            RelTraitSet traits,
            DuckDbTable table,
            RelDataType rowType,
            List<String> predicates) {
        super(cluster, traits);
        this.table = Objects.requireNonNull(table, "table");
        this.rowType = Objects.requireNonNull(rowType, "rowType");
        this.predicates = List.copyOf(predicates);
    }

    public DuckDbTable table() {
        return table;
    }

    /** The predicates DuckDB applies, ANDed; empty when DuckDB returns every row. */
    public List<String> predicates() {
        return predicates;
    }

    /** The predicates as one DuckDB WHERE condition, or null when there are none. */
    public String filter() {
        return predicates.isEmpty() ? null : String.join(" AND ", predicates);
    }

    /** The same scan, reading only {@code rowType}'s columns and applying {@code predicates}. */
    public abstract SourceScan withScan(RelDataType rowType, List<String> predicates);

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        double rows = table.rowCount() == null ? 1.0 : table.rowCount();
        // Calcite's guess for one comparison, per pushed predicate: only the size matters, not the rows.
        return Math.max(1.0, rows * Math.pow(0.25, predicates.size()));
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
                .item("source", table.source().describe())
                .item("columns", String.join(", ", getRowType().getFieldNames()))
                .itemIf("filter", filter(), !predicates.isEmpty());
    }
}
