package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Finds DuckDB's {@code COLUMNS(…)} star expressions in parse trees: the planner expands a select
 * item that holds one into one item per column (or, for {@code *COLUMNS(…)}, into the arguments of
 * the call around it), so such an item gets no name of its own first.
 */
public final class ColumnsCalls {
    /**
     * The quoted function name that stands for DuckDB's {@code *COLUMNS(…)} (the columns as the
     * arguments of the call around it) in the text the grammar reads; as wide as {@code *COLUMNS}.
     */
    static final String UNPACK_MARK = "\"*unpck\"";

    private ColumnsCalls() {}

    /** Whether {@code call} is a (not yet resolved) call of COLUMNS, unpacked ({@code *COLUMNS}) or not. */
    public static boolean isColumnsCall(SqlCall call) {
        return call.getOperator() instanceof SqlUnresolvedFunction function
                && function.getNameAsId().isSimple()
                && (function.getName().toLowerCase(Locale.ROOT).equals("columns") || isUnpacked(call));
    }

    /** Whether {@code call} is DuckDB's {@code *COLUMNS(…)}, whose columns become arguments of the call around it. */
    public static boolean isUnpacked(SqlCall call) {
        return call.getOperator() instanceof SqlUnresolvedFunction function
                && function.getNameAsId().isSimple()
                && UNPACK_MARK.equals('"' + function.getName() + '"');
    }

    /** The distinct COLUMNS calls in {@code node} (distinct by their text), outside subqueries. */
    public static List<SqlCall> in(SqlNode node) {
        Map<String, SqlCall> calls = new LinkedHashMap<>();
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect) {
                    return null;
                }
                if (isColumnsCall(call)) {
                    calls.putIfAbsent(call.toString(), call);
                    return null;
                }
                return super.visit(call);
            }
        });
        return new ArrayList<>(calls.values());
    }
}
