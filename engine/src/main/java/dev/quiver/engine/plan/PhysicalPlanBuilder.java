package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.catalog.QuiverSchema;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.operator.SpoolOperator;
import dev.quiver.engine.exec.operator.aggregate.Aggregation;
import dev.quiver.engine.exec.operator.aggregate.HashAggregateOperator;
import dev.quiver.engine.exec.operator.aggregate.PythonAggregateCall;
import dev.quiver.engine.exec.operator.join.AsofJoinOperator;
import dev.quiver.engine.exec.operator.join.HashJoinOperator;
import dev.quiver.engine.exec.operator.join.JoinType;
import dev.quiver.engine.exec.operator.join.PositionalJoinOperator;
import dev.quiver.engine.exec.operator.project.FilterOperator;
import dev.quiver.engine.exec.operator.project.ProjectOperator;
import dev.quiver.engine.exec.operator.sample.SampleOperator;
import dev.quiver.engine.exec.operator.scan.FileScanOperator;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import dev.quiver.engine.exec.operator.scan.ValuesOperator;
import dev.quiver.engine.exec.operator.set.RecursiveUnionOperator;
import dev.quiver.engine.exec.operator.set.SetOperationOperator;
import dev.quiver.engine.exec.operator.set.UnionAllOperator;
import dev.quiver.engine.exec.operator.set.WorkingTableScanOperator;
import dev.quiver.engine.exec.operator.sort.LimitOperator;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.operator.sort.SortOperator;
import dev.quiver.engine.exec.operator.sort.TopNOperator;
import dev.quiver.engine.exec.operator.udf.PythonUdfOperator;
import dev.quiver.engine.exec.operator.unnest.UnnestOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.function.PythonAggregateSqlFunction;
import dev.quiver.engine.function.PythonTableSqlFunction;
import dev.quiver.engine.plan.rel.PythonUdfCall;
import dev.quiver.engine.plan.rel.VecAggregate;
import dev.quiver.engine.plan.rel.VecAsofJoin;
import dev.quiver.engine.plan.rel.VecFileScan;
import dev.quiver.engine.plan.rel.VecFilter;
import dev.quiver.engine.plan.rel.VecHashJoin;
import dev.quiver.engine.plan.rel.VecIntersect;
import dev.quiver.engine.plan.rel.VecMinus;
import dev.quiver.engine.plan.rel.VecNestedLoopJoin;
import dev.quiver.engine.plan.rel.VecPositionalJoin;
import dev.quiver.engine.plan.rel.VecProject;
import dev.quiver.engine.plan.rel.VecPythonTableFunction;
import dev.quiver.engine.plan.rel.VecPythonTableInput;
import dev.quiver.engine.plan.rel.VecPythonUdf;
import dev.quiver.engine.plan.rel.VecRecursiveUnion;
import dev.quiver.engine.plan.rel.VecSample;
import dev.quiver.engine.plan.rel.VecSort;
import dev.quiver.engine.plan.rel.VecTableFunctionScan;
import dev.quiver.engine.plan.rel.VecTableScan;
import dev.quiver.engine.plan.rel.VecUnion;
import dev.quiver.engine.plan.rel.VecUnnest;
import dev.quiver.engine.plan.rel.VecValues;
import dev.quiver.engine.plan.rel.VecWindow;
import dev.quiver.engine.plan.rel.VecWorkingTableScan;
import dev.quiver.engine.source.DuckDbScanSource;
import dev.quiver.engine.sql.PercentLimits;
import dev.quiver.engine.sql.SampleSpec;
import dev.quiver.engine.type.TypeMapping;
import dev.quiver.udf.pool.InterpreterPool;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.ImmutableIntList;
import org.apache.calcite.util.Util;

/**
 * Translates a tree of {@link dev.quiver.engine.plan.rel.VecRel}s into runtime operators — the one
 * class that sees both Calcite rels and runtime operators. RexNodes end here: the runtime gets
 * {@link Expr}s.
 */
public final class PhysicalPlanBuilder {
    private final int batchRows;
    /** Subplans the plan reaches more than once ({@link SharedSubplans}); null until the root call. */
    private Set<RelNode> shared;
    /** The spool built for each shared subplan. */
    private final Map<RelNode, PhysicalOperator> spools = new IdentityHashMap<>();
    /** The working table of each recursive CTE whose iterative term is being built, by name. */
    private final Map<List<String>, WorkingTableScanOperator> workingTables = new HashMap<>();

    /** @param batchRows the morsel size queries run with (Python calls are sized from it) */
    public PhysicalPlanBuilder(int batchRows) {
        this.batchRows = batchRows;
    }

    /** The operators computing {@code rel}; a subplan {@code rel} reaches twice is computed once. */
    public PhysicalOperator build(RelNode rel) {
        if (shared == null) { // the root call
            shared = SharedSubplans.find(rel);
        }
        if (!shared.contains(rel)) {
            return operator(rel);
        }
        PhysicalOperator spool = spools.get(rel);
        if (spool == null) {
            spool = new SpoolOperator(operator(rel));
            spools.put(rel, spool);
        }
        return spool;
    }

    private PhysicalOperator operator(RelNode rel) {
        return switch (rel) {
            case VecTableScan scan -> tableScan(scan);
            case VecWorkingTableScan scan -> workingTableScan(scan);
            case VecRecursiveUnion union -> recursiveUnion(union);
            case VecValues values -> new ValuesOperator(fields(values.getRowType()), Literals.rows(values));
            case VecFilter filter -> {
                PhysicalOperator input = build(filter.getInput());
                yield new FilterOperator(input, RexToExpr.translate(filter.getCondition(), input.outputFields()));
            }
            case VecProject project -> project(project);
            case VecSort sort -> sort(sort);
            case VecAggregate aggregate -> aggregate(aggregate);
            case VecTableFunctionScan function
            when function.getCall() instanceof RexCall call && call.getOperator() instanceof PythonTableSqlFunction ->
                PythonTableFunctions.constant(
                        call, function.getCluster().getRexBuilder(), fields(function.getRowType()), batchRows);
            case VecTableFunctionScan function -> TableFunctions.operator(function);
            case VecFileScan scan ->
                new FileScanOperator(
                        new DuckDbScanSource(scan.table().reader(), scan.table().source()),
                        fields(scan.getRowType()),
                        scan.filter());
            case VecHashJoin join -> join(join, VecHashJoin.keys(join), null);
            case VecNestedLoopJoin join ->
                join(
                        join,
                        new VecHashJoin.Keys(
                                new int[0],
                                new int[0],
                                new boolean[0],
                                join.getCondition().isAlwaysTrue() ? null : join.getCondition()),
                        null);
            case VecUnion union when union.all -> new UnionAllOperator(inputs(union), fields(union.getRowType()));
            case VecUnion union -> setOperation(union, SetOperationOperator.Kind.UNION);
            case VecIntersect intersect -> setOperation(intersect, SetOperationOperator.Kind.INTERSECT);
            case VecMinus minus -> setOperation(minus, SetOperationOperator.Kind.EXCEPT);
            case VecPythonUdf udf -> pythonUdf(udf);
            case VecWindow window -> WindowPlanning.operator(window, build(window.getInput()));
            case VecPythonTableFunction function -> {
                PhysicalOperator input = build(function.getInput());
                int width = input.outputFields().size();
                yield lateralTableFunction(
                        function, input, IntStream.range(0, width).toArray(), fields(function.getRowType()));
            }
            case VecPythonTableInput function ->
                PythonTableFunctions.tableInput(
                        build(function.getInput()),
                        function.call(),
                        function.getCluster().getRexBuilder(),
                        function.partitionKeys(),
                        sortKeys(function.order()),
                        fields(function.getRowType()),
                        batchRows);
            case VecUnnest unnest -> unnest(unnest);
            case VecSample sample -> sample(sample);
            case VecAsofJoin join -> asofJoin(join);
            case VecPositionalJoin join ->
                new PositionalJoinOperator(build(join.getLeft()), build(join.getRight()), fields(join.getRowType()));
            default -> throw QuiverException.internal("no runtime operator for " + rel.getRelTypeName(), null);
        };
    }

    /** A recursive CTE; its iterative term reads the working table through the scan made here. */
    private PhysicalOperator recursiveUnion(VecRecursiveUnion union) {
        RelOptTable table = union.getTransientTable();
        List<Field> fields = fields(union.getRowType());
        String name = Util.last(table.getQualifiedName());
        WorkingTableScanOperator scan = new WorkingTableScanOperator(name, fields(table.getRowType()));
        WorkingTableScanOperator recurring =
                new WorkingTableScanOperator("recurring." + name, fields(table.getRowType()));
        List<String> recurringName = List.of("recurring", name);
        PhysicalOperator seed = build(union.getSeedRel());
        workingTables.put(table.getQualifiedName(), scan);
        workingTables.put(recurringName, recurring);
        PhysicalOperator step;
        try {
            step = build(union.getIterativeRel());
        } finally {
            workingTables.remove(table.getQualifiedName());
            workingTables.remove(recurringName);
        }
        return new RecursiveUnionOperator(seed, step, scan, recurring, union.all, RecursiveCtes.keys(table), fields);
    }

    private PhysicalOperator workingTableScan(VecWorkingTableScan scan) {
        WorkingTableScanOperator operator = workingTables.get(scan.getTable().getQualifiedName());
        if (operator == null) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "the recursive CTE " + Util.last(scan.getTable().getQualifiedName())
                            + " can be referenced only in its own recursive term");
        }
        return operator;
    }

    private PhysicalOperator asofJoin(VecAsofJoin join) {
        AsofJoinOperator.Inequality inequality = switch (join.inequality()) {
            case GREATER_THAN_OR_EQUAL -> AsofJoinOperator.Inequality.GREATER_OR_EQUAL;
            case GREATER_THAN -> AsofJoinOperator.Inequality.GREATER;
            case LESS_THAN_OR_EQUAL -> AsofJoinOperator.Inequality.LESS_OR_EQUAL;
            case LESS_THAN -> AsofJoinOperator.Inequality.LESS;
            default -> throw QuiverException.internal("an ASOF join on " + join.inequality(), null);
        };
        return new AsofJoinOperator(
                build(join.getLeft()),
                build(join.getRight()),
                join.joinType() == org.apache.calcite.rel.core.JoinRelType.LEFT,
                join.leftKeys(),
                join.rightKeys(),
                join.leftOrder(),
                join.rightOrder(),
                inequality);
    }

    /**
     * The input with the lists appended as columns (a projection, unless every list is a column
     * already), then the unnest over them.
     */
    private PhysicalOperator unnest(VecUnnest unnest) {
        PhysicalOperator input = build(unnest.getInput());
        List<Field> inputFields = input.outputFields();
        int width = inputFields.size();
        int[] lists = new int[unnest.lists().size()];
        boolean allColumns = true;
        for (int index = 0; index < lists.length; index++) {
            if (unnest.lists().get(index) instanceof RexInputRef ref) {
                lists[index] = ref.getIndex();
            } else {
                allColumns = false;
            }
        }
        if (!allColumns) {
            List<Expr> expressions = new ArrayList<>();
            List<Field> projected = new ArrayList<>(inputFields);
            for (int column = 0; column < width; column++) {
                expressions.add(new ColumnExpr(column, inputFields.get(column)));
            }
            for (int index = 0; index < lists.length; index++) {
                RexNode list = unnest.lists().get(index);
                expressions.add(RexToExpr.translate(list, inputFields));
                projected.add(TypeMapping.toField("list" + index, list.getType()));
                lists[index] = width + index;
            }
            input = new ProjectOperator(input, expressions, projected);
        }
        int[] kept = unnest.kept().toArray();
        int[] depths = unnest.depths().stream().mapToInt(Integer::intValue).toArray();
        int deepest = Arrays.stream(depths).max().orElse(1);
        if (lists.length > 1 && deepest > 1) {
            return unnestByLevels(input, kept, lists, depths, unnest);
        }
        return new UnnestOperator(
                input,
                kept,
                lists,
                depths,
                unnest.ordinality(),
                unnest.keepUnmatched(),
                batchRows,
                fields(unnest.getRowType()));
    }

    /**
     * Several lists, one of them unnested through more levels than another: as DuckDB, one unnest per
     * level, the deepest list alone at first and each list joining when as many levels are left of it
     * as of the deepest, so that every list's last level zips with the others' ({@code
     * unnest([[1, 2], [3]], recursive := true), unnest([10, 20, 30])} pairs 1, 2, NULL and then 3,
     * NULL, NULL with 10, 20, 30).
     */
    private PhysicalOperator unnestByLevels(
            PhysicalOperator input, int[] kept, int[] lists, int[] depths, VecUnnest unnest) {
        int[] left = depths.clone(); // levels each list still has to go
        int[] positions = lists.clone(); // where each list (or its elements so far) is in `input`
        int[] keptPositions = kept.clone();
        for (int levels = Arrays.stream(depths).max().orElseThrow(); levels > 1; levels--) {
            List<Field> fields = input.outputFields();
            List<Integer> stepping = new ArrayList<>();
            for (int index = 0; index < lists.length; index++) {
                if (left[index] == levels) {
                    stepping.add(index);
                }
            }
            List<Integer> passing = new ArrayList<>(); // the input's columns this level leaves alone
            for (int column = 0; column < fields.size(); column++) {
                boolean stepped = false;
                for (int index : stepping) {
                    stepped |= positions[index] == column;
                }
                if (!stepped) {
                    passing.add(column);
                }
            }
            List<Field> outputFields = new ArrayList<>();
            passing.forEach(column -> outputFields.add(fields.get(column)));
            int[] stepLists = new int[stepping.size()];
            for (int step = 0; step < stepLists.length; step++) {
                stepLists[step] = positions[stepping.get(step)];
                List<Field> children = fields.get(stepLists[step]).getChildren();
                Field element = children.isEmpty() // a NULL-typed list: no elements
                        ? Field.nullable("element", ArrowType.Null.INSTANCE)
                        : children.getFirst();
                outputFields.add(
                        new Field(element.getName(), FieldType.nullable(element.getType()), element.getChildren()));
            }
            int[] newPositions = positions.clone();
            for (int index = 0; index < lists.length; index++) {
                newPositions[index] = stepping.contains(index)
                        ? passing.size() + stepping.indexOf(index)
                        : passing.indexOf(positions[index]);
            }
            for (int index = 0; index < keptPositions.length; index++) {
                keptPositions[index] = passing.indexOf(keptPositions[index]);
            }
            stepping.forEach(index -> left[index]--);
            positions = newPositions;
            int[] ones = new int[stepLists.length];
            Arrays.fill(ones, 1);
            input = new UnnestOperator(
                    input,
                    passing.stream().mapToInt(Integer::intValue).toArray(),
                    stepLists,
                    ones,
                    false,
                    unnest.keepUnmatched(),
                    batchRows,
                    outputFields);
        }
        int[] ones = new int[lists.length];
        Arrays.fill(ones, 1);
        return new UnnestOperator(
                input,
                keptPositions,
                positions,
                ones,
                unnest.ordinality(),
                unnest.keepUnmatched(),
                batchRows,
                fields(unnest.getRowType()));
    }

    private PhysicalOperator pythonUdf(VecPythonUdf udf) {
        PhysicalOperator input = build(udf.getInput());
        List<Field> fields = fields(udf.getRowType());
        List<PythonUdfOperator.Call> calls = new ArrayList<>();
        InterpreterPool pool = null;
        for (int index = 0; index < udf.calls().size(); index++) {
            PythonUdfCall call = udf.calls().get(index);
            pool = call.function().pool(); // one per database
            calls.add(new PythonUdfOperator.Call(
                    call.function().name(),
                    call.function().registered(),
                    call.arguments().stream().mapToInt(Integer::intValue).toArray(),
                    call.guard(),
                    fields.get(udf.firstCallColumn() + index)));
        }
        return new PythonUdfOperator(input, pool, calls, batchRows);
    }

    /** Arrow fields for a row type, with the row type's names. */
    public static List<Field> fields(RelDataType rowType) {
        return fields(rowType, rowType.getFieldNames());
    }

    /**
     * The output fields of a plan under the names the user wrote: rewrites drop projections that
     * only rename ({@code SELECT range AS x}), so the plan's own names may be the input's.
     */
    public static List<Field> fields(RelDataType rowType, List<String> names) {
        List<Field> fields = new ArrayList<>();
        List<RelDataTypeField> planFields = rowType.getFieldList();
        for (int i = 0; i < planFields.size(); i++) {
            fields.add(TypeMapping.toField(names.get(i), planFields.get(i).getType()));
        }
        return fields;
    }

    private static PhysicalOperator tableScan(VecTableScan scan) {
        MemoryTable table =
                scan.getTable().unwrapOrThrow(QuiverSchema.CatalogTable.class).table();
        int[] columns = IntStream.range(0, table.schema().getFields().size()).toArray();
        return new TableScanOperator(table, columns);
    }

    private PhysicalOperator project(VecProject project) {
        if (project.getInput() instanceof VecFilter filter && !shared.contains(filter)) {
            return filter.getInput() instanceof VecTableScan scan
                    ? projectFilteredScan(project, filter, scan)
                    : projectFilter(project, filter, build(filter.getInput()));
        }
        if (project.getInput() instanceof VecPythonTableFunction function
                && function.condition() == null
                && !shared.contains(function)) {
            return projectTableFunction(project, function);
        }
        if (project.getInput() instanceof VecHashJoin join && !shared.contains(join)) {
            return projectJoin(project, join);
        }
        return projection(build(project.getInput()), project.getProjects(), fields(project.getRowType()));
    }

    /**
     * A hash join that gathers only the joined columns the projection above it reads, and that
     * projection over them: the other columns of both sides are never copied for the joined rows
     * (TPC-H Q5's last join joined thirteen columns for its projection to read three). Joins that
     * cannot narrow their output ({@link HashJoinOperator#canNarrowOutput}) output every column.
     */
    private PhysicalOperator projectJoin(VecProject project, VecHashJoin join) {
        int width = join.getRowType().getFieldCount();
        ImmutableBitSet read = RelOptUtil.InputFinder.bits(project.getProjects(), null);
        // a projection of constants still needs the rows: keep one column to carry them
        int[] kept = read.isEmpty() ? new int[] {0} : read.toArray();
        PhysicalOperator joined = join(join, VecHashJoin.keys(join), kept.length < width ? kept : null);
        if (joined.outputFields().size() == width) {
            return projection(joined, project.getProjects(), fields(project.getRowType()));
        }
        int[] mapping = new int[width];
        for (int index = 0; index < kept.length; index++) {
            mapping[kept[index]] = index;
        }
        List<RexNode> renumbered = new ArrayList<>();
        for (RexNode node : project.getProjects()) {
            renumbered.add(node.accept(renumber(mapping)));
        }
        return projection(joined, renumbered, fields(project.getRowType()));
    }

    /**
     * A projection over a lateral table function call: the call repeats only the input columns the
     * projection reads on each yielded row. Every input column was copied onto every yielded row
     * before (the tokenizer of {@code bench udf-sql} copied each comment onto each of its words,
     * for the projection above to drop).
     */
    private PhysicalOperator projectTableFunction(VecProject project, VecPythonTableFunction function) {
        PhysicalOperator input = build(function.getInput());
        int width = input.outputFields().size();
        List<Field> outputFields = fields(function.getRowType());
        int[] kept = RelOptUtil.InputFinder.bits(project.getProjects(), null)
                .intersect(ImmutableBitSet.range(width))
                .toArray();
        int[] mapping = new int[outputFields.size()];
        List<Field> narrowed = new ArrayList<>();
        for (int index = 0; index < kept.length; index++) {
            mapping[kept[index]] = index;
            narrowed.add(outputFields.get(kept[index]));
        }
        for (int column = width; column < outputFields.size(); column++) {
            mapping[column] = narrowed.size();
            narrowed.add(outputFields.get(column));
        }
        List<RexNode> renumbered = new ArrayList<>();
        for (RexNode node : project.getProjects()) {
            renumbered.add(node.accept(renumber(mapping)));
        }
        return projection(
                lateralTableFunction(function, input, kept, narrowed), renumbered, fields(project.getRowType()));
    }

    /** A lateral table function call over {@code input} that repeats the columns {@code kept}. */
    private PhysicalOperator lateralTableFunction(
            VecPythonTableFunction function, PhysicalOperator input, int[] kept, List<Field> outputFields) {
        return PythonTableFunctions.over(
                input,
                function.call(),
                function.getCluster().getRexBuilder(),
                kept,
                function.keepUnmatched(),
                function.condition(),
                outputFields,
                batchRows,
                "lateral, once per input row");
    }

    /** A projection over {@code input} that computes each call it repeats once per batch. */
    private static ProjectOperator projection(PhysicalOperator input, List<RexNode> projects, List<Field> projected) {
        List<Field> inputFields = input.outputFields();
        SharedSubexpressions.Split split = SharedSubexpressions.of(projects, inputFields.size());
        List<Expr> shared = new ArrayList<>();
        List<Field> widened = new ArrayList<>(inputFields);
        for (RexNode node : split.shared()) {
            Expr expression = RexToExpr.translate(node, inputFields);
            shared.add(expression);
            widened.add(expression.field());
        }
        List<Expr> expressions = new ArrayList<>();
        for (RexNode node : split.projects()) {
            expressions.add(RexToExpr.translate(node, widened));
        }
        return new ProjectOperator(input, shared, expressions, projected);
    }

    /**
     * A projection over a filtered table scan reads only the columns the filter and the projection
     * use: the filter copies every column of its input for the rows it keeps, and a scan of all
     * sixteen lineitem columns made that copy (the strings above all) most of a query's time.
     */
    private PhysicalOperator projectFilteredScan(VecProject project, VecFilter filter, VecTableScan scan) {
        MemoryTable table =
                scan.getTable().unwrapOrThrow(QuiverSchema.CatalogTable.class).table();
        ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), filter.getCondition());
        // a projection of constants still needs the rows: keep one column to carry them
        int[] columns = used.isEmpty() ? new int[] {0} : used.toArray();
        int[] mapping = new int[table.schema().getFields().size()];
        for (int index = 0; index < columns.length; index++) {
            mapping[columns[index]] = index;
        }
        RexNode condition = filter.getCondition().accept(renumber(mapping));
        List<RexNode> projects = new ArrayList<>();
        for (RexNode node : project.getProjects()) {
            projects.add(node.accept(renumber(mapping)));
        }
        return filterThenProject(
                new TableScanOperator(table, columns), condition, projects, fields(project.getRowType()));
    }

    private PhysicalOperator projectFilter(VecProject project, VecFilter filter, PhysicalOperator input) {
        return filterThenProject(input, filter.getCondition(), project.getProjects(), fields(project.getRowType()));
    }

    /**
     * A filter that keeps only the columns the projection above it reads, and that projection: the
     * columns only the condition reads are never copied for the kept rows.
     */
    private static PhysicalOperator filterThenProject(
            PhysicalOperator input, RexNode condition, List<RexNode> projects, List<Field> projected) {
        ImmutableBitSet read = RelOptUtil.InputFinder.bits(projects, null);
        // a projection of constants still needs the rows: keep one column to carry them
        int[] kept = read.isEmpty() ? new int[] {0} : read.toArray();
        int[] mapping = new int[input.outputFields().size()];
        for (int index = 0; index < kept.length; index++) {
            mapping[kept[index]] = index;
        }
        PhysicalOperator filtered =
                new FilterOperator(input, RexToExpr.translate(condition, input.outputFields()), kept);
        List<RexNode> renumbered = new ArrayList<>();
        for (RexNode node : projects) {
            renumbered.add(node.accept(renumber(mapping)));
        }
        return projection(filtered, renumbered, projected);
    }

    /** Rewrites input references {@code i} to {@code mapping[i]}. */
    private static RexShuttle renumber(int[] mapping) {
        return new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(mapping[ref.getIndex()], ref.getType());
            }
        };
    }

    private static List<SortKey> sortKeys(RelCollation order) {
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation collation : order.getFieldCollations()) {
            boolean descending = collation.getDirection().isDescending();
            boolean nullsFirst = collation.nullDirection == RelFieldCollation.NullDirection.FIRST;
            keys.add(new SortKey(collation.getFieldIndex(), descending, nullsFirst));
        }
        return keys;
    }

    private PhysicalOperator sort(VecSort sort) {
        PhysicalOperator operator = build(sort.getInput());
        boolean ordered = !sort.getCollation().getFieldCollations().isEmpty();
        long offset = sort.offset == null ? 0 : RexLiteral.longValue(sort.offset);
        long fetch = sort.fetch == null ? Long.MAX_VALUE : RexLiteral.longValue(sort.fetch);
        if (ordered
                && sort.fetch != null
                && !PercentLimits.isPercent(fetch)
                && fetch <= TopNOperator.MAX_ROWS
                && offset <= TopNOperator.MAX_ROWS - fetch) {
            // ORDER BY … LIMIT k: keep k rows per thread instead of sorting everything
            return new TopNOperator(operator, sortKeys(sort.getCollation()), offset, fetch);
        }
        if (ordered) {
            operator = new SortOperator(operator, sortKeys(sort.getCollation()));
        }
        if (sort.offset != null || sort.fetch != null) {
            operator = PercentLimits.isPercent(fetch)
                    ? LimitOperator.percent(operator, offset, PercentLimits.percent(fetch))
                    : new LimitOperator(operator, offset, fetch);
        }
        return operator;
    }

    private PhysicalOperator sample(VecSample sample) {
        SampleSpec spec = sample.spec();
        PhysicalOperator input = build(sample.getInput());
        OptionalLong seed = spec.seed() == null ? OptionalLong.empty() : OptionalLong.of(spec.seed());
        return switch (spec.method()) {
            case BERNOULLI -> SampleOperator.bernoulli(input, spec.size().doubleValue(), seed);
            case SYSTEM -> SampleOperator.system(input, spec.size().doubleValue(), seed);
            case RESERVOIR ->
                spec.percent()
                        ? SampleOperator.reservoirPercent(input, spec.size().doubleValue(), seed)
                        : SampleOperator.reservoir(
                                input,
                                spec.size()
                                        .min(BigDecimal.valueOf(Integer.MAX_VALUE))
                                        .intValue(),
                                seed);
        };
    }

    /**
     * A hash join, or with no keys a nested-loop join, hashing the input estimated to be smaller.
     * With {@code outputColumns} (ascending) it outputs only those joined columns, where the join
     * allows it ({@link HashJoinOperator#canNarrowOutput}); its inputs are then built for only the
     * columns it reads of them ({@link #buildNeeding}), so a chain of joins gathers each column only
     * as far up as it is read.
     */
    private PhysicalOperator join(Join join, VecHashJoin.Keys joinKeys, int[] outputColumns) {
        boolean buildLeft = buildsLeft(join);
        VecHashJoin.Keys keys = JoinKeyOrder.selectiveFirst(join, joinKeys, buildLeft);
        JoinType type = switch (join.getJoinType()) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
            case SEMI -> JoinType.SEMI;
            case ANTI -> JoinType.ANTI;
            default -> throw QuiverException.internal("no runtime join for " + join.getJoinType(), null);
        };
        if (outputColumns != null && HashJoinOperator.canNarrowOutput(type, buildLeft, keys.remainder() != null)) {
            return narrowedJoin(join, keys, type, buildLeft, outputColumns);
        }
        PhysicalOperator left = build(join.getLeft());
        PhysicalOperator right = build(join.getRight());
        List<Field> joined = new ArrayList<>(left.outputFields());
        joined.addAll(right.outputFields());
        Expr remainder = keys.remainder() == null ? null : RexToExpr.translate(keys.remainder(), joined);
        return HashJoinOperator.create(
                left, right, type, buildLeft, keys.leftKeys(), keys.rightKeys(), keys.nullsEqual(), remainder);
    }

    /** A join narrowed to {@code outputColumns}, over inputs built for the keys and those columns alone. */
    private PhysicalOperator narrowedJoin(
            Join join, VecHashJoin.Keys keys, JoinType type, boolean buildLeft, int[] outputColumns) {
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        ImmutableBitSet.Builder leftNeeded = ImmutableBitSet.builder().addAll(ImmutableIntList.of(keys.leftKeys()));
        ImmutableBitSet.Builder rightNeeded = ImmutableBitSet.builder().addAll(ImmutableIntList.of(keys.rightKeys()));
        for (int column : outputColumns) {
            if (column < leftWidth) {
                leftNeeded.set(column);
            } else {
                rightNeeded.set(column - leftWidth);
            }
        }
        Narrowed left = buildNeeding(join.getLeft(), leftNeeded.build());
        Narrowed right = buildNeeding(join.getRight(), rightNeeded.build());
        int narrowedLeftWidth = left.operator().outputFields().size();
        int[] columns = new int[outputColumns.length];
        for (int index = 0; index < columns.length; index++) {
            int column = outputColumns[index];
            columns[index] = column < leftWidth
                    ? left.mapping()[column]
                    : narrowedLeftWidth + right.mapping()[column - leftWidth];
        }
        return HashJoinOperator.createNarrowed(
                left.operator(),
                right.operator(),
                type,
                buildLeft,
                left.columns(keys.leftKeys()),
                right.columns(keys.rightKeys()),
                keys.nullsEqual(),
                columns);
    }

    /** The operators of a rel built for some of its columns, and where each of its columns is in their output. */
    private record Narrowed(PhysicalOperator operator, int[] mapping) {
        /** {@code columns} of the rel, as columns of the operator's output. */
        int[] columns(int[] relColumns) {
            return Arrays.stream(relColumns).map(column -> mapping[column]).toArray();
        }
    }

    /**
     * The operators of {@code rel} for a consumer that reads only its columns {@code needed}: a
     * hash join then outputs only those (where it can), a projection computes only those; any
     * other rel is built whole. In the mapping, a column not built is -1.
     */
    private Narrowed buildNeeding(RelNode rel, ImmutableBitSet needed) {
        int width = rel.getRowType().getFieldCount();
        int[] kept = needed.isEmpty() ? new int[] {0} : needed.toArray(); // the rows still need a column
        int[] mapping = new int[width];
        if (kept.length < width && !shared.contains(rel)) {
            PhysicalOperator narrowed = null;
            if (rel instanceof VecHashJoin join) {
                narrowed = join(join, VecHashJoin.keys(join), kept);
            } else if (rel instanceof VecProject project) {
                List<RelDataTypeField> fields = project.getRowType().getFieldList();
                narrowed = project((VecProject) project.copy(
                        project.getTraitSet(),
                        project.getInput(),
                        Arrays.stream(kept).mapToObj(project.getProjects()::get).toList(),
                        project.getCluster()
                                .getTypeFactory()
                                .createStructType(Arrays.stream(kept)
                                        .mapToObj(fields::get)
                                        .toList())));
            }
            if (narrowed != null && narrowed.outputFields().size() == kept.length) {
                Arrays.fill(mapping, -1);
                for (int index = 0; index < kept.length; index++) {
                    mapping[kept[index]] = index;
                }
                return new Narrowed(narrowed, mapping);
            }
            if (narrowed != null) {
                return new Narrowed(narrowed, IntStream.range(0, width).toArray());
            }
        }
        return new Narrowed(build(rel), IntStream.range(0, width).toArray());
    }

    /** Whether the hash join of {@code join} builds on its left input: the one estimated smaller. */
    static boolean buildsLeft(Join join) {
        RelMetadataQuery metadata = join.getCluster().getMetadataQuery();
        Double leftRows = metadata.getRowCount(join.getLeft());
        Double rightRows = metadata.getRowCount(join.getRight());
        return leftRows != null && rightRows != null && leftRows < rightRows;
    }

    private List<PhysicalOperator> inputs(SetOp setOp) {
        return setOp.getInputs().stream().map(this::build).toList();
    }

    private PhysicalOperator setOperation(SetOp setOp, SetOperationOperator.Kind kind) {
        return new SetOperationOperator(inputs(setOp), kind, setOp.all, fields(setOp.getRowType()));
    }

    private PhysicalOperator aggregate(VecAggregate aggregate) {
        PhysicalOperator input = build(aggregate.getInput());
        List<Field> output = fields(aggregate.getRowType());
        int[] keys = aggregate.getGroupSet().toArray();
        List<Field> inputFields = fields(aggregate.getInput().getRowType());
        List<Aggregation> aggregations = new ArrayList<>();
        for (int index = 0; index < aggregate.getAggCallList().size(); index++) {
            AggregateCall call = aggregate.getAggCallList().get(index);
            Field field = output.get(keys.length + index);
            Object literal = null;
            if (call.getAggregation() instanceof PythonAggregateSqlFunction python) {
                aggregations.add(pythonAggregation(python, call, field));
                continue;
            }
            Aggregation builtin = AggregateCalls.kernel(call, inputFields, field);
            if (builtin != null) {
                aggregations.add(builtin);
                continue;
            }
            Aggregation.Function function = switch (call.getAggregation().getKind()) {
                case COUNT, REGR_COUNT -> Aggregation.Function.COUNT;
                case SUM -> Aggregation.Function.SUM;
                case SUM0 -> Aggregation.Function.SUM0;
                case MIN -> Aggregation.Function.MIN;
                case MAX -> Aggregation.Function.MAX;
                case ANY_VALUE -> Aggregation.Function.ANY_VALUE;
                case SINGLE_VALUE -> Aggregation.Function.SINGLE_VALUE;
                case LITERAL_AGG -> {
                    RexLiteral constant = (RexLiteral) call.rexList.getFirst();
                    literal = Literals.value(constant, call.getType().getSqlTypeName());
                    yield Aggregation.Function.LITERAL;
                }
                default ->
                    throw QuiverException.internal(
                            "aggregate function " + call.getAggregation().getName() + " reached the runtime", null);
            };
            aggregations.add(new Aggregation(function, call.getArgList(), call.filterArg, field, literal));
        }
        return new HashAggregateOperator(input, keys, output.subList(0, keys.length), aggregations);
    }

    /**
     * A Python aggregate's call. DISTINCT was expanded into a GROUP BY below by the rewrite phase;
     * one that is left (with another DISTINCT aggregate in the same query) is refused here.
     */
    private static Aggregation pythonAggregation(PythonAggregateSqlFunction python, AggregateCall call, Field field) {
        PythonUdf function = python.function();
        if (call.isDistinct()) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "DISTINCT in a call of Python aggregate function "
                            + function.name()
                            + " is not supported in this query shape; compute the distinct values in a "
                            + "subquery (SELECT DISTINCT ...) first");
        }
        if (!call.collation.getFieldCollations().isEmpty()) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "WITHIN GROUP (ORDER BY ...) is not supported for " + "Python aggregate function "
                            + function.name());
        }
        return Aggregation.python(
                new PythonAggregateCall(function.name(), function.registered(), function.pool()),
                call.getArgList(),
                call.filterArg,
                field);
    }
}
