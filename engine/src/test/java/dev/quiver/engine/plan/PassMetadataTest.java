package dev.quiver.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.junit.jupiter.api.Test;

class PassMetadataTest {
    private final RelOptCluster cluster =
            RelOptCluster.create(new VolcanoPlanner(), new RexBuilder(new JavaTypeFactoryImpl()));
    private final RelBuilder builder = RelBuilder.proto(Contexts.empty()).create(cluster, null);

    /** The columns swapped over a join of a filtered VALUES (4 rows, x > 1) with an unfiltered one (3 rows). */
    private RelNode plan() {
        builder.values(new String[] {"x"}, 1, 2, 3, 4);
        builder.filter(builder.call(SqlStdOperatorTable.GREATER_THAN, builder.field("x"), builder.literal(1)));
        builder.values(new String[] {"y"}, 1, 2, 3);
        builder.join(JoinRelType.INNER, builder.literal(true));
        builder.project(builder.field("y"), builder.field("x"));
        return builder.build();
    }

    /** A rule that replaces each filter by its input. */
    private static final class RemoveFilter extends RelOptRule {
        RemoveFilter() {
            super(operand(LogicalFilter.class, any()), "RemoveFilter");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            call.transformTo(filter.getInput());
        }
    }

    private static final RelOptRule REMOVE_FILTER = new RemoveFilter();

    /**
     * Records the row count of every projection it sees, from the pass's metadata: two operators
     * above the filter, where Calcite's own clearing on a change (the parent only) does not reach.
     */
    private static final class ProjectRowCounts extends RelOptRule {
        final List<Double> seen = new ArrayList<>();

        ProjectRowCounts() {
            super(operand(LogicalProject.class, any()), "ProjectRowCounts");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Project project = call.rel(0);
            seen.add(call.getMetadataQuery().getRowCount(project));
        }
    }

    @Test
    void anOperatorAboveAChangeIsAskedAgain() {
        RelNode plan = plan();
        double filtered = cluster.getMetadataQuery().getRowCount(plan);
        ProjectRowCounts probe = new ProjectRowCounts();
        HepPlanner planner = new HepPlanner(new HepProgramBuilder()
                .addRuleInstance(probe)
                .addRuleInstance(REMOVE_FILTER)
                .addRuleInstance(probe)
                .build());
        planner.setRoot(plan);
        try (PassMetadata metadata = new PassMetadata(cluster, planner)) {
            planner.addListener(metadata);
            planner.findBestExp();
        }
        // the second look sees 4 × 3 joined rows, not the estimate it cached with the filter
        assertThat(probe.seen).hasSize(2);
        assertThat(probe.seen.getFirst()).isEqualTo(filtered).isLessThan(12.0);
        assertThat(probe.seen.getLast()).isEqualTo(12.0);
    }

    @Test
    void anOperatorBesideAChangeKeepsItsEntries() {
        RelNode plan = plan();
        HepPlanner planner = new HepPlanner(
                new HepProgramBuilder().addRuleInstance(REMOVE_FILTER).build());
        planner.setRoot(plan);
        RelNode unfilteredSide;
        RelMetadataQuery query;
        try (PassMetadata metadata = new PassMetadata(cluster, planner)) {
            planner.addListener(metadata);
            query = cluster.getMetadataQuery();
            RelNode project = planner.getRoot().stripped();
            unfilteredSide = project.getInput(0).stripped().getInput(1).stripped();
            query.getRowCount(project);
            assertThat(query.map.containsRow(unfilteredSide)).isTrue();
            planner.findBestExp();
            // the rule's transformTo dropped nothing: the same cache, the untouched side still in it
            assertThat(cluster.getMetadataQuery()).isSameAs(query);
            assertThat(query.map.containsRow(unfilteredSide)).isTrue();
        }
        // after the pass the cluster makes fresh caches again
        assertThat(cluster.getMetadataQuery()).isNotSameAs(query);
    }
}
