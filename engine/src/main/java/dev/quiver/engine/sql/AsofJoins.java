package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.DuckDbClauses.Token;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * DuckDB's {@code l ASOF [LEFT] JOIN r ON keys AND l.t >= r.t}: each left row with the right row
 * of equal keys whose {@code t} is nearest on the allowed side. Calcite has no such join, so before
 * parsing it becomes {@code l [LEFT] JOIN r ON "*asof" AND …} ({@link #rewrite}) and after parsing
 * the condition is wrapped in a call of {@link #CONDITION} ({@link #attach}), which no rule
 * evaluates, splits or moves; {@code dev.quiver.engine.plan.AsofJoinPlanning} turns a join on it
 * into an ASOF join operator right after conversion to relational algebra.
 */
public final class AsofJoins {
    /** Wraps an ASOF join's ON condition. Not deterministic, so never folded. */
    public static final SqlFunction CONDITION =
            new SqlFunction(
                    "$ASOF_JOIN",
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.BOOLEAN_NULLABLE,
                    null,
                    OperandTypes.BOOLEAN,
                    SqlFunctionCategory.SYSTEM) {
                @Override
                public boolean isDeterministic() {
                    return false;
                }

                /** Bound already: no lookup in the operator table, which does not list it. */
                @Override
                public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
                    RelDataType condition = validator.deriveType(scope, call.operand(0));
                    RelDataType type = validator
                            .getTypeFactory()
                            .createTypeWithNullability(
                                    validator.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN),
                                    condition.isNullable());
                    validator.setValidatedNodeType(call, type);
                    return type;
                }
            };

    private static final String MARK = "*asof";

    /**
     * The parsed {@code ASOF JOIN … USING} joins, until conversion to relational algebra asks ({@link
     * #isUsing}): a USING list has no room for a mark the validator would keep. Weak, so a statement
     * that is never converted leaves nothing behind; identity, as SqlNode does not define equality.
     */
    private static final Set<SqlJoin> USING_JOINS =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private AsofJoins() {}

    /**
     * The text with each {@code ASOF [LEFT [OUTER]] JOIN r ON c} written as {@code [LEFT] JOIN r ON
     * "*asof" AND c}, and each {@code … USING (k…, t)} as {@code [LEFT] JOIN r USING (k…, t, "*asof")}.
     */
    public static String rewrite(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("asof")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = DuckDbClauses.tokens(text);
        StringBuilder rewritten = new StringBuilder(sql);
        for (int index = tokens.size() - 2; index >= 0; index--) {
            if (!DuckDbClauses.isWord(text, tokens, index, "asof")) {
                continue;
            }
            int join = index + 1;
            boolean left = DuckDbClauses.isWord(text, tokens, join, "left");
            if (left) {
                join++;
                if (DuckDbClauses.isWord(text, tokens, join, "outer")) {
                    join++;
                }
            } else if (DuckDbClauses.isWord(text, tokens, join, "right")
                    || DuckDbClauses.isWord(text, tokens, join, "full")) {
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "ASOF " + DuckDbClauses.word(text, tokens.get(join)).toUpperCase(Locale.ROOT)
                                + " JOIN is not supported yet; use ASOF JOIN or ASOF LEFT JOIN");
            }
            if (!DuckDbClauses.isWord(text, tokens, join, "join")) {
                continue; // a name that happens to be asof
            }
            int end = PositionalJoins.endOfTable(text, tokens, join + 1);
            boolean using = DuckDbClauses.isWord(text, tokens, end, "using")
                    && DuckDbClauses.isPunctuation(text, tokens, end + 1, '(');
            if (using) {
                int close = PositionalJoins.close(text, tokens, end + 1) - 1;
                if (close >= tokens.size() || !DuckDbClauses.isPunctuation(text, tokens, close, ')')) {
                    throw new QuiverException(ErrorCode.SYNTAX_ERROR, "ASOF JOIN … USING ( has no closing parenthesis");
                }
                rewritten.insert(tokens.get(close).start(), ", \"" + MARK + "\"");
            } else if (!DuckDbClauses.isWord(text, tokens, end, "on")) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "ASOF JOIN needs an ON condition with one inequality (ON l.k = r.k AND l.t >= r.t) or USING (k, t)");
            }
            if (!using) {
                rewritten.insert(tokens.get(end).end(), " \"" + MARK + "\" AND");
            }
            rewritten.replace(
                    tokens.get(index).start(), tokens.get(join - 1).end() + (left ? 0 : 1), left ? "LEFT" : "");
        }
        return rewritten.toString();
    }

    /** Wraps the conditions that {@link #rewrite} marked in calls of {@link #CONDITION}. */
    public static void attach(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlJoin join
                        && join.getConditionType() == JoinConditionType.USING
                        && join.getCondition() instanceof SqlNodeList columns
                        && !columns.isEmpty()
                        && isMark(columns.get(columns.size() - 1))) {
                    join.setOperand(
                            5,
                            new SqlNodeList(
                                    columns.getList().subList(0, columns.size() - 1), columns.getParserPosition()));
                    USING_JOINS.add(join);
                }
                if (call instanceof SqlJoin join
                        && join.getConditionType() == JoinConditionType.ON
                        && join.getCondition() != null
                        && containsMark(join.getCondition())) {
                    SqlNode condition = join.getCondition();
                    SqlNode rest = withoutMark(condition);
                    if (rest == null) { // the mark is not a conjunct of the whole condition
                        throw new QuiverException(
                                ErrorCode.INVALID_QUERY,
                                "Missing ASOF JOIN inequality: the ON condition must be equalities and one"
                                        + " inequality joined by AND");
                    }
                    join.setOperand(5, CONDITION.createCall(condition.getParserPosition(), rest));
                }
                return super.visit(call);
            }
        });
    }

    /** Whether {@code join} was written {@code l ASOF [LEFT] JOIN r USING (k…, t)}: its last column compares with >=. */
    public static boolean isUsing(SqlJoin join) {
        return USING_JOINS.contains(join);
    }

    private static boolean isMark(SqlNode node) {
        return node instanceof SqlIdentifier mark
                && mark.isSimple()
                && mark.getSimple().equals(MARK);
    }

    private static boolean containsMark(SqlNode node) {
        if (isMark(node)) {
            return true;
        }
        return node instanceof SqlCall call
                && call.getOperandList().stream().anyMatch(operand -> operand != null && containsMark(operand));
    }

    /** The condition without its leftmost conjunct when that is the mark, else null. */
    private static SqlNode withoutMark(SqlNode condition) {
        if (condition instanceof SqlBasicCall and && and.getKind() == SqlKind.AND && and.operandCount() >= 2) {
            List<SqlNode> operands = and.getOperandList();
            if (isMark(operands.getFirst())) {
                return operands.size() == 2
                        ? operands.get(1)
                        : and.getOperator().createCall(and.getParserPosition(), operands.subList(1, operands.size()));
            }
            SqlNode first = withoutMark(operands.getFirst());
            if (first != null) {
                and.setOperand(0, first);
                return and;
            }
        }
        return null;
    }
}
