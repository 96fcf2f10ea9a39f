package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.SqlStarReplace;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlString;

/**
 * Names the unaliased expressions of every SELECT list as DuckDB does — {@code count_star()},
 * {@code sum(x)}, {@code (a + b)}, {@code CAST(x AS INTEGER)}, {@code 'abc'} — instead of Calcite's
 * {@code EXPR$0}: it gives each such item an alias before validation, so the names reach the shell,
 * CSV/JSON keys, JDBC metadata and CREATE TABLE … AS alike. Column references keep their own
 * name; expressions this class does not know are named by their SQL text.
 *
 * <p>Duplicate names stay as they are at the top level ({@code SELECT count(*), count(*)} has two
 * columns named {@code count_star()}, as in DuckDB); inside a subquery the validator makes them
 * unique ({@code count_star()0}), where DuckDB says {@code count_star()_1}.
 */
public final class ColumnNames {
    /** Type names DuckDB writes in double quotes inside a CAST's name. */
    private static final Set<String> QUOTED_TYPES = Set.of("DOUBLE", "DATE", "TINYINT", "BLOB");

    private ColumnNames() {}

    /**
     * {@code names} made distinct (ignoring case) as DuckDB names the columns of a table or view made
     * from a query: a repeated name gets the first free {@code _1}, {@code _2}, … suffix ({@code x, x,
     * x_1} becomes {@code x, x_1, x_1_1}).
     */
    public static List<String> distinct(List<String> names) {
        Set<String> taken = new HashSet<>();
        List<String> distinct = new ArrayList<>();
        for (String name : names) {
            String unique = name;
            for (int suffix = 1; !taken.add(unique.toLowerCase(Locale.ROOT)); suffix++) {
                unique = name + "_" + suffix;
            }
            distinct.add(unique);
        }
        return distinct;
    }

    /** Gives the unaliased expressions of every SELECT in {@code statement} their DuckDB names, in place. */
    public static void name(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    nameItems(select.getSelectList());
                }
                return super.visit(call);
            }
        });
    }

    private static void nameItems(SqlNodeList items) {
        for (int index = 0; index < items.size(); index++) {
            SqlNode item = items.get(index);
            if (item instanceof SqlIdentifier
                    || item.getKind() == SqlKind.AS
                    || item instanceof SqlStarExclude
                    || item instanceof SqlStarReplace
                    || !ColumnsCalls.in(item).isEmpty()) {
                continue; // a column keeps its name; an alias is the user's; * EXCLUDE / REPLACE and COLUMNS(…) name
                // their columns
            }
            String name = of(item);
            items.set(
                    index,
                    SqlStdOperatorTable.AS.createCall(
                            item.getParserPosition(), item, new SqlIdentifier(name, item.getParserPosition())));
        }
    }

    /** DuckDB's name of an expression. */
    public static String of(SqlNode node) {
        return switch (node) {
            case SqlIdentifier identifier -> identifier.isStar() ? "*" : String.join(".", identifier.names);
            case SqlLiteral literal -> literal(literal);
            case SqlDynamicParam parameter -> "$" + (parameter.getIndex() + 1); // ? and $n, as DuckDB names them
            case SqlDataTypeSpec type -> type(type);
            case SqlNodeList list -> "(" + join(list.getList()) + ")";
            case SqlCase caseCall -> caseName(caseCall);
            case SqlCall call -> call(call);
            default -> text(node);
        };
    }

    private static String literal(SqlLiteral literal) {
        return switch (literal) {
            case SqlCharStringLiteral text ->
                "'" + text.getValueAs(String.class).replace("'", "''") + "'";
            case SqlNumericLiteral number -> number.toValue();
            case SqlUnknownLiteral typed -> typed(typed.tag, typed.getValue());
            default ->
                switch (literal.getTypeName()) {
                    case NULL -> "NULL";
                    case BOOLEAN ->
                        "CAST('" + (Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? "t" : "f")
                                + "' AS BOOLEAN)";
                    case DATE -> "CAST('" + literal.toValue() + "' AS \"DATE\")";
                    case TIMESTAMP -> "CAST('" + literal.toValue() + "' AS TIMESTAMP)";
                    default -> text(literal);
                };
        };
    }

    /** {@code DATE '2020-01-01'} as DuckDB names it: {@code CAST('2020-01-01' AS "DATE")}. */
    private static String typed(String tag, String value) {
        String type = tag.toUpperCase(Locale.ROOT);
        return "CAST('" + value.replace("'", "''") + "' AS " + (QUOTED_TYPES.contains(type) ? '"' + type + '"' : type)
                + ")";
    }

    private static String type(SqlDataTypeSpec spec) {
        String text = text(spec);
        String bare = text.replaceAll("\\(.*", "").strip().toUpperCase(Locale.ROOT);
        if (QUOTED_TYPES.contains(bare)) {
            return "\"" + bare + "\"";
        }
        return text;
    }

    private static String caseName(SqlCase caseCall) {
        StringBuilder name = new StringBuilder("CASE ");
        SqlNode value = caseCall.getValueOperand();
        for (int index = 0; index < caseCall.getWhenOperands().size(); index++) {
            SqlNode when = caseCall.getWhenOperands().get(index);
            String condition = value == null ? of(when) : "(" + of(value) + " = " + of(when) + ")";
            name.append(" WHEN (")
                    .append(condition)
                    .append(") THEN (")
                    .append(of(caseCall.getThenOperands().get(index)))
                    .append(")");
        }
        SqlNode otherwise = caseCall.getElseOperand();
        name.append(" ELSE ").append(otherwise == null ? "NULL" : of(otherwise)).append(" END");
        return name.toString();
    }

    private static String call(SqlCall call) {
        List<SqlNode> operands = call.getOperandList();
        SqlKind kind = call.getKind();
        if (kind == SqlKind.CAST
                && call.getParserPosition().isQuoted()
                && operands.get(0) instanceof SqlDynamicParam parameter) {
            // the cast SqlParameters.bindTypes puts around a parameter (its position quoted) is no part of the name
            return of(parameter);
        }
        return switch (kind) {
            case CAST -> "CAST(" + of(operands.get(0)) + " AS " + of(operands.get(1)) + ")";
            case PLUS,
                    MINUS,
                    TIMES,
                    DIVIDE,
                    MOD,
                    EQUALS,
                    NOT_EQUALS,
                    LESS_THAN,
                    LESS_THAN_OR_EQUAL,
                    GREATER_THAN,
                    GREATER_THAN_OR_EQUAL,
                    AND,
                    OR ->
                operands.size() == 2 && call.getOperator().getSyntax() == SqlSyntax.BINARY
                        ? binary(call, operator(call))
                        : otherCall(call);
            case LIKE -> binary(call, like(call.getOperator().getName()));
            case OVER -> over(call);
            case EXTRACT, TRIM, POSITION -> text(call);
            case IS_DISTINCT_FROM -> binary(call, "IS DISTINCT FROM");
            case IS_NOT_DISTINCT_FROM -> binary(call, "IS NOT DISTINCT FROM");
            case IS_NULL -> "(" + of(operands.getFirst()) + " IS NULL)";
            case IS_NOT_NULL -> "(" + of(operands.getFirst()) + " IS NOT NULL)";
            case NOT -> "(NOT " + of(operands.getFirst()) + ")";
            case MINUS_PREFIX ->
                operands.getFirst() instanceof SqlNumericLiteral number
                        ? "-" + number.toValue()
                        : "-(" + of(operands.getFirst()) + ")";
            case PLUS_PREFIX -> "+(" + of(operands.getFirst()) + ")";
            case BETWEEN ->
                "(" + of(operands.get(0)) + " BETWEEN " + of(operands.get(1)) + " AND " + of(operands.get(2)) + ")";
            case IN -> "(" + of(operands.get(0)) + " IN " + of(operands.get(1)) + ")";
            case FILTER -> of(operands.get(0)) + " FILTER (WHERE " + of(operands.get(1)) + ")";
            case SELECT, UNION, INTERSECT, EXCEPT, ORDER_BY, WITH -> "(" + text(call) + ")";
            case EXISTS -> "EXISTS" + of(operands.getFirst());
            case OTHER -> call.getOperator() == SqlStdOperatorTable.CONCAT ? binary(call, "||") : otherCall(call);
            default -> otherCall(call);
        };
    }

    /** Function calls, and Quiver's {@code ::} cast. */
    private static String otherCall(SqlCall call) {
        if (call.getOperator().getName().equals("::") && call.operandCount() == 2) {
            return "CAST(" + of(call.operand(0)) + " AS " + of(call.operand(1)) + ")";
        }
        if (call.getOperator().getSyntax() == SqlSyntax.FUNCTION
                || call.getOperator().getSyntax() == SqlSyntax.FUNCTION_ID
                || call.getOperator().getSyntax() == SqlSyntax.FUNCTION_STAR) {
            return function(call);
        }
        return text(call);
    }

    private static String function(SqlCall call) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if ((call.getOperator() == SqlStdOperatorTable.FIRST || call.getOperator() == SqlStdOperatorTable.LAST)
                && call.operandCount() == 2) {
            return name + "(" + of(call.getOperandList().getFirst()) + ")"; // the grammar's offset 0 is not written
        }
        boolean star =
                call.operandCount() == 1 && call.operand(0) instanceof SqlIdentifier identifier && identifier.isStar();
        if (name.equals("count") && (call.operandCount() == 0 || star)) {
            return "count_star()";
        }
        if (name.equals("coalesce")) {
            name = "COALESCE"; // a special form in DuckDB, named in capitals
        }
        SqlLiteral quantifier = call.getFunctionQuantifier();
        String distinct = quantifier != null && quantifier.getValue() == SqlSelectKeyword.DISTINCT ? "DISTINCT " : "";
        return name + "(" + distinct + join(call.getOperandList()) + ")";
    }

    /**
     * {@code sum(x) OVER (PARTITION BY k ORDER BY o DESC ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)}:
     * the call as elsewhere ({@code count(*)} is {@code count()} here, IGNORE NULLS goes inside the
     * parentheses), then the window with its frame written out in full. A named window stays a name.
     */
    private static String over(SqlCall call) {
        SqlNode function = call.operand(0);
        SqlNode window = call.operand(1);
        return windowFunction(function) + " OVER "
                + (window instanceof SqlWindow spec && spec.getRefName() == null ? window(spec) : text(window));
    }

    private static String windowFunction(SqlNode node) {
        if (!(node instanceof SqlCall call)) {
            return of(node);
        }
        return switch (call.getKind()) {
            case IGNORE_NULLS, RESPECT_NULLS -> {
                String inner = windowFunction(call.operand(0));
                String treatment = call.getKind() == SqlKind.IGNORE_NULLS ? " IGNORE NULLS)" : " RESPECT NULLS)";
                yield inner.endsWith(")") ? inner.substring(0, inner.length() - 1) + treatment : inner;
            }
            case FILTER -> windowFunction(call.operand(0)) + " FILTER (WHERE " + of(call.operand(1)) + ")";
            default -> {
                String name = of(call);
                yield name.equals("count_star()") ? "count()" : name;
            }
        };
    }

    private static String window(SqlWindow window) {
        List<String> parts = new ArrayList<>();
        if (window.getPartitionList() != null && !window.getPartitionList().isEmpty()) {
            parts.add("PARTITION BY " + join(window.getPartitionList().getList()));
        }
        if (window.getOrderList() != null && !window.getOrderList().isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (SqlNode key : window.getOrderList()) {
                keys.add(orderKey(key));
            }
            parts.add("ORDER BY " + String.join(", ", keys));
        }
        if (window.getLowerBound() != null) {
            SqlNode lower = window.getLowerBound();
            SqlNode upper = window.getUpperBound();
            boolean groups =
                    window.isRows() && (GroupsFrames.groupsOf(lower) >= 0 || GroupsFrames.groupsOf(upper) >= 0);
            String frame = (groups ? "GROUPS" : window.isRows() ? "ROWS" : "RANGE") + " BETWEEN " + bound(lower)
                    + " AND " + (upper == null ? "CURRENT ROW" : bound(upper));
            SqlLiteral exclude = window.getExclude();
            if (exclude != null && !SqlWindow.isExcludeNoOthers(exclude)) {
                frame += SqlWindow.isExcludeCurrentRow(exclude)
                        ? " EXCLUDE CURRENT ROW"
                        : SqlWindow.isExcludeGroup(exclude) ? " EXCLUDE GROUP" : " EXCLUDE TIES";
            }
            parts.add(frame);
        }
        return "(" + String.join(" ", parts) + ")";
    }

    /** A frame bound as written; a GROUPS frame's marked offsets (see {@link GroupsFrames}) as groups. */
    private static String bound(SqlNode bound) {
        long groups = GroupsFrames.groupsOf(bound);
        if (groups < 0) {
            return text(bound);
        }
        if (groups == 0) {
            return "CURRENT ROW";
        }
        return groups + (bound.getKind() == SqlKind.PRECEDING ? " PRECEDING" : " FOLLOWING");
    }

    private static String orderKey(SqlNode key) {
        if (key instanceof SqlCall call) {
            return switch (call.getKind()) {
                case DESCENDING -> orderKey(call.operand(0)) + " DESC";
                case NULLS_FIRST -> orderKey(call.operand(0)) + " NULLS FIRST";
                case NULLS_LAST -> orderKey(call.operand(0)) + " NULLS LAST";
                default -> of(key);
            };
        }
        return of(key);
    }

    /** DuckDB's names for LIKE and its kin: {@code ~~}, {@code !~~}, {@code ~~*}, {@code !~~*}. */
    private static String like(String operatorName) {
        String upper = operatorName.toUpperCase(Locale.ROOT);
        return (upper.contains("NOT") ? "!" : "") + "~~" + (upper.contains("ILIKE") ? "*" : "");
    }

    private static String binary(SqlCall call, String operator) {
        return "(" + of(call.operand(0)) + " " + operator + " " + of(call.operand(1)) + ")";
    }

    private static String operator(SqlCall call) {
        String name = call.getOperator().getName();
        return switch (call.getKind()) {
            case NOT_EQUALS -> "!=";
            case AND -> "AND";
            case OR -> "OR";
            default -> name;
        };
    }

    private static String join(List<SqlNode> nodes) {
        List<String> names = new ArrayList<>();
        for (SqlNode node : nodes) {
            names.add(node == null ? "NULL" : of(node));
        }
        return String.join(", ", names);
    }

    /** The node's SQL text on one line: the fallback for what DuckDB names by its text anyway. */
    private static String text(SqlNode node) {
        SqlString sql = node.toSqlString(config -> config.withDialect(SqlParsing.DIALECT)
                .withQuoteAllIdentifiers(false)
                .withAlwaysUseParentheses(false));
        return sql.getSql().replaceAll("\\s+", " ").strip();
    }
}
