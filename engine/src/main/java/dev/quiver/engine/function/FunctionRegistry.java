package dev.quiver.engine.function;

import dev.quiver.engine.source.DuckDbReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * The functions Quiver's SQL knows: Calcite's standard ones, with DuckDB's meaning where the two
 * differ ({@code /} and the {@link BuiltinFunctions} that replace a standard operator), the built-in
 * functions Quiver defines itself, and Quiver's own table functions.
 */
public final class FunctionRegistry {
    /** Standard operators Quiver replaces with a DuckDB-compatible twin of the same name. */
    private static final List<SqlOperator> REPLACED = replaced();

    private FunctionRegistry() {}

    private static List<SqlOperator> replaced() {
        List<SqlOperator> replaced = new ArrayList<>(BuiltinFunctions.replaced());
        replaced.add(SqlStdOperatorTable.DIVIDE);
        replaced.add(SqlStdOperatorTable.MOD); // DuckDbOperators.ARITHMETIC_FUNCTIONS has mod(a, b)
        replaced.addAll(RankingOperators.STANDARD);
        replaced.add(SqlStdOperatorTable.SUM);
        replaced.add(SqlStdOperatorTable.AVG);
        return List.copyOf(replaced);
    }

    /**
     * The operator table for checking names only: {@code python_info()} there reports no state.
     * File functions read through {@code files}.
     */
    public static SqlOperatorTable operatorTable(Supplier<DuckDbReader> files) {
        return operatorTable(files, List::of);
    }

    /**
     * The operator table the validator resolves names against; file functions read through
     * {@code files}, {@code python_info()} through {@code pythonInfo}.
     */
    public static SqlOperatorTable operatorTable(
            Supplier<DuckDbReader> files, Supplier<List<List<Object>>> pythonInfo) {
        // the table functions bound to this database come last, as they always have: the order of
        // overloads a lookup returns is the order of the tables
        return SqlOperatorTables.chain(
                FIXED,
                SqlOperatorTables.of(
                        FileTableFunction.parquet(files),
                        FileTableFunction.csv(files),
                        PythonInfoFunction.of(pythonInfo)));
    }

    /**
     * The operators that are the same for every database, made and indexed once: the planner of
     * each statement used to rebuild this table (hundreds of operators) for itself.
     */
    private static final SqlOperatorTable FIXED = opaque(fixedOperators());

    /**
     * Upper-case names of the built-in functions called without parentheses ({@code CURRENT_DATE},
     * {@code USER}): the only operators a bare identifier can call. Python functions, macros and
     * table functions always take parentheses.
     */
    private static final Set<String> NILADIC = FIXED.getOperatorList().stream()
            .filter(operator -> operator.getSyntax() == SqlSyntax.FUNCTION_ID
                    || operator.getSyntax() == SqlSyntax.FUNCTION_ID_CONSTANT)
            .map(operator -> operator.getName().toUpperCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Whether a bare identifier {@code name} (compared ignoring case) may be a call of a built-in
     * function without parentheses; the validator asks for every identifier, and the lookup through
     * every operator table, the schema's functions included, cost ~4 % of planning a TPC-H query.
     */
    public static boolean mayBeNiladic(String name) {
        return NILADIC.contains(name.toUpperCase(Locale.ROOT));
    }

    /**
     * {@code table} behind a plain interface: Calcite's {@code SqlOperatorTables.chain} flattens a
     * chained table and copies the operator list of each list table it meets (to drop empty ones),
     * hundreds of operators twice per statement; an opaque table is taken as it is. Lookups and the
     * operator list are the same, in the same order.
     */
    private static SqlOperatorTable opaque(SqlOperatorTable table) {
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(
                    SqlIdentifier name,
                    SqlFunctionCategory category,
                    SqlSyntax syntax,
                    List<SqlOperator> operators,
                    SqlNameMatcher matcher) {
                int before = operators.size();
                table.lookupOperatorOverloads(name, category, syntax, operators, matcher);
                if (operators.size() - before > 1) {
                    keepCalledKind(operators.subList(before, operators.size()), category);
                }
            }

            @Override
            public List<SqlOperator> getOperatorList() {
                return table.getOperatorList();
            }
        };
    }

    /**
     * A name that is both a table function and a scalar function ({@code range}, {@code
     * generate_series}) means the table function in FROM and the scalar one elsewhere, as in DuckDB.
     */
    private static void keepCalledKind(List<SqlOperator> found, SqlFunctionCategory category) {
        boolean inFrom = category == SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION;
        boolean tables = found.stream().anyMatch(operator -> operator instanceof SqlTableFunction);
        boolean scalars = found.stream().anyMatch(operator -> !(operator instanceof SqlTableFunction));
        if (tables && scalars) {
            found.removeIf(operator -> (operator instanceof SqlTableFunction) != inFrom);
        }
    }

    private static SqlOperatorTable fixedOperators() {
        List<SqlOperator> own = new ArrayList<>(BuiltinFunctions.ownOperators());
        own.addAll(RankingOperators.OWN);
        own.add(BooleanSum.INSTANCE);
        own.add(IntervalAvg.INSTANCE);
        own.addAll(List.of(
                DuckDbDivide.INSTANCE,
                // a ILIKE b and DuckDB's ~~* (case-insensitive LIKE), which the grammar builds
                SqlLibraryOperators.ILIKE,
                SqlLibraryOperators.NOT_ILIKE,
                // translate(s, from, to): the grammar builds this operator (StringBuiltins runs it)
                SqlLibraryOperators.TRANSLATE3,
                // TRY_CAST(x AS type): the grammar builds this operator (RexToExpr runs it)
                SqlLibraryOperators.TRY_CAST,
                DuckDbOperators.IF,
                DuckDbOperators.IFNULL,
                DuckDbOperators.CURRENT_TIMESTAMP,
                NestedSyntax.STRUCT_PACK,
                NestedSyntax.STRUCT_INSERT,
                NestedSyntax.STRUCT_UPDATE,
                RangeFunction.RANGE,
                RangeFunction.GENERATE_SERIES));
        own.addAll(DuckDbOperators.ARITHMETIC_FUNCTIONS);
        return SqlOperatorTables.chain(standardWithoutReplaced(), SqlOperatorTables.of(own));
    }

    /**
     * Calcite's standard table minus {@link #REPLACED}: the validator re-resolves every operator by
     * name when it derives types, so the twin must be the only operator of its name.
     */
    private static SqlOperatorTable standardWithoutReplaced() {
        SqlOperatorTable standard = SqlStdOperatorTable.instance();
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(
                    SqlIdentifier name,
                    SqlFunctionCategory category,
                    SqlSyntax syntax,
                    List<SqlOperator> operators,
                    SqlNameMatcher matcher) {
                List<SqlOperator> found = new ArrayList<>();
                standard.lookupOperatorOverloads(name, category, syntax, found, matcher);
                found.removeAll(REPLACED);
                operators.addAll(found);
            }

            @Override
            public List<SqlOperator> getOperatorList() {
                List<SqlOperator> all = new ArrayList<>(standard.getOperatorList());
                all.removeAll(REPLACED);
                return all;
            }
        };
    }
}
