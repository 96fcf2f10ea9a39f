package dev.quiver.engine.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlPostfixOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's {@code default_order} (ASC or DESC) and {@code default_null_order} settings: the direction
 * and the place of NULLs of every sort key written without them — ORDER BY, a window's ORDER BY, an
 * aggregate's ORDER BY or WITHIN GROUP — and of {@code list_sort}, {@code list_reverse_sort} and
 * {@code list_grade_up} without those arguments.
 *
 * <p>The session binds {@link #CURRENT} around each statement; {@link #rewrite} runs once on a parsed
 * statement before validation and spells the defaults out where they differ from Quiver's built-in
 * ones (ascending, NULLs last), so the validator and everything after it see explicit keys. The
 * grammar keeps an explicit {@code ASC} as a call of {@link #EXPLICIT_ASC}, which the rewrite always
 * removes: it must not turn into DESC.
 *
 * @param descending whether keys without a direction sort descending
 * @param nullOrder where keys without NULLS FIRST/LAST put NULLs
 */
public record OrderDefaults(boolean descending, NullOrder nullOrder) {
    /** The running statement's defaults. */
    public static final ScopedValue<OrderDefaults> CURRENT = ScopedValue.newInstance();

    /** DuckDB's (and Quiver's) defaults: ascending, NULLs last. */
    public static final OrderDefaults DUCKDB = new OrderDefaults(false, NullOrder.NULLS_LAST);

    /** An ORDER BY key written with ASC; only between parsing and {@link #rewrite}. */
    public static final SqlPostfixOperator EXPLICIT_ASC = new SqlPostfixOperator(
            "ASC", SqlKind.OTHER, 20, ReturnTypes.ARG0, InferTypes.RETURN_TYPE, OperandTypes.ANY);

    private static final Set<String> LIST_SORTS =
            Set.of("list_sort", "array_sort", "list_grade_up", "array_grade_up", "grade_up");
    private static final SqlUnresolvedFunction LIST_SORT = new SqlUnresolvedFunction(
            new SqlIdentifier("list_sort", SqlParserPos.ZERO),
            null,
            null,
            null,
            null,
            SqlFunctionCategory.USER_DEFINED_FUNCTION);
    private static final Set<String> LIST_REVERSE_SORTS = Set.of("list_reverse_sort", "array_reverse_sort");

    /** DuckDB's {@code default_null_order} values. */
    public enum NullOrder {
        NULLS_FIRST,
        NULLS_LAST,
        NULLS_FIRST_ON_ASC_LAST_ON_DESC,
        NULLS_LAST_ON_ASC_FIRST_ON_DESC;

        /** Whether NULLs come first in a key sorted {@code descending}. */
        boolean first(boolean descending) {
            return switch (this) {
                case NULLS_FIRST -> true;
                case NULLS_LAST -> false;
                case NULLS_FIRST_ON_ASC_LAST_ON_DESC -> !descending;
                case NULLS_LAST_ON_ASC_FIRST_ON_DESC -> descending;
            };
        }

        /**
         * The value {@code SET default_null_order = text} names, spelled as DuckDB accepts it (also
         * {@code nulls first}, {@code first}, {@code sqlite}, {@code mysql}, {@code postgres}).
         */
        public static NullOrder parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "nulls_first", "nulls first", "null first", "first" -> NULLS_FIRST;
                case "nulls_last", "nulls last", "null last", "last" -> NULLS_LAST;
                case "nulls_first_on_asc_last_on_desc", "sqlite", "mysql" -> NULLS_FIRST_ON_ASC_LAST_ON_DESC;
                case "nulls_last_on_asc_first_on_desc", "postgres" -> NULLS_LAST_ON_ASC_FIRST_ON_DESC;
                default ->
                    throw new IllegalArgumentException("Unrecognized parameter for option NULL_ORDER \"" + text
                            + "\", expected either NULLS FIRST, NULLS LAST, SQLite, MySQL or Postgres");
            };
        }
    }

    /** The value {@code SET default_order = text} names: ASC or DESC (also ascending, descending). */
    public static String parseOrder(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "asc", "ascending" -> "ASC";
            case "desc", "descending" -> "DESC";
            default ->
                throw new IllegalArgumentException(
                        "Unrecognized parameter for option DEFAULT_ORDER \"" + text + "\". Expected ASC or DESC.");
        };
    }

    /** The bound defaults, or DuckDB's outside a session (tools, tests). */
    public static OrderDefaults current() {
        return CURRENT.isBound() ? CURRENT.get() : DUCKDB;
    }

    /**
     * Spells out the current defaults in {@code statement}'s sort keys and removes the
     * {@link #EXPLICIT_ASC} marks, in place. Run it once per parse: a second run would read a key
     * whose ASC it removed as one without a direction.
     */
    public static void rewrite(SqlNode statement) {
        OrderDefaults defaults = current();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                switch (call) {
                    case SqlSelect select -> defaults.spellOut(select.getOrderList());
                    case SqlOrderBy orderBy -> defaults.spellOut(orderBy.orderList);
                    case SqlWindow window -> defaults.spellOut(window.getOrderList());
                    case SqlBasicCall basic
                    when basic.getKind() == SqlKind.WITHIN_GROUP -> defaults.spellOut((SqlNodeList) basic.operand(1));
                    case SqlBasicCall basic
                    when basic.getOperator() instanceof SqlUnresolvedFunction
                            || basic.getOperator().isAggregator() -> {
                        // an aggregate's own ORDER BY, string_agg(s, ',' ORDER BY k): a list operand
                        for (SqlNode operand : basic.getOperandList()) {
                            if (operand instanceof SqlNodeList keys) {
                                defaults.spellOut(keys);
                            }
                        }
                    }
                    default -> {}
                }
                return super.visit(call);
            }
        });
        if (!defaults.builtIn()) {
            InPlaceRewrite.replace(statement, (node, parent) -> {
                SqlNode sorted = defaults.listSort(node);
                return sorted == node ? null : sorted;
            });
        }
    }

    private boolean builtIn() {
        return equals(DUCKDB);
    }

    private void spellOut(SqlNodeList keys) {
        if (keys == null) {
            return;
        }
        for (int index = 0; index < keys.size(); index++) {
            keys.set(index, spelledOut(keys.get(index)));
        }
    }

    /** {@code key} with this direction and NULL order where it states none, and no ASC mark. */
    private SqlNode spelledOut(SqlNode key) {
        SqlKind nulls =
                key.getKind() == SqlKind.NULLS_FIRST || key.getKind() == SqlKind.NULLS_LAST ? key.getKind() : null;
        SqlNode directed = nulls == null ? key : ((SqlCall) key).operand(0);
        SqlParserPos pos = key.getParserPosition();
        boolean descending;
        SqlNode expression;
        if (directed.getKind() == SqlKind.DESCENDING) {
            descending = true;
            expression = ((SqlCall) directed).operand(0);
        } else if (directed instanceof SqlCall call && call.getOperator() == EXPLICIT_ASC) {
            descending = false;
            expression = call.operand(0);
        } else if (builtIn()) {
            return key; // Calcite's defaults are DuckDB's
        } else {
            descending = this.descending;
            expression = directed;
        }
        SqlNode result = descending ? SqlStdOperatorTable.DESC.createCall(pos, expression) : expression;
        if (nulls != null) {
            return (nulls == SqlKind.NULLS_FIRST ? SqlStdOperatorTable.NULLS_FIRST : SqlStdOperatorTable.NULLS_LAST)
                    .createCall(pos, result);
        }
        if (builtIn()) {
            return result;
        }
        return (nullOrder.first(descending) ? SqlStdOperatorTable.NULLS_FIRST : SqlStdOperatorTable.NULLS_LAST)
                .createCall(pos, result);
    }

    /**
     * {@code node}, or when it is {@code list_sort(l)} or a relative, the call with the defaults as
     * arguments: DuckDB's sort a list by the session's defaults too ({@code list_reverse_sort} the
     * other way round).
     */
    private SqlNode listSort(SqlNode node) {
        if (!(node instanceof SqlBasicCall call)
                || !(call.getOperator() instanceof SqlUnresolvedFunction)
                || call.operandCount() == 0) {
            return node;
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        boolean reverse = LIST_REVERSE_SORTS.contains(name);
        if (!reverse && !LIST_SORTS.contains(name)) {
            return node;
        }
        SqlParserPos pos = call.getParserPosition();
        SqlNode list = call.operand(0);
        List<SqlNode> operands;
        if (reverse) {
            // DuckDB's list_reverse_sort sorts against default_order
            if (call.operandCount() > 2) {
                return node;
            }
            SqlNode nulls = call.operandCount() == 2
                    ? call.operand(1)
                    : SqlLiteral.createCharString(nullsText(!descending), pos);
            return LIST_SORT.createCall(
                    pos, list, SqlLiteral.createCharString(descending ? "ASC" : "DESC", pos), nulls);
        } else if (call.operandCount() == 1) {
            operands = List.of(
                    list,
                    SqlLiteral.createCharString(descending ? "DESC" : "ASC", pos),
                    SqlLiteral.createCharString(nullsText(descending), pos));
        } else if (call.operandCount() == 2 && call.operand(1) instanceof SqlLiteral direction) {
            String text = direction.toValue();
            boolean written = text != null && text.equalsIgnoreCase("DESC");
            operands = List.of(list, direction, SqlLiteral.createCharString(nullsText(written), pos));
        } else {
            return node;
        }
        return call.getOperator().createCall(pos, operands);
    }

    private String nullsText(boolean descending) {
        return nullOrder.first(descending) ? "NULLS FIRST" : "NULLS LAST";
    }
}
