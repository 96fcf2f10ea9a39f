package dev.quiver.engine.plan.rules;

import dev.quiver.engine.function.FileTableFunction;
import dev.quiver.engine.plan.rel.DuckDbTable;
import dev.quiver.engine.plan.rel.LogicalSourceScan;
import dev.quiver.engine.source.AttachedSchema;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Everything DuckDB reads for Quiver → a {@link LogicalSourceScan} of all its columns: calls of
 * {@code read_parquet}/{@code read_csv} with a constant path, and scans of attached databases'
 * tables. The pushdown rules then narrow it; physical planning makes it a VecFileScan.
 */
public final class SourceScanRule extends RelRule<RuleConfig> {
    SourceScanRule(RuleConfig config) {
        super(config);
    }

    static SourceScanRule create() {
        return (SourceScanRule) RuleConfig.of(
                        "SourceScanRule",
                        scan -> scan.operand(RelNode.class)
                                .predicate(rel -> table(rel) != null)
                                .noInputs(),
                        SourceScanRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        RelNode rel = call.rel(0);
        call.transformTo(new LogicalSourceScan(rel.getCluster(), table(rel), rel.getRowType(), List.of()));
    }

    /** What DuckDB reads for {@code rel}, or null when {@code rel} is not read through DuckDB. */
    private static DuckDbTable table(RelNode rel) {
        if (rel instanceof TableScan scan) {
            AttachedSchema.AttachedTable attached = scan.getTable().unwrap(AttachedSchema.AttachedTable.class);
            return attached == null
                    ? null
                    : new DuckDbTable(attached.reader(), attached.source(), (double) attached.estimatedRows());
        }
        if (rel instanceof TableFunctionScan scan
                && scan.getInputs().isEmpty()
                && scan.getCall() instanceof RexCall call
                && call.getOperator() instanceof FileTableFunction file) {
            RexNode path = call.getOperands().getFirst();
            if (path instanceof RexLiteral literal && !literal.isNull()) {
                return new DuckDbTable(file.reader(), file.source(literal.getValueAs(String.class)), null);
            }
        }
        return null;
    }
}
