package dev.quiver.engine.plan.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class PrecompiledMetadataHandlersTest {
    @Test
    void everyKindWithPublicHandlersIsPrecompiledByTheBuild() {
        List<Class<? extends MetadataHandler<?>>> kinds = MetadataHandlerSources.queriedHandlerClasses();
        List<Class<? extends MetadataHandler<?>>> precompiled = kinds.stream()
                .filter(PrecompiledMetadataHandlers.INSTANCE::isPrecompiled)
                .toList();

        // the three cost kinds answered by Calcite's private RelMdPercentageOriginalRows classes stay with Janino
        assertThat(precompiled).hasSize(MetadataHandlerSources.generate().size() - 1);
        assertThat(precompiled)
                .hasSizeGreaterThanOrEqualTo(kinds.size() - 3)
                .contains(
                        BuiltInMetadata.RowCount.Handler.class,
                        BuiltInMetadata.Predicates.Handler.class,
                        BuiltInMetadata.DistinctRowCount.Handler.class,
                        BuiltInMetadata.Selectivity.Handler.class);
        assertThat(PrecompiledMetadataHandlers.INSTANCE
                        .handler(BuiltInMetadata.RowCount.Handler.class)
                        .getClass()
                        .getName())
                .startsWith(MetadataHandlerSources.PACKAGE + ".");
    }

    @Test
    void precompiledHandlersAnswerAsJaninosDo() {
        RelNode filtered = filteredValues();
        RelMetadataQuery precompiled = PrecompiledMetadataHandlers.newQuery();
        RelMetadataQuery janino = new RelMetadataQuery(JaninoRelMetadataProvider.of(QuiverMetadata.PROVIDER));

        assertThat(precompiled.getRowCount(filtered)).isEqualTo(janino.getRowCount(filtered));
        assertThat(precompiled
                        .getPulledUpPredicates(filtered)
                        .pulledUpPredicates
                        .toString())
                .isEqualTo(janino.getPulledUpPredicates(filtered)
                        .pulledUpPredicates
                        .toString());
        assertThat(precompiled.getMaxRowCount(filtered))
                .isEqualTo(janino.getMaxRowCount(filtered))
                .isEqualTo(3.0);
        // a kind left to Janino still answers through the same query
        assertThat(precompiled.getCumulativeCost(filtered)).isNotNull();
    }

    @Test
    void withoutTheGeneratedClassesJaninoAnswers() {
        assertThat(PrecompiledMetadataHandlers.loadFactory("dev.quiver.engine.plan.metadata.NoSuchFactory"))
                .isNull();
        PrecompiledMetadataHandlers fallback = new PrecompiledMetadataHandlers(null);

        assertThat(fallback.isPrecompiled(BuiltInMetadata.RowCount.Handler.class))
                .isFalse();
        assertThat(new RelMetadataQuery(fallback).getRowCount(filteredValues()))
                .isEqualTo(PrecompiledMetadataHandlers.newQuery().getRowCount(filteredValues()));
    }

    @Test
    void handlersOtherThanTheBuildSawFallBackToJanino() {
        MetadataHandlerFactory mismatched = (handlerClass, handlers) -> {
            throw new ClassCastException("another Calcite's handler");
        };
        PrecompiledMetadataHandlers provider = new PrecompiledMetadataHandlers(mismatched);

        assertThat(provider.isPrecompiled(BuiltInMetadata.RowCount.Handler.class))
                .isFalse();
        assertThat(new RelMetadataQuery(provider).getRowCount(filteredValues())).isPositive();
    }

    /** {@code SELECT * FROM (VALUES 1, 2, 3) WHERE x > 1}, as relational expressions. */
    private static RelNode filteredValues() {
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
        RexBuilder rex = new RexBuilder(types);
        RelOptCluster cluster = RelOptCluster.create(new VolcanoPlanner(), rex);
        cluster.setMetadataProvider(QuiverMetadata.PROVIDER);
        RelNode values = LogicalValues.create(
                cluster,
                types.builder().add("x", SqlTypeName.INTEGER).build(),
                ImmutableList.of(
                        ImmutableList.of(rex.makeExactLiteral(BigDecimal.ONE)),
                        ImmutableList.of(rex.makeExactLiteral(BigDecimal.TWO)),
                        ImmutableList.of(rex.makeExactLiteral(BigDecimal.TEN))));
        RexNode condition = rex.makeCall(
                SqlStdOperatorTable.GREATER_THAN, rex.makeInputRef(values, 0), rex.makeExactLiteral(BigDecimal.ONE));
        return LogicalFilter.create(values, condition);
    }
}
