package dev.quiver.engine.plan;

import com.google.common.collect.ImmutableList;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.TableSpool;
import org.apache.calcite.rel.logical.LogicalRepeatUnion;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.schema.TransientTable;
import org.apache.calcite.schema.impl.ListTransientTable;
import org.apache.calcite.util.Util;

/**
 * Prepares recursive CTEs for physical planning. Calcite plans {@code WITH RECURSIVE} as a
 * RepeatUnion whose inputs write the transient (working) table through TableSpools; Quiver's
 * RecursiveUnionOperator keeps the working table itself, so the spools go. A {@code recurring.t}
 * reference (marked by {@link KeyedRecursiveCtes}) becomes a scan of the transient table {@code
 * recurring.t}, and a RepeatUnion of a CTE with USING KEY gets a {@link KeyedTransientTable} that
 * holds the key columns.
 */
final class RecursiveCtes {
    private RecursiveCtes() {}

    /** The transient table of a recursive CTE with USING KEY: its key columns' positions. */
    static final class KeyedTransientTable extends ListTransientTable {
        private final int[] keys;

        KeyedTransientTable(String name, RelDataType rowType, int[] keys) {
            super(name, rowType);
            this.keys = keys.clone();
        }

        int[] keys() {
            return keys.clone();
        }
    }

    /** The key columns of {@code union}'s CTE; empty without USING KEY. */
    static int[] keys(RelOptTable transientTable) {
        KeyedTransientTable keyed = transientTable.unwrap(KeyedTransientTable.class);
        return keyed == null ? new int[0] : keyed.keys();
    }

    /**
     * {@code rel} without TableSpools, its recurring references resolved and the keys of {@code
     * keys} (by CTE name) attached; unchanged (the same object) when there is nothing to do.
     */
    static RelNode prepare(RelNode rel, Map<String, KeyedRecursiveCtes.CteKeys> keys) {
        if (rel instanceof Filter filter
                && filter.getCondition() instanceof RexCall call
                && call.getOperator() == KeyedRecursiveCtes.RECURRING) {
            return recurring(filter.getInput());
        }
        List<RelNode> inputs = new ArrayList<>(rel.getInputs().size());
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode stripped = prepare(input, keys);
            inputs.add(stripped);
            changed |= stripped != input;
        }
        if (rel instanceof TableSpool) {
            return inputs.getFirst();
        }
        RelNode copy = changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
        if (copy instanceof LogicalRepeatUnion union && union.getTransientTable() != null) {
            KeyedRecursiveCtes.CteKeys names =
                    keys.get(Util.last(union.getTransientTable().getQualifiedName()));
            if (names != null) {
                return keyed(union, names);
            }
        }
        return copy;
    }

    /** {@code rel} (projections over the working table's scan) reading the result so far instead. */
    private static RelNode recurring(RelNode rel) {
        if (rel instanceof TableScan scan && scan.getTable().unwrap(TransientTable.class) != null) {
            RelOptTable table = scan.getTable();
            String name = Util.last(table.getQualifiedName());
            RelOptTable all = RelOptTableImpl.create(
                    table.getRelOptSchema(),
                    table.getRowType(),
                    new ListTransientTable("recurring." + name, table.getRowType()),
                    ImmutableList.of("recurring", name));
            return LogicalTableScan.create(scan.getCluster(), all, scan.getHints());
        }
        if (rel.getInputs().size() != 1) {
            throw QuiverException.internal("recurring reference over " + rel.getRelTypeName(), null);
        }
        return rel.copy(rel.getTraitSet(), List.of(recurring(rel.getInput(0))));
    }

    /** {@code union} with a transient table that holds the positions of the columns {@code names}. */
    private static RelNode keyed(LogicalRepeatUnion union, KeyedRecursiveCtes.CteKeys cteKeys) {
        RelOptTable table = union.getTransientTable();
        // the CTE's column list names the columns; without one, the seed's names (the union's)
        List<String> columns = cteKeys.columns() != null
                ? cteKeys.columns()
                : union.getRowType().getFieldNames();
        List<String> names = cteKeys.keys();
        int[] keys = new int[names.size()];
        for (int index = 0; index < names.size(); index++) {
            keys[index] = indexIgnoringCase(columns, names.get(index));
            if (keys[index] < 0) {
                throw new QuiverException(
                        ErrorCode.UNKNOWN_COLUMN,
                        "Referenced column \"" + names.get(index) + "\" not found in USING KEY of the recursive CTE "
                                + Util.last(table.getQualifiedName()) + " (its columns: "
                                + String.join(", ", columns) + ")");
            }
        }
        RelOptTable keyed = RelOptTableImpl.create(
                table.getRelOptSchema(),
                table.getRowType(),
                new KeyedTransientTable(Util.last(table.getQualifiedName()), table.getRowType(), keys),
                ImmutableList.copyOf(table.getQualifiedName()));
        return LogicalRepeatUnion.create(
                union.getSeedRel(), union.getIterativeRel(), union.all, union.iterationLimit, keyed);
    }

    private static int indexIgnoringCase(List<String> names, String name) {
        for (int index = 0; index < names.size(); index++) {
            if (names.get(index).equalsIgnoreCase(name)) {
                return index;
            }
        }
        return -1;
    }
}
