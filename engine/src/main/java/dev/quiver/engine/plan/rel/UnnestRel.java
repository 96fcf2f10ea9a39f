package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * DuckDB's unnest: each input row, once per element of its lists (zipped to the longest, NULL past
 * a shorter list's end), its columns followed by one column per list and, with ordinality, the
 * element's 1-based number. A row whose lists are all NULL or empty yields nothing, or with
 * {@code keepUnmatched} (LEFT JOIN LATERAL … ON TRUE) one row with NULLs. What {@code unnest(l)} in
 * a SELECT list and {@code UNNEST} in FROM become (see UnnestCalls).
 */
public abstract class UnnestRel extends SingleRel {
    private final ImmutableBitSet kept;
    private final List<RexNode> lists;
    private final List<Integer> depths;
    private final boolean ordinality;
    private final boolean keepUnmatched;
    private final RelDataType unnestRowType;

    /**
     * @param kept          the input columns passed through (all, until the field trimmer drops unused ones)
     * @param lists         the unnested lists, over the input's columns
     * @param depths        per list, how many list levels down its elements are taken (1: its elements)
     * @param unnestRowType the columns added after the input's: one per list, then the ordinality
     */
    protected UnnestRel(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            ImmutableBitSet kept,
            List<RexNode> lists,
            List<Integer> depths,
            boolean ordinality,
            boolean keepUnmatched,
            RelDataType unnestRowType) {
        super(cluster, traits, input);
        this.kept = kept;
        this.lists = List.copyOf(lists);
        this.depths = List.copyOf(depths);
        this.ordinality = ordinality;
        this.keepUnmatched = keepUnmatched;
        this.unnestRowType = unnestRowType;
    }

    /** The input columns that come out before the elements, in order. */
    public ImmutableBitSet kept() {
        return kept;
    }

    public List<RexNode> lists() {
        return lists;
    }

    public List<Integer> depths() {
        return depths;
    }

    public boolean ordinality() {
        return ordinality;
    }

    public boolean keepUnmatched() {
        return keepUnmatched;
    }

    /** The columns after the input's: the elements, then the ordinality if any. */
    public RelDataType unnestRowType() {
        return unnestRowType;
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataTypeFactory.Builder builder = getCluster().getTypeFactory().builder();
        for (int column : kept) {
            builder.add(getInput().getRowType().getFieldList().get(column));
        }
        return builder.addAll(unnestRowType.getFieldList()).uniquify().build();
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return mq.getRowCount(getInput()) * 4; // a guess: lists usually hold a few elements
    }

    @Override
    public RelNode accept(RexShuttle shuttle) {
        List<RexNode> rewritten = shuttle.apply(lists);
        return rewritten.equals(lists) ? this : copy(getTraitSet(), getInput(), rewritten);
    }

    /** A copy with another input, kept columns and lists (of the same types). */
    public abstract UnnestRel copy(RelTraitSet traits, RelNode input, ImmutableBitSet kept, List<RexNode> lists);

    public UnnestRel copy(RelTraitSet traits, RelNode input, List<RexNode> lists) {
        return copy(traits, input, kept, lists);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return copy(traitSet, sole(inputs), kept, lists);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer)
                .itemIf(
                        "kept",
                        kept,
                        kept.cardinality() != getInput().getRowType().getFieldCount())
                .item("lists", lists)
                .itemIf("depths", depths, depths.stream().anyMatch(depth -> depth != 1))
                .itemIf("ordinality", true, ordinality)
                .itemIf("keepUnmatched", true, keepUnmatched);
    }
}
