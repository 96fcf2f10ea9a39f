package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QuiverSchema;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexInputRef;

/**
 * Which table column a query's output column passes on unchanged, as DuckDB's DESCRIBE follows it:
 * through projections that name a column, filters, sorts and joins (either side) down to a scan of a
 * catalog table. Anything that computes or combines values (an expression, an aggregate, a set
 * operation, VALUES) ends the trail: such a column has no table column behind it.
 */
final class ColumnLineage {
    /** The table column behind an output column. */
    record TableColumn(MemoryTable table, int column) {}

    private ColumnLineage() {}

    /** The table column that output column {@code column} of {@code rel} (a logical plan) is, or null. */
    static TableColumn origin(RelNode rel, int column) {
        return switch (rel) {
            case Project project ->
                project.getProjects().get(column) instanceof RexInputRef reference
                        ? origin(project.getInput(), reference.getIndex())
                        : null;
            case Filter filter -> origin(filter.getInput(), column);
            case Sort sort -> origin(sort.getInput(), column);
            case Join join -> {
                int left = join.getLeft().getRowType().getFieldCount();
                if (column < left) {
                    yield origin(join.getLeft(), column);
                }
                yield join.getJoinType() == JoinRelType.SEMI || join.getJoinType() == JoinRelType.ANTI
                        ? null
                        : origin(join.getRight(), column - left);
            }
            case TableScan scan -> {
                QuiverSchema.CatalogTable table = scan.getTable().unwrap(QuiverSchema.CatalogTable.class);
                yield table == null ? null : new TableColumn(table.table(), column);
            }
            default -> null;
        };
    }
}
