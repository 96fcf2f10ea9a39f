package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SelectNodes;
import dev.quiver.engine.sql.SqlKeyedWithItem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's additions to recursive CTEs, before validation: the key columns of {@code USING KEY (k,
 * …)} (carried by name to {@link RecursiveCtes}, which gives them to the recursive union), and
 * {@code recurring.t} in the recursive term, which reads the whole result so far instead of the last
 * round's rows.
 *
 * <p>Calcite resolves only the CTE's own name inside its recursive term, and converts every such
 * reference into a scan of the working table. So {@code recurring.t [AS a]} becomes {@code (SELECT *
 * FROM t WHERE quiver_recurring()) AS a}: the validator types it as the CTE, and after conversion
 * {@link RecursiveCtes} turns the scan under that marker filter into a scan of the result so far.
 */
final class KeyedRecursiveCtes {
    /** The marker of a {@code recurring.t} reference; never reaches execution. */
    static final SqlFunction RECURRING =
            new SqlFunction(
                    "quiver_recurring",
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.BOOLEAN,
                    null,
                    OperandTypes.NILADIC,
                    SqlFunctionCategory.SYSTEM) {
                @Override
                public boolean isDeterministic() {
                    return false; // no rule may fold the marker away before RecursiveCtes finds it
                }
            };

    private static final String RECURRING_SCHEMA = "recurring";

    private KeyedRecursiveCtes() {}

    /**
     * The USING KEY of one CTE.
     *
     * @param keys    the key columns' names as written
     * @param columns the CTE's column list, or null when it has none (then the seed names the columns)
     */
    record CteKeys(List<String> keys, List<String> columns) {}

    /**
     * The key column names of each recursive CTE with USING KEY in {@code statement}, by CTE name.
     *
     * @throws QuiverException when two CTEs of the same name have different keys (the name is what
     *     links the keys to the plan)
     */
    static Map<String, CteKeys> keys(SqlNode statement) {
        Map<String, CteKeys> keys = new HashMap<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlKeyedWithItem item && item.recursive.booleanValue()) {
                    List<String> columns = item.columnList == null
                            ? null
                            : item.columnList.stream()
                                    .map(column -> ((SqlIdentifier) column).getSimple())
                                    .toList();
                    CteKeys names = new CteKeys(
                            item.keys().stream()
                                    .map(key -> keyName(key, item.name.getSimple()))
                                    .toList(),
                            columns);
                    CteKeys before = keys.putIfAbsent(item.name.getSimple(), names);
                    if (before != null && !before.equals(names)) {
                        throw new QuiverException(
                                ErrorCode.UNSUPPORTED,
                                "two recursive CTEs named " + item.name.getSimple()
                                        + " with different USING KEY columns: rename one");
                    }
                }
                return super.visit(call);
            }
        });
        return keys;
    }

    /** The column a USING KEY names: {@code k} or {@code t.k}, where {@code t} is the CTE. */
    private static String keyName(SqlIdentifier key, String cte) {
        if (key.names.size() == 2 && key.names.getFirst().equalsIgnoreCase(cte)) {
            return key.names.getLast();
        }
        if (key.names.size() > 1) {
            String table = String.join(".", key.names.subList(0, key.names.size() - 1));
            throw new QuiverException(
                    ErrorCode.UNKNOWN_TABLE,
                    "Referenced table \"" + table + "\" not found! (USING KEY of " + cte + " names its own columns)",
                    key.getParserPosition().getLineNum(),
                    key.getParserPosition().getColumnNum(),
                    null);
        }
        return key.getSimple();
    }

    /**
     * Rewrites each {@code recurring.t} in the recursive term of a recursive CTE {@code t}, in place.
     *
     * @throws QuiverException when the statement calls the marker itself: it is Quiver's, not a function
     */
    static void markRecurring(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getOperator() instanceof SqlUnresolvedFunction function
                        && function.getName().equalsIgnoreCase(RECURRING.getName())) {
                    throw new QuiverException(
                            ErrorCode.UNKNOWN_FUNCTION,
                            "No function matches the given name: " + function.getName()
                                    + " (it is Quiver's internal marker of recurring.t in a recursive CTE)",
                            call.getParserPosition().getLineNum(),
                            call.getParserPosition().getColumnNum(),
                            null);
                }
                if (call instanceof SqlWith with) {
                    for (SqlNode node : with.withList) {
                        SqlWithItem item = (SqlWithItem) node;
                        if (item.recursive.booleanValue()
                                && item.query instanceof SqlBasicCall union
                                && union.getKind() == SqlKind.UNION
                                && union.operandCount() == 2) {
                            union.operand(1).accept(stepVisitor(item.name.getSimple()));
                        }
                    }
                }
                return super.visit(call);
            }
        });
    }

    /** Rewrites the FROM clauses under a recursive term that name {@code recurring.<cte>}. */
    private static SqlBasicVisitor<Void> stepVisitor(String cte) {
        return new SqlBasicVisitor<>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    select.setFrom(rewriteFrom(select.getFrom(), cte));
                }
                return super.visit(call);
            }
        };
    }

    private static SqlNode rewriteFrom(SqlNode from, String cte) {
        if (from instanceof SqlJoin join) {
            join.setLeft(rewriteFrom(join.getLeft(), cte));
            join.setRight(rewriteFrom(join.getRight(), cte));
            return join;
        }
        if (from.getKind() == SqlKind.AS && from instanceof SqlCall as) {
            if (isRecurring(as.operand(0), cte)) {
                as.setOperand(0, marked(cte, as.operand(0).getParserPosition()));
            }
            return as;
        }
        if (isRecurring(from, cte)) {
            SqlParserPos pos = from.getParserPosition();
            return SqlStdOperatorTable.AS.createCall(pos, marked(cte, pos), new SqlIdentifier(cte, pos));
        }
        return from;
    }

    private static boolean isRecurring(SqlNode node, String cte) {
        return node instanceof SqlIdentifier id
                && id.names.size() == 2
                && id.names.get(0).equalsIgnoreCase(RECURRING_SCHEMA)
                && id.names.get(1).equalsIgnoreCase(cte);
    }

    /** {@code (SELECT * FROM cte WHERE quiver_recurring())}. */
    private static SqlNode marked(String cte, SqlParserPos pos) {
        return SelectNodes.select(
                pos, SqlNodeList.of(SqlIdentifier.star(pos)), new SqlIdentifier(cte, pos), RECURRING.createCall(pos));
    }
}
