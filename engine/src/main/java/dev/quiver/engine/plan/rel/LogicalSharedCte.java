package dev.quiver.engine.plan.rel;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelDistributions;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Exchange;

/**
 * A boundary above one reference of a subplan the query holds several times (a WITH query that
 * aggregates, referenced twice): its input is the subplan, the same at every reference, and no
 * rewrite rule reaches across it, so the references stay equal and the subplan is computed once
 * (a spool). It exists only during the rewrite phase ({@code SharedCtes} puts it in and takes it
 * out).
 *
 * <p>Why an {@link Exchange}: Calcite's metadata handlers pass row counts, distinct counts,
 * uniqueness and predicates through an exchange to its input, so join ordering sees the subplan's
 * estimates, while the rules Quiver runs match no exchange.
 */
public final class LogicalSharedCte extends Exchange {
    private final int id;

    private LogicalSharedCte(RelTraitSet traits, RelNode input, int id) {
        super(input.getCluster(), traits, input, RelDistributions.SINGLETON);
        this.id = id;
    }

    /** A boundary numbered {@code id} (one number per shared subplan) over {@code input}. */
    public static LogicalSharedCte create(RelNode input, int id) {
        return new LogicalSharedCte(input.getCluster().traitSetOf(Convention.NONE), input, id);
    }

    /** The number of the shared subplan: every reference of it has the same. */
    public int id() {
        return id;
    }

    @Override
    public Exchange copy(RelTraitSet traits, RelNode input, RelDistribution distribution) {
        return new LogicalSharedCte(traits, input, id);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return writer.input("input", getInput()).item("cte", id);
    }
}
