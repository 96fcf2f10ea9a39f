package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.TableLookup;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.StatementTime;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.sql.SqlParameters;
import dev.quiver.engine.sql.SqlParsing;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * A statement prepared once ({@link Session#prepare}) and run many times with new parameter values:
 * a query is planned once per kind of values (their types) and its plan reused, its {@code ?}
 * parameters read at run time; other statements are bound and planned on each execution.
 *
 * <p>A plan is reused only while what it was planned against is unchanged: the catalog's
 * names, columns and Python functions ({@code Catalog.schemaVersion}), the session's settings,
 * and the very table versions it scans (a plan holds the versions it reads, so any change of their
 * rows plans it again). Queries that read files or table functions, or the statement's start
 * instant ({@code now()}), are planned for every execution.
 *
 * <p>THREADING: belongs to the session that prepared it; run it from one thread at a time.
 */
public final class PreparedQuery {
    /** Plans kept per statement (one per kind of values); the least recently used goes first. */
    private static final int MAX_PLANS = 8;

    private final String sql;
    private final int parameterCount;
    private final boolean query;
    private final Map<List<String>, CachedPlan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, CachedPlan> eldest) {
            return size() > MAX_PLANS;
        }
    };
    /** Kinds of values whose parameterized plan failed: they are bound as literals at once. */
    private final Set<List<String>> literalOnly = new HashSet<>();
    /** The catalog's schema version {@link #literalOnly} was found under (a new table may fix it). */
    private long literalOnlyVersion;

    private long plansMade;

    PreparedQuery(String sql) {
        SqlNode statement = SqlParsing.parseStatement(sql); // a syntax error is reported when preparing
        this.sql = sql;
        this.parameterCount = SqlParameters.count(statement);
        this.query = statement.isA(SqlKind.QUERY);
    }

    /** The statement's text. */
    public String sql() {
        return sql;
    }

    /** The number of parameters ({@code ?}, {@code $n}): values an execution takes. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Whether it is a query, whose plan is reused (other statements are planned on each execution). */
    public boolean isQuery() {
        return query;
    }

    /** How many times a plan was made for it: once per kind of values while nothing changes. */
    public synchronized long plansMade() {
        return plansMade;
    }

    /** What one execution runs: the plan and its parameters' values as the plan reads them. */
    record Bound(PlannedQuery plan, List<Object> parameters) {}

    /**
     * The plan for {@code values}: a cached one when its catalog, settings and tables are still the
     * ones it was planned against, else a new one ({@code planner} plans a parsed statement in the
     * running statement's context).
     *
     * @param schemaVersion the catalog's {@code schemaVersion()}, read before anything is planned
     * @param settings the session's settings fingerprint
     * @param lookup the tables the statement reads (its transaction)
     */
    synchronized Bound bind(
            List<?> values,
            long schemaVersion,
            Object settings,
            TableLookup lookup,
            Function<SqlNode, PlannedQuery> planner) {
        List<String> key = SqlParameters.planKey(values); // also checks every value's type
        if (literalOnlyVersion != schemaVersion) {
            literalOnly.clear();
            literalOnlyVersion = schemaVersion;
        }
        CachedPlan cached = plans.get(key);
        if (cached != null && cached.validFor(schemaVersion, settings, lookup)) {
            return new Bound(cached.plan(), runtimeValues(values));
        }
        plans.remove(key);
        if (!literalOnly.contains(key)) {
            AtomicBoolean instantRead = new AtomicBoolean();
            PlannedQuery plan;
            try {
                plansMade++;
                SqlNode statement = SqlParsing.parseStatement(sql);
                SqlParameters.bindTypes(statement, values);
                plan = ScopedValue.where(StatementTime.INSTANT_READ, instantRead)
                        .call(() -> planner.apply(statement));
            } catch (RuntimeException e) {
                if (e instanceof QuiverException quiver && quiver.code() == ErrorCode.CANCELLED) {
                    throw e;
                }
                // a parameter where the planner needs a constant (LIMIT ?, a format string …): plan
                // with literals from now on; a real error in the statement is reported by that plan
                literalOnly.add(key);
                return bindLiterals(values, planner);
            }
            if (!instantRead.get() && plan.tablesRead() != null) {
                plans.put(key, new CachedPlan(plan, schemaVersion, settings, plan.tablesRead()));
            }
            return new Bound(plan, runtimeValues(values));
        }
        return bindLiterals(values, planner);
    }

    private Bound bindLiterals(List<?> values, Function<SqlNode, PlannedQuery> planner) {
        plansMade++;
        PlannedQuery plan = planner.apply(SqlParameters.bind(SqlParsing.parseStatement(sql), values));
        return new Bound(plan, List.of());
    }

    /**
     * The values a parameterized plan reads, in {@code LiteralExpr}'s representation of the type
     * {@link SqlParameters#bindTypes} gave them; null for parameters bound as literals (the plan
     * never reads those).
     */
    private static List<Object> runtimeValues(List<?> values) {
        List<Object> runtime = new ArrayList<>(values.size());
        for (Object value : values) {
            runtime.add(
                    !SqlParameters.staysParameter(value)
                            ? null
                            : switch (value) {
                                case LocalDate date -> date.toEpochDay();
                                case Byte tiny -> (long) tiny;
                                case Short small -> (long) small;
                                case Integer integer -> (long) integer;
                                case Float real -> (double) real;
                                case BigDecimal decimal -> decimal;
                                default -> value; // Boolean, Long, Double, String
                            });
        }
        return runtime;
    }

    /** A plan and what it was planned against. */
    private record CachedPlan(PlannedQuery plan, long schemaVersion, Object settings, List<MemoryTable> tables) {
        boolean validFor(long currentVersion, Object currentSettings, TableLookup lookup) {
            if (currentVersion != schemaVersion || !currentSettings.equals(settings)) {
                return false;
            }
            for (MemoryTable table : tables) {
                // the same version object: the statement's transaction holds it, so its rows stay alive
                Optional<MemoryTable> current = lookup.table(table.name());
                if (current.isEmpty() || current.get() != table) {
                    return false;
                }
            }
            return true;
        }
    }
}
