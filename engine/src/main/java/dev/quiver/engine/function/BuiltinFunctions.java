package dev.quiver.engine.function;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlOperator;

/**
 * The registry of built-in functions: every {@link BuiltinFunction}, found by the operator the
 * validator resolved a call to (identity, never by name) when the planner builds its kernel, and
 * listed for the validator's operator table, SHOW FUNCTIONS and docs/sql.md.
 *
 * <p>Adding a function is one definition in {@code MathBuiltins}, {@code StringBuiltins},
 * {@code DateBuiltins}, {@code OperatorBuiltins}, {@code NestedBuiltins}, {@code NestedConstructors}, {@code SessionBuiltins} or
 * {@code AggregateBuiltins} (plus its kernel, when no existing one or a
 * lambda over {@code DoubleKernelExpr}/{@code LongKernelExpr}/{@code RowKernelExpr} fits), then
 * regenerating docs/sql.md's list ({@code BuiltinFunctionDocs}).
 */
public final class BuiltinFunctions {
    private static final List<BuiltinFunction> ALL = collect();
    private static final Map<SqlOperator, BuiltinFunction> BY_OPERATOR = index(ALL);

    private BuiltinFunctions() {}

    private static List<BuiltinFunction> collect() {
        List<BuiltinFunction> all = new ArrayList<>();
        all.addAll(MathBuiltins.definitions());
        all.addAll(StringBuiltins.definitions());
        all.addAll(DateBuiltins.definitions());
        all.addAll(DateTimeBuiltins.definitions());
        all.addAll(OperatorBuiltins.definitions());
        all.addAll(AggregateBuiltins.definitions());
        all.addAll(NestedBuiltins.definitions());
        all.addAll(VectorBuiltins.definitions());
        all.addAll(ListPickBuiltins.definitions());
        all.addAll(NestedConstructors.definitions());
        all.addAll(SessionBuiltins.definitions());
        all.sort(Comparator.comparing(BuiltinFunction::kind).thenComparing(BuiltinFunction::name));
        Set<String> names = new HashSet<>();
        for (BuiltinFunction function : all) {
            for (String name : function.names()) {
                // a table function may share its name with a scalar one (range): FROM picks the table one
                String key = (function.kind() == BuiltinFunction.Kind.TABLE ? "table " : "") + name;
                if (function.kind() != BuiltinFunction.Kind.OPERATOR && !names.add(key)) {
                    throw new IllegalStateException("built-in function " + name + " is defined twice");
                }
            }
        }
        return List.copyOf(all);
    }

    private static Map<SqlOperator, BuiltinFunction> index(List<BuiltinFunction> all) {
        Map<SqlOperator, BuiltinFunction> byOperator = new IdentityHashMap<>();
        for (BuiltinFunction function : all) {
            for (SqlOperator operator : function.operators()) {
                if (byOperator.put(operator, function) != null) {
                    throw new IllegalStateException("operator " + operator + " belongs to two built-in functions");
                }
            }
        }
        return byOperator;
    }

    /** Every built-in: scalar functions, operators, table functions, then aggregates, each by name. */
    public static List<BuiltinFunction> all() {
        return ALL;
    }

    /** The built-in a validated call's operator belongs to, or null (an operator translated by kind, a UDF). */
    public static BuiltinFunction forOperator(SqlOperator operator) {
        return BY_OPERATOR.get(operator);
    }

    /** The (first) operator of the built-in named {@code name}, for rewrites that call it. */
    public static SqlOperator operator(String name) {
        return ALL.stream()
                .filter(function -> function.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no built-in named " + name))
                .operators()
                .getFirst();
    }

    /** The operators of Quiver's own definitions (not Calcite's standard ones), for the operator table. */
    static List<SqlOperator> ownOperators() {
        List<SqlOperator> own = new ArrayList<>();
        for (BuiltinFunction function : ALL) {
            own.addAll(function.ownOperators());
        }
        return own;
    }

    /** Calcite standard operators that an own definition replaces. */
    static List<SqlOperator> replaced() {
        List<SqlOperator> replaced = new ArrayList<>();
        for (BuiltinFunction function : ALL) {
            replaced.addAll(function.replaces());
        }
        return replaced;
    }
}
