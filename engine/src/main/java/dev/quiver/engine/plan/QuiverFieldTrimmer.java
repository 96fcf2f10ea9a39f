package dev.quiver.engine.plan;

import dev.quiver.engine.plan.rel.LogicalPythonUdf;
import dev.quiver.engine.plan.rel.LogicalSharedCte;
import dev.quiver.engine.plan.rel.LogicalUnnest;
import dev.quiver.engine.plan.rel.PythonUdfCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * Calcite's field trimmer, taught to see through Python calls: below them, only the columns used
 * above and the calls' arguments are kept (Calcite would keep every column of an unknown rel).
 * Every call stays, used or not: what a call does is its own business. Public because the
 * trimmer finds {@code trimFields} methods by reflection.
 */
public final class QuiverFieldTrimmer extends RelFieldTrimmer {
    /** A trimmer that builds with {@code relBuilder} as it is (see {@link #withoutSimplify}). */
    public QuiverFieldTrimmer(SqlValidator validator, RelBuilder relBuilder) {
        super(validator, relBuilder);
    }

    /**
     * {@code relBuilder} with the simplification of conditions turned off, for a trimmer: trimming
     * only renumbers the columns a condition reads, so a condition that was simple stays simple,
     * and RexSimplify over every filter and join condition of the plan was a fifth of a trim.
     */
    static RelBuilder withoutSimplify(RelBuilder relBuilder) {
        return relBuilder.transform(config -> config.withSimplify(false));
    }

    /**
     * Called by the trimmer's reflective dispatch for every LogicalUnnest: it passes on only the
     * input columns used above (a list column repeated on every element's row is costly), and
     * its input keeps only those and the lists' columns. Every element column stays: each list
     * decides how many rows come out.
     */
    public TrimResult trimFields(LogicalUnnest unnest, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
        int[] kept = unnest.kept().toArray();
        ImmutableBitSet.Builder keptUsed = ImmutableBitSet.builder();
        for (int column : fieldsUsed) {
            if (column < kept.length) {
                keptUsed.set(kept[column]);
            }
        }
        ImmutableBitSet stillKept = keptUsed.build();
        ImmutableBitSet inputUsed = stillKept.union(RelOptUtil.InputFinder.bits(unnest.lists(), null));
        TrimResult trimmed = trimChild(unnest, unnest.getInput(), inputUsed, extraFields);
        Mapping inputMapping = trimmed.right;
        RexPermuteInputsShuttle shuttle = new RexPermuteInputsShuttle(inputMapping, trimmed.left);
        List<RexNode> lists =
                unnest.lists().stream().map(list -> list.accept(shuttle)).toList();
        ImmutableBitSet.Builder newKept = ImmutableBitSet.builder();
        stillKept.forEach(column -> newKept.set(inputMapping.getTarget(column)));
        LogicalUnnest trimmedUnnest =
                (LogicalUnnest) unnest.copy(unnest.getTraitSet(), trimmed.left, newKept.build(), lists);
        int added = unnest.unnestRowType().getFieldCount();
        Mapping mapping = Mappings.create(
                MappingType.INVERSE_SURJECTION, unnest.getRowType().getFieldCount(), stillKept.cardinality() + added);
        ImmutableBitSet newKeptSet = trimmedUnnest.kept();
        for (int column = 0; column < kept.length; column++) {
            if (stillKept.get(kept[column])) {
                mapping.set(column, newKeptSet.indexOf(inputMapping.getTarget(kept[column])));
            }
        }
        for (int index = 0; index < added; index++) {
            mapping.set(kept.length + index, stillKept.cardinality() + index);
        }
        return result(trimmedUnnest, mapping);
    }

    /** Called by the trimmer's reflective dispatch for every LogicalPythonUdf. */
    public TrimResult trimFields(LogicalPythonUdf udf, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
        int inputColumns = udf.firstCallColumn();
        ImmutableBitSet.Builder inputUsed = ImmutableBitSet.builder();
        for (int column : fieldsUsed) {
            if (column < inputColumns) {
                inputUsed.set(column);
            }
        }
        udf.calls().forEach(call -> {
            call.arguments().forEach(inputUsed::set);
            if (call.guard() >= 0) {
                inputUsed.set(call.guard());
            }
        });
        TrimResult trimmed = trimChild(udf, udf.getInput(), inputUsed.build(), extraFields);
        Mapping inputMapping = trimmed.right;
        List<PythonUdfCall> calls = new ArrayList<>();
        for (PythonUdfCall call : udf.calls()) {
            calls.add(new PythonUdfCall(
                    call.function(),
                    call.arguments().stream().map(inputMapping::getTarget).toList(),
                    call.guard() < 0 ? -1 : inputMapping.getTarget(call.guard())));
        }
        LogicalPythonUdf trimmedUdf = LogicalPythonUdf.create(trimmed.left, calls);
        int newInputColumns = trimmed.left.getRowType().getFieldCount();
        Mapping mapping = Mappings.create(
                MappingType.INVERSE_SURJECTION, udf.getRowType().getFieldCount(), newInputColumns + calls.size());
        for (int column = 0; column < inputColumns; column++) {
            int target = inputMapping.getTargetOpt(column);
            if (target >= 0) {
                mapping.set(column, target);
            }
        }
        for (int index = 0; index < calls.size(); index++) {
            mapping.set(inputColumns + index, newInputColumns + index);
        }
        return result(trimmedUdf, mapping);
    }

    /**
     * Called by the trimmer's reflective dispatch for every LogicalSharedCte: the shared subplan
     * keeps every column, whatever this reference uses, so that every reference stays the same
     * (Calcite's trimmer would trim through it as through any exchange).
     */
    public TrimResult trimFields(LogicalSharedCte cte, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
        int columns = cte.getRowType().getFieldCount();
        TrimResult trimmed = trimChild(cte, cte.getInput(), ImmutableBitSet.range(columns), extraFields);
        RelNode kept = trimmed.left == cte.getInput() ? cte : cte.copy(cte.getTraitSet(), List.of(trimmed.left));
        return result(kept, Mappings.createIdentity(columns));
    }

    /**
     * Called by the trimmer's reflective dispatch for every LogicalProject. A projection of no
     * column (below {@code count(*) OVER ()}, or {@code sum(5) OVER ()} with no column selected)
     * stays as it is: Calcite's trimmer would give it a dummy column, which the generic path of
     * the window above then refuses.
     */
    public TrimResult trimFields(
            LogicalProject project, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
        if (project.getRowType().getFieldCount() == 0) {
            return result(project, Mappings.createIdentity(0));
        }
        return trimFields((Project) project, fieldsUsed, extraFields);
    }
}
