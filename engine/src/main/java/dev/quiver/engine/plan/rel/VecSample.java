package dev.quiver.engine.plan.rel;

import dev.quiver.engine.sql.SampleSpec;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;

/** A random sample of its input's rows (USING SAMPLE, TABLESAMPLE): SampleOperator. */
public final class VecSample extends SingleRel implements VecRel {
    private final SampleSpec spec;

    public VecSample(RelOptCluster cluster, RelTraitSet traits, RelNode input, SampleSpec spec) {
        super(cluster, traits, input);
        this.spec = spec;
    }

    public SampleSpec spec() {
        return spec;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new VecSample(getCluster(), traitSet, sole(inputs), spec);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer).item("sample", spec);
    }
}
