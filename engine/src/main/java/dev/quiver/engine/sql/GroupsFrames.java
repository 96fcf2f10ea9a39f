package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * GROUPS window frames, which Calcite's grammar and plans do not know (a frame there is ROWS or
 * RANGE, one boolean all the way to {@code Window.Group}), written before parsing as ROWS frames
 * whose offsets are {@code INTERVAL 'n' SECOND(10)} literals ({@link #isGroupsOffset}): an interval
 * is no valid ROWS offset, so the planner reads such a frame back as GROUPS with offsets of n peer
 * groups. CURRENT ROW becomes an offset of 0 groups, so every GROUPS frame but the whole partition
 * (UNBOUNDED at both ends, the same in every frame kind) carries the mark, and Calcite's checks of
 * CURRENT ROW against offsets (which would refuse {@code 2 FOLLOWING AND CURRENT ROW}, empty but
 * valid) do not apply.
 *
 * <p>The short form {@code GROUPS b} becomes {@code BETWEEN b AND CURRENT ROW}. Offsets must be
 * non-negative integer literals. Positions after a rewritten frame move.
 */
public final class GroupsFrames {
    /** The precision of the interval that carries an offset: wide enough for any row count. */
    private static final String OFFSET_QUALIFIER = " SECOND(10)";

    /** Larger offsets reach past every partition (at most 2^31 - 1 rows): they are clamped to this. */
    private static final BigInteger LARGEST_OFFSET = BigInteger.valueOf(Integer.MAX_VALUE);

    private GroupsFrames() {}

    /** How a bound was written: the checks SQL makes between the two bounds depend on it. */
    private enum Written {
        UNBOUNDED,
        PRECEDING,
        CURRENT_ROW,
        FOLLOWING
    }

    /** One parsed frame bound: its text for Calcite, how it was written, and the token after it. */
    private record Bound(String text, Written written, int nextToken) {}

    /** The text with every GROUPS frame rewritten; the same text when there is none. */
    static String rewrite(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("groups")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<DuckDbClauses.Token> tokens = DuckDbClauses.tokens(text);
        StringBuilder rewritten = new StringBuilder(sql);
        // from the end, so that the positions of earlier tokens stay valid
        for (int index = tokens.size() - 1; index >= 0; index--) {
            if (!DuckDbClauses.isWord(text, tokens, index, "groups") || !startsFrame(text, tokens, index + 1)) {
                continue;
            }
            Bound lower;
            Bound upper;
            if (DuckDbClauses.isWord(text, tokens, index + 1, "between")) {
                lower = bound(text, tokens, index + 2, true);
                if (!DuckDbClauses.isWord(text, tokens, lower.nextToken(), "and")) {
                    throw new QuiverException(
                            ErrorCode.SYNTAX_ERROR, "a GROUPS BETWEEN frame needs AND and a second bound");
                }
                upper = bound(text, tokens, lower.nextToken() + 1, false);
            } else {
                lower = bound(text, tokens, index + 1, true);
                upper = new Bound(offset(0, false), Written.CURRENT_ROW, lower.nextToken());
            }
            checkOrder(lower.written(), upper.written());
            int end = tokens.get(upper.nextToken() - 1).end();
            rewritten.replace(tokens.get(index).start(), end, "ROWS BETWEEN " + lower.text() + " AND " + upper.text());
        }
        return rewritten.toString();
    }

    /**
     * Whether an offset literal of this interval type in a ROWS frame stands for a GROUPS offset
     * (see the class comment); its value in milliseconds is then 1000 times the number of groups.
     */
    public static boolean isGroupsOffset(SqlTypeName type) {
        return type == SqlTypeName.INTERVAL_SECOND;
    }

    /**
     * The checks Calcite makes of CURRENT ROW against the other bound (as DuckDB does), which the
     * rewritten frame no longer shows it: a frame may not reach back before its start.
     */
    private static void checkOrder(Written lower, Written upper) {
        if (lower == Written.CURRENT_ROW && upper == Written.PRECEDING) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY, "a GROUPS frame starting at the current row cannot end at preceding rows");
        }
        if (lower == Written.FOLLOWING && (upper == Written.CURRENT_ROW || upper == Written.PRECEDING)) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "a GROUPS frame starting at following rows cannot end at the current or preceding rows");
        }
    }

    /** The marked offset of {@code groups} peer groups. */
    private static String offset(long groups, boolean preceding) {
        return "INTERVAL '" + groups + "'" + OFFSET_QUALIFIER + (preceding ? " PRECEDING" : " FOLLOWING");
    }

    /**
     * The peer groups of a marked GROUPS bound as written before parsing ({@code n PRECEDING} /
     * {@code n FOLLOWING}, 0 for CURRENT ROW), or -1 when {@code bound} is no marked offset.
     */
    public static long groupsOf(SqlNode bound) {
        if (bound instanceof SqlCall call
                && (call.getKind() == SqlKind.PRECEDING || call.getKind() == SqlKind.FOLLOWING)
                && call.operand(0) instanceof SqlIntervalLiteral literal
                && isGroupsOffset(literal.getTypeName())) {
            return Long.parseLong(((SqlIntervalLiteral.IntervalValue) literal.getValue())
                    .getIntervalLiteral()
                    .strip());
        }
        return -1;
    }

    /** Whether a frame's bounds start at token {@code index}: GROUPS there is the frame kind, not a name. */
    private static boolean startsFrame(char[] text, List<DuckDbClauses.Token> tokens, int index) {
        if (DuckDbClauses.isWord(text, tokens, index, "between")
                || DuckDbClauses.isWord(text, tokens, index, "unbounded")) {
            return true;
        }
        if (DuckDbClauses.isWord(text, tokens, index, "current")) {
            return DuckDbClauses.isWord(text, tokens, index + 1, "row");
        }
        return index < tokens.size()
                && tokens.get(index).word()
                && Character.isDigit(text[tokens.get(index).start()])
                && (DuckDbClauses.isWord(text, tokens, index + 1, "preceding")
                        || DuckDbClauses.isWord(text, tokens, index + 1, "following"));
    }

    /** The bound at token {@code index}; CURRENT ROW as 0 groups before ({@code lower}) or after. */
    private static Bound bound(char[] text, List<DuckDbClauses.Token> tokens, int index, boolean lower) {
        if (DuckDbClauses.isWord(text, tokens, index, "unbounded")) {
            if (DuckDbClauses.isWord(text, tokens, index + 1, "preceding")) {
                return new Bound("UNBOUNDED PRECEDING", Written.UNBOUNDED, index + 2);
            }
            if (DuckDbClauses.isWord(text, tokens, index + 1, "following")) {
                return new Bound("UNBOUNDED FOLLOWING", Written.UNBOUNDED, index + 2);
            }
        } else if (DuckDbClauses.isWord(text, tokens, index, "current")
                && DuckDbClauses.isWord(text, tokens, index + 1, "row")) {
            return new Bound(offset(0, lower), Written.CURRENT_ROW, index + 2);
        } else if (index < tokens.size() && tokens.get(index).word()) {
            String digits = DuckDbClauses.word(text, tokens.get(index));
            boolean preceding = DuckDbClauses.isWord(text, tokens, index + 1, "preceding");
            boolean following = DuckDbClauses.isWord(text, tokens, index + 1, "following");
            if (digits.chars().allMatch(Character::isDigit) && (preceding || following)) {
                return new Bound(
                        offset(new BigInteger(digits).min(LARGEST_OFFSET).longValue(), preceding),
                        preceding ? Written.PRECEDING : Written.FOLLOWING,
                        index + 2);
            }
        }
        throw new QuiverException(
                ErrorCode.SYNTAX_ERROR,
                "a GROUPS frame bound must be UNBOUNDED PRECEDING, UNBOUNDED FOLLOWING, CURRENT ROW or"
                        + " n PRECEDING / n FOLLOWING with n a non-negative integer literal");
    }
}
