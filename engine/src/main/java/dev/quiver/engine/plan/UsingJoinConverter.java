package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.AsofJoins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.RelBuilder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's conversion to relational algebra, with DuckDB's reading of {@code JOIN … USING}. Calcite
 * converts the USING list to equalities with the first left column of each name; when the left
 * input is itself a FULL or RIGHT join on that name, the left side of the equality becomes the
 * merged column DuckDB compares ({@link SharedUsingColumns}). And for {@code l ASOF [LEFT] JOIN r
 * USING (k…, t)} the last equality becomes {@code l.t >= r.t} and the condition is wrapped in {@link
 * AsofJoins#CONDITION}, as an ON condition of an ASOF join is, for {@link AsofJoinPlanning}.
 */
final class UsingJoinConverter extends SqlToRelConverter {
    UsingJoinConverter(
            RelOptTable.ViewExpander viewExpander,
            @Nullable SqlValidator validator,
            Prepare.CatalogReader catalogReader,
            RelOptCluster cluster,
            SqlRexConvertletTable convertletTable,
            Config config) {
        super(viewExpander, validator, catalogReader, cluster, convertletTable, config);
    }

    /**
     * Calcite's trimmer, whose RelBuilder keeps each condition as the conversion left it: the
     * conversion simplified every filter already and the rewrite phase's ReduceExpressions rules
     * simplify each again, with the input's predicates; simplifying once more here re-ran RexSimplify
     * over every WHERE (q19's OR of three AND blocks) for nothing.
     */
    @Override
    protected RelFieldTrimmer newFieldTrimmer() {
        RelBuilder builder =
                config.getRelBuilderFactory().create(cluster, null).transform(config.getRelBuilderConfigTransform());
        return new RelFieldTrimmer(validator, QuiverFieldTrimmer.withoutSimplify(builder));
    }

    @Override
    protected void convertFrom(Blackboard bb, @Nullable SqlNode from, @Nullable List<String> fieldNames) {
        super.convertFrom(bb, from, fieldNames);
        if (from instanceof SqlJoin join) {
            RelNode merged = compareMergedColumns(join, bb.root());
            if (merged != null) {
                bb.setRoot(merged, false);
            }
        }
        if (!(from instanceof SqlJoin join) || !AsofJoins.isUsing(join)) {
            return;
        }
        if (!(bb.root() instanceof LogicalJoin joined)) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED, "this ASOF JOIN … USING cannot be planned; write it with ON");
        }
        RexBuilder rexBuilder = joined.getCluster().getRexBuilder();
        List<RexNode> conjuncts = new ArrayList<>(RelOptUtil.conjunctions(joined.getCondition()));
        if (!(conjuncts.getLast() instanceof RexCall last) || last.getKind() != SqlKind.EQUALS) {
            throw QuiverException.internal("ASOF JOIN USING converted to " + joined.getCondition(), null);
        }
        conjuncts.set(
                conjuncts.size() - 1,
                rexBuilder.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, last.getOperands()));
        RexNode condition = rexBuilder.makeCall(AsofJoins.CONDITION, RexUtil.composeConjunction(rexBuilder, conjuncts));
        bb.setRoot(
                joined.copy(
                        joined.getTraitSet(),
                        condition,
                        joined.getLeft(),
                        joined.getRight(),
                        joined.getJoinType(),
                        joined.isSemiJoinDone()),
                false);
    }

    /**
     * {@code converted} (the join, or a projection over it when keys of different types made Calcite
     * push their casts into projections) with each USING equality comparing the merged column of
     * its left input; null when nothing changes.
     */
    private @Nullable RelNode compareMergedColumns(SqlJoin join, @Nullable RelNode converted) {
        if (converted instanceof LogicalProject top && top.getInput() instanceof LogicalJoin joined) {
            RelNode merged = compareMergedColumns(join, joined);
            return merged == null ? null : top.copy(top.getTraitSet(), List.of(merged));
        }
        if (!(validator instanceof SqlValidatorImpl impl) || !(converted instanceof LogicalJoin joined)) {
            return null;
        }
        List<String> names = impl.usingNames(join);
        if (names == null || names.isEmpty() || !(join.getLeft() instanceof SqlJoin)) {
            return null;
        }
        RexBuilder rexBuilder = joined.getCluster().getRexBuilder();
        SharedUsingColumns shared = new SharedUsingColumns(impl, rexBuilder);
        List<RelDataTypeField> leftFields = joined.getLeft().getRowType().getFieldList();
        Map<Integer, RexNode> replacements = new HashMap<>();
        for (String name : names) {
            RexNode merged = shared.value(join.getLeft(), name, 0);
            int first = firstNamed(leftFields, name);
            if (merged == null || first < 0 || (merged instanceof RexInputRef ref && ref.getIndex() == first)) {
                continue;
            }
            RelDataType type = leftFields.get(first).getType();
            replacements.put(
                    first,
                    merged.getType().equals(type)
                            ? merged
                            : rexBuilder.makeCast(
                                    rexBuilder
                                            .getTypeFactory()
                                            .createTypeWithNullability(
                                                    type, merged.getType().isNullable()),
                                    merged,
                                    true,
                                    false));
        }
        if (replacements.isEmpty()) {
            return null;
        }
        RexShuttle toMerged = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef inputRef) {
                return replacements.getOrDefault(inputRef.getIndex(), inputRef);
            }
        };
        RelNode left = joined.getLeft();
        if (left instanceof LogicalProject project) {
            // keys of different types: Calcite compares a cast of the left column, computed in a
            // projection it put over the left input; the merged column goes into that cast
            left = project.copy(
                    project.getTraitSet(),
                    project.getInput(),
                    project.getProjects().stream()
                            .map(value -> value instanceof RexInputRef ? value : value.accept(toMerged))
                            .toList(),
                    project.getRowType());
        }
        return joined.copy(
                joined.getTraitSet(),
                joined.getCondition().accept(toMerged),
                left,
                joined.getRight(),
                joined.getJoinType(),
                joined.isSemiJoinDone());
    }

    private static int firstNamed(List<RelDataTypeField> fields, String name) {
        for (int index = 0; index < fields.size(); index++) {
            if (fields.get(index).getName().equalsIgnoreCase(name)) {
                return index;
            }
        }
        return -1;
    }
}
