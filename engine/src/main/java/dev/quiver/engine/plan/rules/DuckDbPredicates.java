package dev.quiver.engine.plan.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Says a Quiver filter condition in DuckDB's SQL — only when the two mean exactly the same, else
 * not at all. What can be said: a column (or a column widened to a larger integer type) compared
 * with a constant, IS [NOT] NULL, IN lists, ranges (BETWEEN), LIKE with a plain prefix, boolean
 * columns, and AND/OR/NOT of those. Three-valued logic is the same in both engines, and a scan
 * keeps only rows whose condition is TRUE, as a filter does.
 */
final class DuckDbPredicates {
    private static final Set<SqlKind> COMPARISONS = Set.of(
            SqlKind.EQUALS,
            SqlKind.NOT_EQUALS,
            SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL);
    private static final List<SqlTypeName> INTEGERS =
            List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);

    private final List<String> columns;
    private final RexBuilder rexBuilder;

    /** @param columns the DuckDB column name of each input field of the condition */
    DuckDbPredicates(List<String> columns, RexBuilder rexBuilder) {
        this.columns = columns;
        this.rexBuilder = rexBuilder;
    }

    /** {@code condition} in DuckDB's SQL, or empty when it cannot be said with the same meaning. */
    Optional<String> translate(RexNode condition) {
        return Optional.ofNullable(sql(condition));
    }

    private String sql(RexNode node) {
        if (node instanceof RexInputRef ref) {
            return ref.getType().getSqlTypeName() == SqlTypeName.BOOLEAN ? column(ref) : null;
        }
        if (!(node instanceof RexCall call)) {
            return null;
        }
        SqlKind kind = call.getKind();
        if (COMPARISONS.contains(kind)) {
            return comparison(call);
        }
        return switch (kind) {
            case AND -> joined(call.getOperands(), " AND ");
            case OR -> or(call.getOperands());
            case NOT -> {
                String operand = sql(call.getOperands().getFirst());
                yield operand == null ? null : "(NOT " + operand + ")";
            }
            case SEARCH -> sql(RexUtil.expandSearch(rexBuilder, null, call));
            case IS_NULL, IS_NOT_NULL -> {
                String column = column(call.getOperands().getFirst());
                yield column == null ? null : "(" + column + (kind == SqlKind.IS_NULL ? " IS NULL)" : " IS NOT NULL)");
            }
            case LIKE -> likePrefix(call);
            default -> null;
        };
    }

    private String joined(List<RexNode> operands, String separator) {
        List<String> parts = new ArrayList<>();
        for (RexNode operand : operands) {
            String part = sql(operand);
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        return "(" + String.join(separator, parts) + ")";
    }

    /** An OR; equalities of one column with constants read better, and the same, as IN (...). */
    private String or(List<RexNode> operands) {
        String inColumn = null;
        List<String> values = new ArrayList<>();
        for (RexNode operand : operands) {
            if (operand.getKind() != SqlKind.EQUALS) {
                return joined(operands, " OR ");
            }
            List<RexNode> sides = ((RexCall) operand).getOperands();
            String column = column(sides.get(0));
            String value = sides.get(1) instanceof RexLiteral literal ? literal(literal) : null;
            if (column == null || value == null || (inColumn != null && !inColumn.equals(column))) {
                return joined(operands, " OR ");
            }
            inColumn = column;
            values.add(value);
        }
        return "(" + inColumn + " IN (" + String.join(", ", values) + "))";
    }

    private String comparison(RexCall call) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        String operator = switch (call.getKind()) {
            case EQUALS -> "=";
            case NOT_EQUALS -> "<>";
            case LESS_THAN -> "<";
            case LESS_THAN_OR_EQUAL -> "<=";
            case GREATER_THAN -> ">";
            default -> ">=";
        };
        String leftSql = left instanceof RexLiteral literal ? literal(literal) : column(left);
        String rightSql = right instanceof RexLiteral literal ? literal(literal) : column(right);
        boolean oneConstant = left instanceof RexLiteral != right instanceof RexLiteral;
        return leftSql == null || rightSql == null || !oneConstant
                ? null
                : "(" + leftSql + " " + operator + " " + rightSql + ")";
    }

    /** {@code column LIKE 'prefix%'} where the prefix has no wildcard and no backslash (no escape rules to agree on). */
    private String likePrefix(RexCall call) {
        if (call.getOperands().size() != 2
                || !(call.getOperands().get(1) instanceof RexLiteral pattern)
                || pattern.isNull()) {
            return null;
        }
        String column = column(call.getOperands().get(0));
        String text = pattern.getValueAs(String.class);
        if (column == null || text == null || !text.endsWith("%")) {
            return null;
        }
        String prefix = text.substring(0, text.length() - 1);
        if (prefix.contains("%") || prefix.contains("_") || prefix.contains("\\")) {
            return null;
        }
        return "(" + column + " LIKE " + quote(text) + ")";
    }

    /** A column reference, or a column cast to a wider integer type (exact in both engines); else null. */
    private String column(RexNode node) {
        if (node instanceof RexInputRef ref) {
            return identifier(columns.get(ref.getIndex()));
        }
        if (node.getKind() == SqlKind.CAST && ((RexCall) node).getOperands().getFirst() instanceof RexInputRef ref) {
            int from = INTEGERS.indexOf(ref.getType().getSqlTypeName());
            int to = INTEGERS.indexOf(node.getType().getSqlTypeName());
            if (from >= 0 && to >= from) {
                return "CAST(" + identifier(columns.get(ref.getIndex())) + " AS "
                        + node.getType().getSqlTypeName() + ")";
            }
        }
        return null;
    }

    /** A non-NULL constant as a DuckDB literal of the same type and value, or null. */
    private static String literal(RexLiteral literal) {
        if (literal.isNull()) {
            return null;
        }
        return switch (literal.getType().getSqlTypeName()) {
            case BOOLEAN -> Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? "TRUE" : "FALSE";
            case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.toString(literal.getValueAs(Long.class));
            case DECIMAL -> {
                BigDecimal value = literal.getValueAs(BigDecimal.class);
                yield value == null ? null : value.toPlainString();
            }
            case DOUBLE, FLOAT, REAL -> {
                Double value = literal.getValueAs(Double.class);
                String type = literal.getType().getSqlTypeName() == SqlTypeName.REAL ? "REAL" : "DOUBLE";
                yield value == null || !Double.isFinite(value)
                        ? null
                        : "CAST("
                                + quote(
                                        literal.getType().getSqlTypeName() == SqlTypeName.REAL
                                                ? Float.toString(value.floatValue())
                                                : Double.toString(value))
                                + " AS " + type + ")";
            }
            case CHAR, VARCHAR -> {
                String value = literal.getValueAs(String.class);
                yield value == null ? null : quote(value);
            }
            case DATE -> {
                DateString date = literal.getValueAs(DateString.class);
                yield date == null || !plainYear(date.toString()) ? null : "DATE " + quote(date.toString());
            }
            case TIMESTAMP -> {
                TimestampString timestamp = literal.getValueAs(TimestampString.class);
                yield timestamp == null || !plainYear(timestamp.toString())
                        ? null
                        : "TIMESTAMP " + quote(timestamp.toString());
            }
            default -> null;
        };
    }

    /** Years 1000–9999 print the same in both engines; others (BC, five digits) are left to Quiver. */
    private static boolean plainYear(String text) {
        return text.length() >= 10
                && text.charAt(4) == '-'
                && text.charAt(0) != '0'
                && Character.isDigit(text.charAt(0));
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quote(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }
}
