package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.AttachedDatabase;
import dev.quiver.engine.catalog.Catalog;
import dev.quiver.engine.catalog.FunctionCatalog;
import dev.quiver.engine.catalog.MacroCatalog;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.catalog.QuiverSchema;
import dev.quiver.engine.catalog.TableLookup;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.ConstantFolder;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.function.CastRules;
import dev.quiver.engine.function.DuckDbDivide;
import dev.quiver.engine.function.DuckDbSyntax;
import dev.quiver.engine.function.FunctionRegistry;
import dev.quiver.engine.function.IntervalAvg;
import dev.quiver.engine.function.NestedCast;
import dev.quiver.engine.function.PythonFunctionTable;
import dev.quiver.engine.function.WindowFilters;
import dev.quiver.engine.plan.metadata.PrecompiledMetadataHandlers;
import dev.quiver.engine.plan.metadata.QuiverMetadata;
import dev.quiver.engine.plan.rel.VecAggregate;
import dev.quiver.engine.plan.rel.VecFileScan;
import dev.quiver.engine.plan.rel.VecRel;
import dev.quiver.engine.plan.rel.VecTableFunctionScan;
import dev.quiver.engine.plan.rel.VecTableScan;
import dev.quiver.engine.plan.rules.CalciteRules;
import dev.quiver.engine.plan.rules.FiltersAboveSetOps;
import dev.quiver.engine.plan.rules.JoinKeyFilterTransferRule;
import dev.quiver.engine.plan.rules.JoinOrImpliedFiltersRule;
import dev.quiver.engine.plan.rules.JoinUnionPushdown;
import dev.quiver.engine.plan.rules.QuiverRules;
import dev.quiver.engine.source.AttachedSchema;
import dev.quiver.engine.source.DuckDbReader;
import dev.quiver.engine.sql.CalciteDefaults;
import dev.quiver.engine.sql.ColumnNames;
import dev.quiver.engine.sql.DuckDbQueryRules;
import dev.quiver.engine.sql.LambdaCaptures;
import dev.quiver.engine.sql.LateralTableFunctions;
import dev.quiver.engine.sql.ListQuantifiedComparisons;
import dev.quiver.engine.sql.OrderDefaults;
import dev.quiver.engine.sql.OuterJoinTableFunctions;
import dev.quiver.engine.sql.RowSubqueryComparisons;
import dev.quiver.engine.sql.SampleClauses;
import dev.quiver.engine.sql.SemiJoins;
import dev.quiver.engine.sql.SqlParameters;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.StructFieldReferences;
import dev.quiver.engine.sql.TableArguments;
import dev.quiver.udf.NullHandling;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.AggregateReduceFunctionsRule;
import org.apache.calcite.rel.rules.PruneEmptyRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.RelBuilder;

/**
 * Plans one query, phase by phase: validate → convert to relational algebra → logical rewrite
 * (subquery removal, decorrelation, simplification) → physical planning into {@link VecRel}s →
 * translation into runtime operators ({@link PhysicalPlanBuilder}). Parsing happens before, in
 * the session. Each phase is one method; errors leave as {@link QuiverException}s with the
 * position of the offending text.
 *
 * <p>A planner is cheap and used for one statement (Calcite's validator is stateful).
 */
public final class QueryPlanner {
    static {
        CalciteDefaults.install(); // before any Calcite class reads its defaults
    }

    /**
     * Rewrites that leave the hash aggregate only simple aggregates to compute (see VecAggregate):
     * AVG, STDDEV_*, VAR_*, COVAR_* become SUM/COUNT arithmetic (SUM itself is not reduced: the
     * runtime has it, and the reduction's CASE would only cost time); COUNT(DISTINCT x) becomes a
     * GROUP BY x below a COUNT. The _TO_JOIN variant is chosen because it also rewrites one DISTINCT
     * call mixed with plain ones into two stacked aggregates; the default variant would use
     * grouping sets there. Grouping sets become one aggregate over every key, expanded per set
     * (GroupingSetsExpandRule), or else a UNION ALL of plain aggregates.
     */
    private static final List<RelOptRule> AGGREGATE_REWRITES = List.of(
            reduceAggregateFunctionsExceptSum(),
            CalciteRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES_TO_JOIN,
            QuiverRules.GROUPING_SETS_EXPAND,
            CalciteRules.AGGREGATE_GROUPING_SETS_TO_UNION);

    /**
     * Window functions: each projection with {@code … OVER (…)} becomes a projection of the
     * arguments, a LogicalWindow (one group per window specification) and a projection of the
     * results; then the window keeps only the columns used above it or by its calls (the field
     * trimmer does not see through windows, and the window holds all of its input in memory).
     */
    private static final List<RelOptRule> WINDOW_REWRITES = List.of(
            CalciteRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW,
            CalciteRules.PROJECT_WINDOW_TRANSPOSE,
            QuiverRules.WINDOW_CONSTANT_ARGUMENT);

    /**
     * Reads through DuckDB become source scans, then take in the columns and filters DuckDB can
     * apply itself. Last, so that filters have already been pushed through joins; the projection
     * rules are here again because trimming leaves projections between filters and scans.
     */
    private static final List<RelOptRule> SOURCE_PUSHDOWN = List.of(
            QuiverRules.SOURCE_SCAN,
            CalciteRules.FILTER_PROJECT_TRANSPOSE,
            CalciteRules.PROJECT_MERGE,
            CalciteRules.PROJECT_REMOVE,
            QuiverRules.FILTER_INTO_SOURCE_SCAN,
            QuiverRules.PROJECT_INTO_SOURCE_SCAN,
            QuiverRules.PROJECT_FILTER_INTO_SOURCE_SCAN,
            QuiverRules.AGGREGATE_INTO_SOURCE_SCAN);

    /**
     * Simplification with filters pushed into and through joins, semi/anti joins for IN, EXISTS
     * and NOT EXISTS, and the factors shared by an OR's branches pulled out of it.
     */
    private static final List<RelOptRule> SIMPLIFICATIONS = List.of(
            CalciteRules.FILTER_MERGE,
            CalciteRules.PROJECT_MERGE,
            CalciteRules.PROJECT_REMOVE,
            CalciteRules.FILTER_PROJECT_TRANSPOSE,
            CalciteRules.FILTER_REDUCE_EXPRESSIONS,
            QuiverRules.FILTER_DATE_COMPARISON,
            CalciteRules.PROJECT_REDUCE_EXPRESSIONS,
            CalciteRules.FILTER_INTO_JOIN,
            CalciteRules.JOIN_CONDITION_PUSH,
            CalciteRules.JOIN_PUSH_EXPRESSIONS,
            CalciteRules.PROJECT_TO_SEMI_JOIN,
            CalciteRules.JOIN_TO_SEMI_JOIN,
            QuiverRules.LEFT_JOIN_IS_NULL_TO_ANTI_JOIN,
            QuiverRules.JOIN_OUTER_INPUT_TO_INNER,
            QuiverRules.FILTER_PULL_OR_FACTORS,
            QuiverRules.JOIN_PULL_OR_FACTORS,
            QuiverRules.FILTER_PYTHON_UDF_TRANSPOSE);

    /**
     * The simplifications again, and filters pushed below set operations and GROUP BYs (on group
     * keys), branches that a filter empties pruned: for the plans {@link FiltersAboveSetOps} finds
     * something in (a CTE's UNION ALL filtered by each of its references). Made on first use: few
     * statements need it, and Calcite's PruneEmptyRules makes ~20 rules when first touched.
     */
    private static final class SetOpPushdown {
        static final List<RelOptRule> RULES = Stream.concat(
                        SIMPLIFICATIONS.stream(),
                        Stream.of(
                                CalciteRules.FILTER_SET_OP_TRANSPOSE,
                                CalciteRules.FILTER_AGGREGATE_TRANSPOSE,
                                PruneEmptyRules.UNION_INSTANCE,
                                PruneEmptyRules.MINUS_INSTANCE,
                                PruneEmptyRules.INTERSECT_INSTANCE,
                                PruneEmptyRules.PROJECT_INSTANCE,
                                PruneEmptyRules.FILTER_INSTANCE,
                                PruneEmptyRules.AGGREGATE_INSTANCE,
                                PruneEmptyRules.JOIN_LEFT_INSTANCE,
                                PruneEmptyRules.JOIN_RIGHT_INSTANCE))
                .toList();
    }

    /**
     * The filters {@link JoinKeyFilterTransferRule} adds, moved down as far as filters go: through
     * projections, GROUP BYs (on keys), set operations and into joins.
     */
    private static final List<RelOptRule> TRANSFERRED_FILTER_PUSHDOWN = List.of(
            CalciteRules.FILTER_MERGE,
            CalciteRules.FILTER_PROJECT_TRANSPOSE,
            CalciteRules.FILTER_AGGREGATE_TRANSPOSE,
            CalciteRules.FILTER_SET_OP_TRANSPOSE,
            CalciteRules.FILTER_INTO_JOIN,
            CalciteRules.PROJECT_MERGE,
            CalciteRules.PROJECT_REMOVE);

    private static final List<RelOptRule> SET_OPS_TO_AGGREGATES =
            List.of(CalciteRules.UNION_TO_DISTINCT, CalciteRules.INTERSECT_TO_DISTINCT, CalciteRules.MINUS_TO_DISTINCT);

    /**
     * IN, EXISTS and scalar subqueries out of expressions: first EXISTS whose correlation the
     * decorrelator would answer by recomputing the outer query, as semi joins; then Calcite's
     * subquery removal, into Correlates (decorrelated next) or joins.
     */
    private static final List<List<RelOptRule>> SUBQUERY_REMOVAL = List.of(
            List.of(QuiverRules.EXISTS_TO_SEMI_JOIN),
            List.of(
                    CalciteRules.FILTER_SUB_QUERY_TO_CORRELATE,
                    CalciteRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                    CalciteRules.JOIN_SUB_QUERY_TO_CORRELATE));

    /**
     * Join ordering by estimated result sizes (table row counts and column distinct counts feed the
     * estimates, see {@code plan.metadata}): first the projections between joins merged away and
     * DISTINCTs below semi joins dropped; then, bottom up, adjacent joins become one MultiJoin,
     * which GreedyJoinOrderRule expands again into a possibly bushy tree, smallest intermediate
     * results first (MultiJoins with outer joins go to Calcite's LoptOptimizeJoinRule, left-deep);
     * last the projections the new order leaves merged. One program: the plan enters a Hep graph once.
     */
    private static final HepProgram JOIN_ORDER = new HepProgramBuilder()
            .addRuleCollection(List.of(
                    CalciteRules.PROJECT_MERGE, CalciteRules.PROJECT_REMOVE, QuiverRules.SEMI_JOIN_DISTINCT_REMOVE))
            .addMatchOrder(HepMatchOrder.BOTTOM_UP)
            .addRuleInstance(CalciteRules.JOIN_TO_MULTI_JOIN)
            .addRuleInstance(QuiverRules.GREEDY_JOIN_ORDER)
            .addRuleInstance(CalciteRules.MULTI_JOIN_OPTIMIZE)
            .addMatchOrder(HepMatchOrder.DEPTH_FIRST)
            .addRuleCollection(List.of(CalciteRules.PROJECT_MERGE, CalciteRules.PROJECT_REMOVE))
            .build();

    /** Every rule of {@link #JOIN_ORDER}, for the check that one of them can fire. */
    private static final List<RelOptRule> JOIN_ORDER_RULES = List.of(
            CalciteRules.PROJECT_MERGE,
            CalciteRules.PROJECT_REMOVE,
            QuiverRules.SEMI_JOIN_DISTINCT_REMOVE,
            CalciteRules.JOIN_TO_MULTI_JOIN,
            QuiverRules.GREEDY_JOIN_ORDER,
            CalciteRules.MULTI_JOIN_OPTIMIZE);

    /** Selective SEMI joins moved below the projections and inner joins under them: see the rules. */
    private static final List<RelOptRule> SEMI_JOIN_PUSHDOWN =
            List.of(QuiverRules.SELECTIVE_SEMI_JOIN_PROJECT_TRANSPOSE, QuiverRules.SELECTIVE_SEMI_JOIN_JOIN_TRANSPOSE);

    /**
     * After join ordering: GROUP BYs reduced by the semi joins their joins imply, selective semi
     * joins moved down ({@link #SEMI_JOIN_PUSHDOWN}), then the projections above them trimmed.
     */
    private static final List<List<RelOptRule>> SEMI_JOIN_REDUCTION = List.of(
            List.of(QuiverRules.AGGREGATE_SEMI_JOIN_REDUCE),
            SEMI_JOIN_PUSHDOWN,
            List.of(QuiverRules.PROJECT_SEMI_JOIN_TRIM));

    /** Case-insensitive names; made once (reading the setting back parses it on every planner). */
    private static final CalciteConnectionConfig CONNECTION_CONFIG = connectionConfig();

    private static CalciteConnectionConfig connectionConfig() {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        return new CalciteConnectionConfigImpl(properties);
    }

    private final boolean sourcePushdown;
    /** Where this planner's time went (one statement: the planner is not reused). */
    private final PlanningPhases phases = new PlanningPhases();

    private final JavaTypeFactoryImpl typeFactory = new QuiverTypeFactory();
    private final CalciteCatalogReader catalogReader;
    /** Views inside views deeper than this are a view that reads itself. */
    private static final int MAX_VIEW_DEPTH = 32;

    private final SqlOperatorTable operators;
    /** The USING KEY columns of the statement's recursive CTEs, by CTE name (set by {@link #validate}). */
    private final Map<String, KeyedRecursiveCtes.CteKeys> recursiveKeys = new HashMap<>();
    /** The database's Python functions: FILTERs of their window calls are rewritten by name. */
    private final FunctionCatalog pythonFunctions;

    private final MacroCatalog macros;
    /** The planning connection's TEMP schema, or null. */
    private final String temporarySchema;

    private final SqlValidator validator;
    private final int batchRows;
    /** How deep views are being expanded inside views: a view that reads itself would not end. */
    private int viewDepth;
    /** Whether the statement calls unnest in a SELECT list (whose unused column still decides the row count). */
    private boolean unnests;

    /**
     * @param files          reads files for read_parquet/read_csv (called only when a query uses them)
     * @param batchRows      the morsel size the plan will run with
     * @param sourcePushdown whether DuckDB-backed scans read only the needed columns and apply filters
     *                       themselves (off: DuckDB returns every column and row, Quiver filters)
     */
    public QueryPlanner(Catalog catalog, Supplier<DuckDbReader> files, int batchRows, boolean sourcePushdown) {
        this(catalog, catalog, files, List::of, batchRows, sourcePushdown);
    }

    /**
     * A planner that reads the tables as {@code tables} (a transaction) sees them.
     *
     * @param pythonInfo the rows of {@code python_info()}, read when a query using it runs
     */
    public QueryPlanner(
            Catalog catalog,
            TableLookup tables,
            Supplier<DuckDbReader> files,
            Supplier<List<List<Object>>> pythonInfo,
            int batchRows,
            boolean sourcePushdown) {
        this(catalog, tables, files, pythonInfo, batchRows, sourcePushdown, null);
    }

    /**
     * A planner for one connection: as above, its TEMP tables, views and macros (internal schema
     * {@code temporarySchema}, null for none) shadowing main's.
     */
    public QueryPlanner(
            Catalog catalog,
            TableLookup tables,
            Supplier<DuckDbReader> files,
            Supplier<List<List<Object>>> pythonInfo,
            int batchRows,
            boolean sourcePushdown,
            String temporarySchema) {
        this.batchRows = batchRows;
        this.sourcePushdown = sourcePushdown;
        this.temporarySchema = temporarySchema;
        CalciteSchema root =
                CalciteSchema.createRootSchema(false, false, "", new QuiverSchema(catalog, tables, temporarySchema));
        this.catalogReader = new CalciteCatalogReader(root, List.of(), typeFactory, CONNECTION_CONFIG);
        this.pythonFunctions = catalog.functions();
        this.macros = catalog.macros();
        // not the catalog reader, which Calcite's own planners chain here for functions a schema
        // defines: no Quiver schema defines any, and asking every schema on the path for each
        // function name a statement calls was ~6 % of validation
        this.operators = SqlOperatorTables.chain(
                FunctionRegistry.operatorTable(files, pythonInfo),
                new PythonFunctionTable(catalog.functions()),
                SqlOperatorTables.of(KeyedRecursiveCtes.RECURRING));
        this.validator = newValidator();
    }

    /** The NULL rule of the Python aggregate function {@code name}, or null when it names none. */
    private NullHandling pythonAggregateNulls(String name) {
        return pythonFunctions
                .function(name)
                .filter(PythonUdf::isAggregate)
                .map(function -> function.registered().definition().nullHandling())
                .orElse(null);
    }

    private SqlValidator newValidator() {
        return new QuiverValidator(
                operators,
                catalogReader,
                typeFactory,
                SqlValidator.Config.DEFAULT
                        .withIdentifierExpansion(true)
                        .withDefaultNullCollation(NullCollation.LAST) // DuckDB: NULLs last, ASC and DESC
                        .withConformance(SqlParsing.CONFORMANCE)
                        .withTypeCoercionRules(CastRules.RULES)
                        .withTypeCoercionFactory(DuckDbTypeCoercion::new),
                phases::checkCancelled);
    }

    /**
     * Makes planning observe a cancel: {@code check} (which throws once the statement is cancelled or
     * outlived statement_timeout) runs between planning phases and at each rewrite rule attempt.
     */
    public QueryPlanner stopWhen(Runnable check) {
        phases.stopWhen(check);
        return this;
    }

    /** Plans a parsed query (SELECT, VALUES, set operations, ORDER BY). */
    public PlannedQuery plan(SqlNode query) {
        SqlNode validated = phases.time("validate", () -> validate(query));
        RelOptCluster cluster = newCluster();
        RelRoot root = phases.time("sql to rel", () -> toRelational(validated, cluster));
        RelNode projected = root.project();
        // the conversion trimmed root.rel; a projection added above it may leave columns unused
        RelNode logical = rewrite(projected, cluster, projected == root.rel);
        RelNode physical = phases.time("physical", () -> toPhysical(logical));
        PhysicalOperator runtime = phases.time("operators", () -> new PhysicalPlanBuilder(batchRows).build(physical));
        return withSources(
                new PlannedQuery(
                        runtime,
                        PhysicalPlanBuilder.fields(physical.getRowType(), root.validatedRowType.getFieldNames()),
                        () -> planText(logical),
                        () -> planText(physical),
                        phases),
                physical);
    }

    /**
     * A cluster for one statement. Its planner holds the trait definitions (the convention) and the
     * constant executor; it plans nothing itself (PhysicalConversion does).
     */
    private RelOptCluster newCluster() {
        VolcanoPlanner volcano = new VolcanoPlanner();
        volcano.addRelTraitDef(ConventionTraitDef.INSTANCE);
        volcano.setExecutor(KernelRexExecutor.INSTANCE);
        RelOptCluster cluster =
                RelOptCluster.create(volcano, new QuiverRexBuilder(typeFactory, phases::checkCancelled));
        cluster.setMetadataProvider(QuiverMetadata.PROVIDER);
        cluster.setMetadataQuerySupplier(PrecompiledMetadataHandlers::newQuery); // no Janino per JVM
        return cluster;
    }

    /** One column of a query as DESCRIBE tells it: the result field and the table column it reads, if any. */
    public record DescribedColumn(Field field, MemoryTable table, String tableColumn) {}

    /**
     * The columns a parsed query returns, without running or optimising it, each with the catalog
     * table column it passes on unchanged (see {@link ColumnLineage}), for DESCRIBE.
     */
    public List<DescribedColumn> describe(SqlNode query) {
        SqlNode validated = validate(query);
        RelRoot root = toRelational(validated, newCluster());
        RelNode projected = root.project();
        List<Field> fields = PhysicalPlanBuilder.fields(projected.getRowType(), root.validatedRowType.getFieldNames());
        List<DescribedColumn> columns = new ArrayList<>(fields.size());
        for (int column = 0; column < fields.size(); column++) {
            ColumnLineage.TableColumn origin = ColumnLineage.origin(projected, column);
            columns.add(
                    origin == null
                            ? new DescribedColumn(fields.get(column), null, null)
                            : new DescribedColumn(
                                    fields.get(column),
                                    origin.table(),
                                    origin.table()
                                            .schema()
                                            .getFields()
                                            .get(origin.column())
                                            .getName()));
        }
        return columns;
    }

    /**
     * Records on {@code plan} the catalog table versions {@code physical} scans, and whether it also
     * reads something whose contents or columns are only known when it runs (files, attached
     * databases, table functions).
     */
    private static PlannedQuery withSources(PlannedQuery plan, RelNode physical) {
        List<MemoryTable> tables = new ArrayList<>();
        boolean[] other = new boolean[1];
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof VecTableScan scan) {
                    QuiverSchema.CatalogTable table = scan.getTable().unwrap(QuiverSchema.CatalogTable.class);
                    if (table == null) {
                        other[0] = true;
                    } else {
                        tables.add(table.table());
                    }
                } else if (node instanceof VecFileScan || node instanceof VecTableFunctionScan) {
                    other[0] = true;
                }
                super.visit(node, ordinal, parent);
            }
        }.go(physical);
        return plan.withSources(tables, other[0]);
    }

    /** A plan as EXPLAIN shows it. */
    private static String planText(RelNode plan) {
        return RelOptUtil.toString(plan, SqlExplainLevel.EXPPLAN_ATTRIBUTES);
    }

    /**
     * {@code rows} with each column whose type is not its table column's cast to it. Calcite's
     * assignment rules let nested values through uncast when only their elements' types differ
     * ({@code INT[3]} into a {@code BIGINT[3]} or {@code VARCHAR[3]} column); the cast converts the
     * elements and reports a value that does not fit.
     */
    private RelNode castToColumns(RelNode rows, RelDataType columns) {
        List<RelDataTypeField> sources = rows.getRowType().getFieldList();
        List<RelDataTypeField> targets = columns.getFieldList();
        if (sources.size() != targets.size()) {
            return rows;
        }
        RexBuilder rexBuilder = rows.getCluster().getRexBuilder();
        List<RexNode> projects = new ArrayList<>(sources.size());
        boolean cast = false;
        for (int index = 0; index < sources.size(); index++) {
            RelDataType source = sources.get(index).getType();
            RelDataType target =
                    typeFactory.createTypeWithNullability(targets.get(index).getType(), source.isNullable());
            RexNode column = rexBuilder.makeInputRef(rows, index);
            if (source.getSqlTypeName() == SqlTypeName.NULL
                    || SqlTypeUtil.equalSansNullability(typeFactory, source, target)) {
                projects.add(column);
            } else {
                NestedCast.requireMatchingMembers(source, target);
                projects.add(rexBuilder.makeCast(target, column, true, false));
                cast = true;
            }
        }
        return cast
                ? LogicalProject.create(
                        rows, List.of(), projects, rows.getRowType().getFieldNames(), Set.of())
                : rows;
    }

    /**
     * Plans {@code INSERT INTO t …}: the rows to insert, already cast to the table's column types,
     * and the target table.
     */
    public PlannedInsert planInsert(SqlInsert insert) {
        nameAllColumns(insert);
        SqlNode validated = validate(insert);
        RelOptCluster cluster = newCluster();
        RelRoot root = toRelational(validated, cluster);
        if (!(root.rel instanceof TableModify modify)) {
            throw QuiverException.internal("INSERT did not plan to a table modification: " + root.rel, null);
        }
        AttachedSchema.AttachedTable attached = modify.getTable().unwrap(AttachedSchema.AttachedTable.class);
        if (attached != null) {
            throw AttachedDatabase.readOnly(attached.alias(), "insert into " + attached.qualifiedName());
        }
        MemoryTable table =
                modify.getTable().unwrapOrThrow(QuiverSchema.CatalogTable.class).table();
        RelNode logical =
                rewrite(castToColumns(modify.getInput(), modify.getTable().getRowType()), cluster, false);
        RelNode physical = toPhysical(logical);
        PlannedQuery rows = new PlannedQuery(
                new PhysicalPlanBuilder(batchRows).build(physical),
                PhysicalPlanBuilder.fields(physical.getRowType()),
                () -> planText(logical),
                () -> planText(physical),
                phases);
        return new PlannedInsert(table, rows);
    }

    /**
     * The SQL type the validator infers for each {@code ?} of a query or an INSERT (in order; null where
     * the context fixes no type, as in {@code SELECT ?}); every entry null for other statements.
     *
     * @throws QuiverException when the statement is invalid for another reason (an unknown table, …)
     */
    public List<SqlTypeName> parameterTypes(SqlNode statement) {
        return parameterRelTypes(statement).stream()
                .map(type -> type == null ? null : type.getSqlTypeName())
                .toList();
    }

    /** As {@link #parameterTypes}, with precision and scale (a DECIMAL parameter's digits). */
    public List<RelDataType> parameterRelTypes(SqlNode statement) {
        List<SqlDynamicParam> parameters = SqlParameters.of(statement);
        List<RelDataType> types = new ArrayList<>(Collections.nCopies(parameters.size(), (RelDataType) null));
        if (!statement.isA(SqlKind.QUERY) && !(statement instanceof SqlInsert)) {
            return types;
        }
        if (statement instanceof SqlInsert insert) {
            nameAllColumns(insert);
        }
        try {
            validate(statement);
        } catch (QuiverException e) {
            if (e.getMessage() != null && e.getMessage().contains("dynamic parameter")) {
                return types; // a ? whose type nothing fixes: valid once a value is bound
            }
            throw e;
        }
        for (int index = 0; index < parameters.size(); index++) {
            RelDataType type = validator.getValidatedNodeTypeIfKnown(parameters.get(index));
            if (type != null
                    && type.getSqlTypeName() != SqlTypeName.UNKNOWN
                    && type.getSqlTypeName() != SqlTypeName.NULL) {
                types.set(index, type);
            }
        }
        return types;
    }

    /**
     * Gives an INSERT without a column list the list of all the table's columns, so that the
     * validator checks the number of values: the lenient conformance Quiver parses with would
     * otherwise fill missing trailing columns with NULL (DuckDB refuses) and fail on extra ones.
     */
    private void nameAllColumns(SqlInsert insert) {
        if (!(insert.getTargetTable() instanceof SqlIdentifier target)) {
            return;
        }
        Prepare.PreparingTable table = catalogReader.getTable(target.names);
        if (table == null) {
            return; // the validator reports the unknown table
        }
        if (insert.getTargetColumnList() == null) {
            SqlParserPos position = target.getParserPosition();
            SqlNodeList columns = new SqlNodeList(position);
            for (String column : table.getRowType().getFieldNames()) {
                columns.add(new SqlIdentifier(column, position));
            }
            insert.setOperand(3, columns);
        }
        QuiverSchema.CatalogTable stored = table.unwrap(QuiverSchema.CatalogTable.class);
        if (stored != null) {
            InsertDefaults.expand(insert, stored.table());
        }
    }

    /** The SQL type a DDL type spelling names; an unknown name is an error at its position. */
    public RelDataType resolveType(SqlDataTypeSpec spec) {
        try {
            return spec.deriveType(validator);
        } catch (CalciteContextException e) {
            throw ValidationErrors.translate(e);
        } catch (RuntimeException e) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "unknown type " + spec,
                    spec.getParserPosition().getLineNum(),
                    spec.getParserPosition().getColumnNum(),
                    e);
        }
    }

    /** Phase 1: names, types, implicit casts. */
    SqlNode validate(SqlNode query) {
        ColumnNames.name(query); // before the rewrites below, so names show the query as written
        OrderDefaults.rewrite(query); // default_order, default_null_order: once, before anything reads a key
        MacroExpansion.rewrite(query, macros, temporarySchema);
        SemiJoins.rewrite(query);
        StructFieldReferences.rewrite(query);
        RowSubqueryComparisons.rewrite(query);
        ListQuantifiedComparisons.rewrite(query);
        DuckDbQueryRules.check(query);
        AmbiguousUsingColumns.check(query, this::columnNames);
        MergedUsingColumns.rewrite(query);
        recursiveKeys.putAll(KeyedRecursiveCtes.keys(query));
        KeyedRecursiveCtes.markRecurring(query);
        DuckDbDivide.rewrite(query);
        DuckDbSyntax.rewrite(query);
        UnionsByName.rewrite(query, this::columnNames);
        ColumnsExpressions.rewrite(query, this::columnNames, this::constantValue);
        PositionalReferences.rewrite(query, this::columnNames);
        RecursiveCteTypes.rewrite(query, this::rowType);
        WindowFilters.rewritePython(query, this::pythonAggregateNulls);
        AllColumns.rewrite(query, this::isAggregateCall, this::columnNames);
        LateralTableFunctions.rewrite(query);
        OuterJoinTableFunctions.rewrite(query);
        TableArgumentCalls.rewrite(query, operators);
        LambdaCaptures.rewrite(query);
        SqlNode validated;
        try {
            validated = validator.validate(query);
        } catch (CalciteContextException e) {
            throw ValidationErrors.translate(e);
        }
        unnests |= UnnestCalls.checkPlacement(validated);
        SampleClauses.encode(validated);
        return validated;
    }

    /**
     * Calcite's conversion settings, and with unnest in the statement a RelBuilder that neither
     * prunes an aggregate's input nor merges projections away: an unused unnest column still
     * decides the row count.
     */
    private SqlToRelConverter.Config converterConfig(SqlNode validated) {
        // Calcite converts a table argument (TABLE t PARTITION BY k) only when it expands
        // sub-queries (CALCITE-6204): expand in the statements that have one, only there
        SqlToRelConverter.Config config =
                SqlToRelConverter.config().withTrimUnusedFields(true).withExpand(TableArguments.present(validated));
        if (!unnests) {
            return config;
        }
        java.util.function.UnaryOperator<RelBuilder.Config> standard = config.getRelBuilderConfigTransform();
        return config.withRelBuilderConfigTransform(builder ->
                standard.apply(builder).withPruneInputOfAggregate(false).withBloat(-1));
    }

    /** Whether {@code call} names an aggregate function (before validation resolves it). */
    private boolean isAggregateCall(SqlCall call) {
        if (!(call.getOperator() instanceof SqlUnresolvedFunction unresolved)) {
            return false;
        }
        List<SqlOperator> overloads = new ArrayList<>();
        operators.lookupOperatorOverloads(
                unresolved.getNameAsId(),
                null,
                SqlSyntax.FUNCTION,
                overloads,
                SqlNameMatchers.withCaseSensitive(false));
        return overloads.stream().anyMatch(operator -> operator instanceof SqlAggFunction);
    }

    /**
     * The output column names of {@code query} (for ORDER BY ALL and GROUP BY ALL over a star): a copy, read
     * back from its SQL text, is validated on its own, so the statement's nodes stay unvalidated.
     */
    private List<String> columnNames(SqlNode query) {
        return rowType(query).getFieldNames();
    }

    /** The row type of a query that stands alone, after the rewrites that change its columns. */
    private RelDataType rowType(SqlNode query) {
        SqlNode copy =
                SqlParsing.parseStatement(query.toSqlString(SqlParsing.DIALECT).getSql());
        OrderDefaults.rewrite(copy); // removes ASC marks; the directions do not change the row type
        DuckDbDivide.rewrite(copy);
        DuckDbSyntax.rewrite(copy);
        UnionsByName.rewrite(copy, this::columnNames);
        ColumnsExpressions.rewrite(copy, this::columnNames, this::constantValue);
        PositionalReferences.rewrite(copy, this::columnNames);
        RecursiveCteTypes.rewrite(copy, this::rowType);
        WindowFilters.rewritePython(copy, this::pythonAggregateNulls);
        LateralTableFunctions.rewrite(copy);
        OuterJoinTableFunctions.rewrite(copy);
        LambdaCaptures.rewrite(copy);
        SqlValidator counting = newValidator();
        try {
            SqlNode validated = counting.validate(copy);
            return counting.getValidatedNodeType(validated);
        } catch (CalciteContextException e) {
            throw ValidationErrors.translate(e);
        }
    }

    /**
     * The value of a constant expression ({@code 'abc' LIKE 'a%'}) computed by the runtime's kernels,
     * as a query would compute it; for rewrites that decide on a value before validation
     * ({@code COLUMNS(c -> c LIKE 'a%')}).
     */
    private Object constantValue(SqlNode expression) {
        SqlNode query = SqlParsing.parseStatement(
                "SELECT " + expression.toSqlString(SqlParsing.DIALECT).getSql());
        OrderDefaults.rewrite(query);
        DuckDbDivide.rewrite(query);
        DuckDbSyntax.rewrite(query);
        SqlValidator constants = newValidator();
        SqlNode validated;
        try {
            validated = constants.validate(query);
        } catch (CalciteContextException e) {
            throw ValidationErrors.translate(e);
        }
        RelOptCluster cluster =
                RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), new QuiverRexBuilder(typeFactory));
        SqlToRelConverter converter = new SqlToRelConverter(
                viewExpander(cluster),
                constants,
                catalogReader,
                cluster,
                NestedCast.CONVERTLETS,
                SqlToRelConverter.config());
        RexNode value = switch (converter.convertQuery(validated, false, true).project()) {
            case Project project -> project.getProjects().getFirst();
            case Values values -> values.getTuples().getFirst().getFirst(); // Calcite folded it already
            default -> throw new QuiverException(ErrorCode.INVALID_QUERY, "not a constant: " + expression);
        };
        return ConstantFolder.evaluate(RexToExpr.translate(value, List.of()));
    }

    /** Phase 2: relational algebra. */
    private RelRoot toRelational(SqlNode validated, RelOptCluster cluster) {
        SqlToRelConverter converter = new UsingJoinConverter(
                viewExpander(cluster),
                validator,
                catalogReader,
                cluster,
                NestedCast.CONVERTLETS,
                converterConfig(validated));
        RelRoot root;
        try {
            root = converter.convertQuery(validated, false, true);
        } catch (CalciteContextException e) {
            throw ValidationErrors.translate(e); // a table argument's PARTITION BY is resolved here
        } catch (RuntimeException e) {
            throw quiverCause(e); // Calcite wraps the error of a view's expansion
        }
        // unnest in every form becomes an operator before the trimmer drops an unused unnest column
        // (which decides the row count) or any rule folds or moves its calls
        RelNode unnested = UnnestCalls.rewrite(root.rel.accept(new ValuesNormalizer()));
        // ASOF joins become operators of their own before any join rule or the trimmer sees them
        unnested = AsofJoinPlanning.rewrite(unnested);
        return root.withRel(converter.trimUnusedFields(true, unnested));
    }

    /**
     * Expands a view (a Calcite ViewTable of {@link QuiverSchema}): its query is parsed, validated
     * with the same tables and functions and converted into the plan in its place, so a view is
     * planned with the tables as they are now (and as the statement's transaction sees them).
     */
    private RelOptTable.ViewExpander viewExpander(RelOptCluster cluster) {
        return (rowType, queryString, schemaPath, viewPath) -> {
            String view = viewPath == null || viewPath.isEmpty() ? "?" : viewPath.getLast();
            if (viewDepth >= MAX_VIEW_DEPTH) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "view " + view + " reads itself, directly or through other views (more than " + MAX_VIEW_DEPTH
                                + " levels deep)");
            }
            viewDepth++;
            try {
                SqlValidator viewValidator = newValidator();
                SqlNode parsed = SqlParsing.parseStatement(queryString);
                OrderDefaults.rewrite(parsed);
                MacroExpansion.rewrite(parsed, macros, temporarySchema);
                DuckDbDivide.rewrite(parsed);
                DuckDbSyntax.rewrite(parsed);
                UnionsByName.rewrite(parsed, this::columnNames);
                ColumnsExpressions.rewrite(parsed, this::columnNames, this::constantValue);
                PositionalReferences.rewrite(parsed, this::columnNames);
                WindowFilters.rewritePython(parsed, this::pythonAggregateNulls);
                AllColumns.rewrite(parsed, this::isAggregateCall, this::columnNames);
                OuterJoinTableFunctions.rewrite(parsed);
                SqlNode validated;
                try {
                    validated = viewValidator.validate(parsed);
                } catch (CalciteContextException e) {
                    QuiverException cause = ValidationErrors.translate(e);
                    throw new QuiverException(
                            cause.code(),
                            "view " + view + " no longer plans: " + cause.getMessage()
                                    + " (CREATE OR REPLACE VIEW or DROP VIEW it)",
                            cause);
                }
                SqlToRelConverter converter = new UsingJoinConverter(
                        viewExpander(cluster),
                        viewValidator,
                        catalogReader,
                        cluster,
                        NestedCast.CONVERTLETS,
                        SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false));
                // as a top query: Calcite drops the ORDER BY of a nested one, then asks for its collation
                RelRoot root = converter.convertQuery(validated, false, true);
                // an ORDER BY on columns the view does not select leaves them in the plan: without
                // them the plan has exactly the view's columns, as Calcite's expansion requires
                return root.isRefTrivial() ? root : RelRoot.of(root.project(), validated.getKind());
            } finally {
                viewDepth--;
            }
        };
    }

    /** The QuiverException that caused {@code error}, if any; else {@code error} itself. */
    private static RuntimeException quiverCause(RuntimeException error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof QuiverException quiver) {
                return quiver;
            }
        }
        return error;
    }

    /**
     * Phase 3: subqueries to joins, decorrelation, unused columns trimmed, simplification with
     * filters pushed into and through joins, semi/anti joins for IN/EXISTS/NOT EXISTS, then join
     * ordering by estimated sizes.
     *
     * @param trimmed whether {@code rel} is the conversion's trimmed plan as it is (then the first
     *                trim here is skipped if no step before it changed the plan)
     */
    private RelNode rewrite(RelNode rel, RelOptCluster cluster, boolean trimmed) {
        RelNode withoutSubqueries;
        try {
            // first EXISTS whose correlation the decorrelator would answer by recomputing the outer query
            withoutSubqueries = hepPasses("subqueries", rel, SUBQUERY_REMOVAL);
        } catch (AssertionError e) {
            // Calcite's SubQueryRemoveRule builds an invalid Correlate for a subquery nested in
            // another that reads several of the outer query's columns ("Required columns {0, 1}
            // not subset of left columns {0}"): the same shape refuseCorrelates refuses
            throw nestedCorrelation(e);
        }
        RelBuilder relBuilder =
                RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(cluster, catalogReader);
        RelBuilder trimBuilder = QuiverFieldTrimmer.withoutSimplify(relBuilder);
        RelNode decorrelated =
                phases.time("decorrelate", () -> RelDecorrelator.decorrelateQuery(withoutSubqueries, relBuilder));
        // recursive CTEs keep their working table in the operator, not in spools (subqueries
        // are joins by now, so none hides in an expression)
        decorrelated = RecursiveCtes.prepare(decorrelated, recursiveKeys);
        // ASOF joins that were inside subqueries (the first pass does not enter them)
        decorrelated = AsofJoinPlanning.rewrite(decorrelated);
        // lateral Python table function calls: correlates no decorrelation can remove
        decorrelated = PythonTableFunctionCalls.rewrite(decorrelated);
        refuseCorrelates(decorrelated);
        // sum(BOOLEAN) sums INTEGERs (after decorrelation: subqueries are joins by now)
        decorrelated = BooleanSums.rewrite(decorrelated);
        // window functions (RexOver in projections) become Window rels of their own, Python
        // aggregates' arguments cast to the declared types first
        decorrelated = hep("windows and aggregates", PythonWindowArguments.rewrite(decorrelated), WINDOW_REWRITES);
        // before any rule can copy, merge or fold a Python call, each becomes a column of its own
        decorrelated = PythonUdfExtraction.extract(decorrelated);
        // then, after DISTINCT expansion moved arguments around, Python aggregates get their declared types
        decorrelated = hepPasses(
                "windows and aggregates",
                decorrelated,
                List.of(AGGREGATE_REWRITES, List.of(QuiverRules.PYTHON_AGGREGATE_ARGUMENT_CAST)));
        // a CTE that aggregates, referenced more than once, stays one subplan (computed once);
        // before trimming, which could trim each reference differently
        RelNode unpinned = decorrelated;
        RelNode pinned = phases.time("shared ctes", () -> SharedCtes.pin(unpinned));
        RelNode toTrim = pinned;
        // trimming a plan the conversion trimmed, and no step changed since, would give it back
        // as it is (~0.5 ms); the unnest operators are the exception: only Quiver's trimmer sees
        // through them
        RelNode trimmedAgain = trimmed && toTrim == rel && !UnnestCalls.present(rel)
                ? rel
                : phases.time("trim", () -> new QuiverFieldTrimmer(validator, trimBuilder).trim(toTrim));
        RelNode simplified = hep("simplify", trimmedAgain, SIMPLIFICATIONS);
        if (JoinOrImpliedFiltersRule.applies(simplified)) {
            // an OR across a join's inputs implies a filter on each; simplify again to push them down
            simplified = hepPasses(
                    "simplify", simplified, List.of(List.of(QuiverRules.JOIN_OR_IMPLIED_FILTERS), SIMPLIFICATIONS));
        }
        if (pinned != unpinned) {
            // each reference's own filters now stand on it: they decide whether the CTE stays
            // shared, and with which filter inside
            RelNode filtered = simplified;
            RelNode resolved =
                    phases.time("shared ctes", () -> SharedCtes.resolveFilters(filtered, cluster.getRexBuilder()));
            if (resolved != simplified) {
                simplified = hep("shared ctes", resolved, SetOpPushdown.RULES);
            }
        }
        if (FiltersAboveSetOps.present(simplified)) {
            simplified = hep("set op pushdown", simplified, SetOpPushdown.RULES);
        }
        if (JoinKeyFilterTransferRule.applies(simplified)) {
            // a constant condition on one side of a join key holds for the other side's key too;
            // the filters it adds go down through GROUP BYs and set operations like the others
            RelNode transferred = hep("key filter transfer", simplified, List.of(QuiverRules.JOIN_KEY_FILTER_TRANSFER));
            if (transferred != simplified) {
                simplified = hep("key filter transfer", transferred, TRANSFERRED_FILTER_PUSHDOWN);
            }
        }
        // UNION, INTERSECT and EXCEPT (distinct) as GROUP BYs over a UNION ALL (INTERSECT and
        // EXCEPT: of each input's distinct rows, counting the inputs each row is in): the
        // aggregates drop duplicates in parallel as the rows stream in, where the set operation's
        // one hash table took every row of every input and walked them on one thread (TPC-DS q14:
        // 2.9 M sales rows of a few thousand brand/class/category triples; q75: 5 M rows)
        // first the chains of binary UNIONs the parser makes (a UNION b UNION c) as one UNION of
        // all inputs: else each link would become a GROUP BY of its own, every row hashed once
        // per link (TPC-DS q75's three channels)
        simplified = hepPasses(
                "set op pushdown", simplified, List.of(List.of(CalciteRules.UNION_MERGE), SET_OPS_TO_AGGREGATES));
        // anti joins leave NOT EXISTS's TRUE marker unused; trimming it bares the DISTINCT below
        RelNode toRetrim = simplified;
        RelNode retrimmed = phases.time("trim", () -> new QuiverFieldTrimmer(validator, trimBuilder).trim(toRetrim));
        RelNode ordered = hep("join order", retrimmed, JOIN_ORDER_RULES, JOIN_ORDER);
        // a GROUP BY joined with few rows aggregates only the groups the join can match; then
        // selective semi joins go below the inner joins they make smaller
        ordered = hepPasses("semi join reduction", ordered, SEMI_JOIN_REDUCTION);
        // a GROUP BY of fact rows by dimension columns sums the fact rows per join key first
        // (after the semi join reduction, which would only add a semi join with an unfiltered dimension)
        ordered = hep("eager aggregation", ordered, List.of(QuiverRules.AGGREGATE_PARTIAL_PUSHDOWN));
        // a filtered dimension joined with a UNION ALL joins each input (after eager aggregation,
        // which then still sees the join it sums below)
        if (JoinUnionPushdown.present(ordered)) {
            ordered = hep(
                    "union pushdown",
                    ordered,
                    List.of(QuiverRules.JOIN_UNION_TRANSPOSE_LEFT, QuiverRules.JOIN_UNION_TRANSPOSE_RIGHT));
        }
        RelNode pushed =
                hep("source pushdown", ordered, sourcePushdown ? SOURCE_PUSHDOWN : List.of(QuiverRules.SOURCE_SCAN));
        return pinned != unpinned ? SharedCtes.unpin(pushed) : pushed;
    }

    /** Runs {@code rules} over {@code rel} to a fixed point; the time counts as phase {@code phase}. */
    private RelNode hep(String phase, RelNode rel, List<RelOptRule> rules) {
        return hepPasses(phase, rel, List.of(rules));
    }

    /**
     * Runs each of {@code passes} over {@code rel} to a fixed point, one after the other, in one Hep
     * planner: as separate planners would, but the plan is copied into a planner's graph and out
     * again once, and its metadata is kept from one pass to the next (see {@link PassMetadata}).
     */
    private RelNode hepPasses(String phase, RelNode rel, List<List<RelOptRule>> passes) {
        HepProgramBuilder program = new HepProgramBuilder();
        passes.forEach(program::addRuleCollection);
        return hep(phase, rel, passes.stream().flatMap(List::stream).toList(), program.build());
    }

    /**
     * Runs {@code program} over {@code rel}, unless none of its {@code rules} can fire on any
     * operator of the plan; the time counts as phase {@code phase}.
     */
    private RelNode hep(String phase, RelNode rel, List<RelOptRule> rules, HepProgram program) {
        return phases.time(phase, () -> {
            if (!RulePrecheck.anyMatches(rel, rules)) {
                return rel; // no rule can fire: the planner would return the same plan, slower
            }
            HepPlanner planner = new HepPlanner(program);
            // a collection runs to a fixed point, trying every rule on every rel again after each
            // change: without the cache a rule that matched and changed nothing (ReduceExpressions
            // on an already simple filter, with its costly pulled-up predicates) runs again each time
            planner.setEnableFiredRulesCache(true);
            ProductionCounter productions = new ProductionCounter(phases);
            planner.addListener(productions);
            planner.setRoot(rel);
            RelNode best;
            try (PassMetadata metadata = new PassMetadata(rel.getCluster(), planner)) {
                planner.addListener(metadata);
                best = planner.findBestExp();
            }
            // a pass in which no rule produced anything returns copies of the same operators: the
            // original lets later phases see that nothing changed
            return productions.count == 0 ? rel : best;
        });
    }

    /**
     * Counts the rule firings of a Hep pass that produced a new operator, and checks for a cancel at
     * each rule attempt (a pass over a plan of many joins can run long, and Calcite's Hep planner
     * never looks at a cancel flag itself).
     */
    private static final class ProductionCounter implements RelOptListener {
        private final PlanningPhases phases;
        private int count;

        ProductionCounter(PlanningPhases phases) {
            this.phases = phases;
        }

        @Override
        public void ruleProductionSucceeded(RuleProductionEvent event) {
            if (event.isBefore()) {
                count++;
            }
        }

        @Override
        public void relEquivalenceFound(RelEquivalenceEvent event) {}

        @Override
        public void ruleAttempted(RuleAttemptedEvent event) {
            phases.checkCancelled();
        }

        @Override
        public void relDiscarded(RelDiscardedEvent event) {}

        @Override
        public void relChosen(RelChosenEvent event) {}
    }

    private static RelOptRule reduceAggregateFunctionsExceptSum() {
        EnumSet<SqlKind> reduced = EnumSet.copyOf(AggregateReduceFunctionsRule.Config.DEFAULT_FUNCTIONS_TO_REDUCE);
        reduced.remove(SqlKind.SUM);
        return AggregateReduceFunctionsRule.Config.DEFAULT
                .withFunctionsToReduce(reduced)
                // avg(INTERVAL) has its own kernel: SUM / COUNT has no meaning for intervals here
                .withExtraCondition(call -> !IntervalAvg.averagesIntervals(call))
                .toRule();
    }

    /** Phase 4: Quiver's physical convention. */
    private static RelNode toPhysical(RelNode logical) {
        RelNode physical = new PhysicalConversion().convert(logical);
        if (physical == null) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "this query uses an operation Quiver cannot run yet: " + firstUnsupported(logical));
        }
        return physical;
    }

    /**
     * Refuses a plan that still correlates (a correlated subquery inside another subquery, which
     * Calcite's decorrelator leaves): no Vec rule runs a Correlate, and trimming such a plan could
     * mis-number its columns (an AssertionError before toPhysical would refuse it).
     */
    private static void refuseCorrelates(RelNode rel) {
        if (rel instanceof LogicalCorrelate) {
            throw nestedCorrelation(null);
        }
        rel.getInputs().forEach(QueryPlanner::refuseCorrelates);
    }

    private static QuiverException nestedCorrelation(Throwable cause) {
        return new QuiverException(
                ErrorCode.UNSUPPORTED,
                "this query uses an operation Quiver cannot run yet: Correlate (a correlated subquery nested"
                        + " in another subquery; a join or a CTE can often say the same)",
                cause);
    }

    /** The name of the first logical operator no Vec rule converts, for the error message. */
    private static String firstUnsupported(RelNode rel) {
        for (RelNode input : rel.getInputs()) {
            String inner = firstUnsupported(input);
            if (inner != null) {
                return inner;
            }
        }
        if (rel instanceof LogicalAggregate aggregate) {
            return VecAggregate.unsupported(aggregate); // null: supported
        }
        String name = rel.getRelTypeName();
        return List.of(
                                "LogicalTableScan",
                                "LogicalValues",
                                "LogicalFilter",
                                "LogicalProject",
                                "LogicalSort",
                                "LogicalTableFunctionScan",
                                "LogicalSourceScan",
                                "LogicalJoin",
                                "LogicalAsofJoin",
                                "LogicalUnion",
                                "LogicalIntersect",
                                "LogicalMinus",
                                "LogicalWindow",
                                "LogicalRepeatUnion")
                        .contains(name)
                ? null
                : name.replace("Logical", "");
    }
}
