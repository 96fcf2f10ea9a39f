package dev.quiver.engine.plan.rel;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.metadata.RelColumnMapping;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/** A table function in FROM ({@code range(10)}, {@code read_parquet('f')}). */
public final class VecTableFunctionScan extends TableFunctionScan implements VecRel {
    public VecTableFunctionScan(
            RelOptCluster cluster,
            RelTraitSet traits,
            List<RelNode> inputs,
            RexNode call,
            Type elementType,
            RelDataType rowType,
            Set<RelColumnMapping> columnMappings) {
        super(cluster, traits, List.of(), inputs, call, elementType, rowType, columnMappings);
    }

    @Override
    public TableFunctionScan copy(
            RelTraitSet traitSet,
            List<RelNode> inputs,
            RexNode call,
            Type elementType,
            RelDataType rowType,
            Set<RelColumnMapping> columnMappings) {
        return new VecTableFunctionScan(getCluster(), traitSet, inputs, call, elementType, rowType, columnMappings);
    }
}
