package dev.quiver.engine.sql;

import dev.quiver.engine.sql.DuckDbClauses.Token;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * DuckDB's {@code l POSITIONAL JOIN r}: row i of l beside row i of r, the shorter side padded with
 * NULLs. Calcite has no such join, so before parsing it becomes {@code l FULL JOIN r ON
 * "*positional"} ({@link #rewrite}) and after parsing the condition becomes a call of {@link
 * #CONDITION} ({@link #attach}), which no rule can evaluate or move; the physical planner turns a
 * full join on it into a positional join.
 */
public final class PositionalJoins {
    /** The join condition that marks a positional join. Not deterministic, so never folded. */
    public static final SqlFunction CONDITION =
            new SqlFunction(
                    "$POSITIONAL_JOIN",
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.BOOLEAN_NOT_NULL,
                    null,
                    OperandTypes.NILADIC,
                    SqlFunctionCategory.SYSTEM) {
                @Override
                public boolean isDeterministic() {
                    return false;
                }

                /** Bound already: no lookup in the operator table, which does not list it. */
                @Override
                public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
                    return validator.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN);
                }
            };

    private static final String MARK = "*positional";

    /** Words that end a table reference (where an alias cannot be). */
    private static final Set<String> AFTER_TABLE = Set.of(
            "where",
            "join",
            "inner",
            "left",
            "right",
            "full",
            "cross",
            "natural",
            "positional",
            "asof",
            "semi",
            "anti",
            "on",
            "using",
            "group",
            "order",
            "limit",
            "offset",
            "fetch",
            "having",
            "window",
            "qualify",
            "union",
            "except",
            "intersect",
            "minus",
            "tablesample",
            "select");

    private PositionalJoins() {}

    /** The text with each {@code POSITIONAL JOIN r} written as {@code FULL JOIN r ON "*positional"}. */
    public static String rewrite(String sql) {
        if (!sql.toLowerCase(java.util.Locale.ROOT).contains("positional")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = DuckDbClauses.tokens(text);
        StringBuilder rewritten = new StringBuilder(sql);
        for (int index = tokens.size() - 2; index >= 0; index--) {
            if (DuckDbClauses.isWord(text, tokens, index, "positional")
                    && DuckDbClauses.isWord(text, tokens, index + 1, "join")) {
                int end = endOfTable(text, tokens, index + 2);
                int at = end < tokens.size() ? tokens.get(end).start() : sql.length();
                while (at > tokens.get(index + 1).end() && Character.isWhitespace(sql.charAt(at - 1))) {
                    at--;
                }
                rewritten.insert(at, " ON \"" + MARK + "\"");
                rewritten.replace(tokens.get(index).start(), tokens.get(index).end(), "FULL");
            }
        }
        return rewritten.toString();
    }

    /** The index of the token after the table reference that starts at {@code start}. */
    static int endOfTable(char[] text, List<Token> tokens, int start) {
        int index = start;
        if (DuckDbClauses.isPunctuation(text, tokens, index, '(')) {
            index = close(text, tokens, index);
        } else {
            index++;
            while (DuckDbClauses.isPunctuation(text, tokens, index, '.')) {
                index += 2;
            }
            if (DuckDbClauses.isPunctuation(text, tokens, index, '(')) {
                index = close(text, tokens, index); // a table function
            }
        }
        if (DuckDbClauses.isWord(text, tokens, index, "as")) {
            index++;
        }
        if (index < tokens.size()
                && (tokens.get(index).word() || text[tokens.get(index).start()] == '"')
                && !AFTER_TABLE.contains(DuckDbClauses.word(text, tokens.get(index)))) {
            index++; // the alias
            if (DuckDbClauses.isPunctuation(text, tokens, index, '(')) {
                index = close(text, tokens, index); // its column names
            }
        }
        return index;
    }

    /** The index after the parenthesis that closes the one at {@code open}. */
    static int close(char[] text, List<Token> tokens, int open) {
        int depth = 0;
        for (int index = open; index < tokens.size(); index++) {
            if (DuckDbClauses.isPunctuation(text, tokens, index, '(')) {
                depth++;
            } else if (DuckDbClauses.isPunctuation(text, tokens, index, ')') && --depth == 0) {
                return index + 1;
            }
        }
        return tokens.size();
    }

    /** Replaces the marks {@link #rewrite} left in a parsed statement by calls of {@link #CONDITION}. */
    public static void attach(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlJoin join
                        && join.getJoinType() == JoinType.FULL
                        && join.getCondition() instanceof SqlIdentifier mark
                        && mark.isSimple()
                        && mark.getSimple().equals(MARK)) {
                    join.setOperand(5, CONDITION.createCall(mark.getParserPosition()));
                }
                return super.visit(call);
            }
        });
    }
}
