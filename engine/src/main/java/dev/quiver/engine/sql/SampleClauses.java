package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.DuckDbClauses.Token;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSampleSpec;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's sampling spellings, which Calcite's grammar does not read, turned into ones it does
 * before parsing ({@link #rewrite}) and into Calcite's {@code TABLESAMPLE} after it ({@link
 * #attach}, {@link #encode}):
 *
 * <ul>
 *   <li>{@code LIMIT p%} and {@code LIMIT p PERCENT}: the percentage becomes a row count that stands
 *       for it ({@link PercentLimits}).
 *   <li>{@code t TABLESAMPLE spec}: becomes {@code t TABLESAMPLE SUBSTITUTE('*sample …')}, which
 *       {@link #encode} turns into the sample's {@link SampleSpec#toCalcite Calcite form} after
 *       validation.
 *   <li>{@code USING SAMPLE spec} at the end of a SELECT (after WHERE … QUALIFY): DuckDB samples the
 *       rows of the FROM clause, before WHERE. It becomes a named window {@code WINDOW "*sample …"
 *       AS ()}, the one clause Calcite reads there; {@link #attach} removes it and puts a
 *       {@code TABLESAMPLE} around the FROM clause instead.
 * </ul>
 *
 * A spec is {@code size [% | PERCENT | ROWS] [(method [, seed])]} or {@code method(size [% |
 * PERCENT | ROWS]) [REPEATABLE (seed)]}; a size without a unit is a row count, which only a
 * reservoir takes (system with a row count is a reservoir, as in DuckDB). Text after a rewritten
 * clause on the same line moves; errors point at the clause as written.
 */
public final class SampleClauses {
    /** The prefix of the names that carry a sample through the parser. */
    static final String SAMPLE_MARK = "*sample ";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private SampleClauses() {}

    /**
     * The text with the spellings above rewritten; the same text when there is none. {@code line}
     * and {@code column} are where the text starts in the script, for the positions of errors.
     */
    public static String rewrite(String sql, int line, int column) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("sample") && !lower.contains("limit")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = DuckDbClauses.tokens(text);
        Scanner scanner = new Scanner(sql, text, tokens, line, column);
        StringBuilder rewritten = new StringBuilder(sql);
        // from the end, so that each replacement leaves the offsets of those still to come alone
        Map<Integer, String> beforeToken = new HashMap<>();
        for (int index = tokens.size() - 1; index >= 0; index--) {
            String inserted = beforeToken.remove(index);
            if (inserted != null) { // all text after this token is rewritten already
                rewritten.insert(tokens.get(index).start(), inserted);
            }
            if (DuckDbClauses.isWord(text, tokens, index, "limit")) {
                scanner.limit(index, rewritten);
            } else if (DuckDbClauses.isWord(text, tokens, index, "tablesample")) {
                Parsed parsed = scanner.spec(index + 1);
                replace(rewritten, tokens, index + 1, parsed.end(), "SUBSTITUTE('" + mark(parsed.spec()) + "')");
            } else if (DuckDbClauses.isWord(text, tokens, index, "using")
                    && DuckDbClauses.isWord(text, tokens, index + 1, "sample")) {
                Parsed parsed = scanner.spec(index + 2);
                String window = "\"" + mark(parsed.spec()) + "\" AS ()";
                int qualify = scanner.clauseBefore(index, "qualify");
                if (qualify >= 0) { // Calcite reads WINDOW before QUALIFY: the window goes there
                    replace(rewritten, tokens, index, parsed.end(), "");
                    beforeToken.put(
                            qualify,
                            scanner.followsWindowClause(qualify) ? ", " + window + " " : "WINDOW " + window + " ");
                } else {
                    replace(
                            rewritten,
                            tokens,
                            index,
                            parsed.end(),
                            scanner.followsWindowClause(index) ? ", " + window : "WINDOW " + window);
                }
            }
        }
        return rewritten.toString();
    }

    /**
     * Puts each USING SAMPLE window that {@link #rewrite} left in a parsed statement around its
     * SELECT's FROM clause as {@code TABLESAMPLE SUBSTITUTE('*sample …')}: the form the validator
     * accepts (it checks a Bernoulli or system rate, which a reservoir's stand-in rate would fail).
     * Changes the tree in place.
     */
    public static void attach(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getWindowList() != null) {
                    moveUsingSample(select);
                }
                return super.visit(call);
            }
        });
    }

    /**
     * Replaces the sample marks in a validated statement by the samples' {@link SampleSpec#toCalcite
     * Calcite form}, which the conversion to relational algebra turns into {@code Sample}s. Changes
     * the tree in place.
     */
    public static void encode(SqlNode validated) {
        validated.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.TABLESAMPLE
                        && call instanceof SqlBasicCall sample
                        && SqlLiteral.sampleValue(sample.operand(1))
                                instanceof SqlSampleSpec.SqlSubstitutionSampleSpec named
                        && named.getName().startsWith(SAMPLE_MARK)) {
                    SampleSpec spec = parseMark(named.getName());
                    sample.setOperand(
                            1,
                            SqlLiteral.createSample(
                                    spec.toCalcite(), sample.operand(1).getParserPosition()));
                }
                return super.visit(call);
            }
        });
    }

    /** The USING SAMPLE window of {@code select}, if it has one, as a TABLESAMPLE of its FROM clause. */
    private static void moveUsingSample(SqlSelect select) {
        SqlNodeList windows = select.getWindowList();
        for (int index = 0; index < windows.size(); index++) {
            if (windows.get(index) instanceof SqlWindow window
                    && window.getDeclName() != null
                    && window.getDeclName().getSimple().startsWith(SAMPLE_MARK)) {
                SqlIdentifier name = window.getDeclName();
                windows.remove(index);
                if (select.getFrom() == null) {
                    throw new QuiverException(
                            ErrorCode.SYNTAX_ERROR,
                            "USING SAMPLE needs a FROM clause to sample",
                            name.getParserPosition().getLineNum(),
                            name.getParserPosition().getColumnNum(),
                            null);
                }
                SqlLiteral sample =
                        SqlLiteral.createSample(SqlSampleSpec.createNamed(name.getSimple()), name.getParserPosition());
                select.setFrom(
                        SqlStdOperatorTable.TABLESAMPLE.createCall(name.getParserPosition(), select.getFrom(), sample));
                return;
            }
        }
    }

    /** The sample a mark written by {@link #mark} stands for. */
    private static SampleSpec parseMark(String mark) {
        String[] parts = mark.substring(SAMPLE_MARK.length()).split(" ");
        return new SampleSpec(
                SampleSpec.Method.valueOf(parts[0]),
                new BigDecimal(parts[1]),
                parts[2].equals("percent"),
                parts[3].equals("-") ? null : Integer.valueOf(parts[3]));
    }

    private static String mark(SampleSpec spec) {
        return SAMPLE_MARK + spec.method().name() + " " + spec.size().toPlainString() + " "
                + (spec.percent() ? "percent" : "rows") + " " + (spec.seed() == null ? "-" : spec.seed());
    }

    /** Replaces tokens {@code [from, to)} with {@code replacement}. */
    private static void replace(StringBuilder text, List<Token> tokens, int from, int to, String replacement) {
        int end = to < tokens.size() ? tokens.get(to).start() : text.length();
        // keep the blanks before the next token, so that it stays on its line
        while (end > tokens.get(from).start() && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        text.replace(tokens.get(from).start(), end, replacement);
    }

    /** A parsed sample spec and the index of the token after it. */
    private record Parsed(SampleSpec spec, int end) {}

    /** A number's value and the index of the token after it. */
    private record Number(BigDecimal value, int end) {}

    /** Reads specs and LIMIT clauses from the tokens of one text. */
    private record Scanner(String sql, char[] text, List<Token> tokens, int line, int column) {
        /** {@code LIMIT p%} or {@code LIMIT p PERCENT} at token {@code limit}: the percentage as a row count. */
        void limit(int limit, StringBuilder rewritten) {
            boolean negative = punctuation(limit + 1, '-');
            Number number = number(negative ? limit + 2 : limit + 1);
            if (number == null) {
                return;
            }
            boolean percent = punctuation(number.end(), '%') || word(number.end(), "percent");
            if (!percent) {
                if (!negative && number.value().compareTo(BigDecimal.valueOf(PercentLimits.BASE)) >= 0) {
                    // no result has this many rows; below BASE the count cannot be read as a percentage
                    replace(rewritten, tokens, limit + 1, number.end(), Long.toString(PercentLimits.BASE - 1));
                }
                return;
            }
            BigDecimal value = negative ? number.value().negate() : number.value();
            if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
                throw error(
                        ErrorCode.INVALID_ARGUMENT,
                        "LIMIT " + value.toPlainString() + "%: the percentage must be between 0% and 100%",
                        limit + 1);
            }
            replace(rewritten, tokens, limit + 1, number.end() + 1, PercentLimits.encode(value));
        }

        /** The spec that starts at token {@code start}. */
        Parsed spec(int start) {
            SampleSpec.Method method = null;
            int index = start;
            boolean methodFirst = index < tokens.size()
                    && tokens.get(index).word()
                    && !Character.isDigit(text[tokens.get(index).start()])
                    && punctuation(index + 1, '(');
            if (methodFirst) {
                method = method(index);
                index += 2;
            }
            if (punctuation(index, '-')) {
                throw error(ErrorCode.INVALID_ARGUMENT, "a sample size must not be negative", index);
            }
            Number number = number(index);
            if (number == null) {
                throw error(
                        ErrorCode.SYNTAX_ERROR,
                        "expected a sample size (10%, 10 PERCENT or 10 ROWS) or a method (reservoir(10 ROWS))",
                        index);
            }
            int sizeAt = index;
            index = number.end();
            boolean percent = false;
            if (punctuation(index, '%') || word(index, "percent")) {
                percent = true;
                index++;
            } else if (word(index, "rows")) {
                index++;
            }
            Integer seed = null;
            if (methodFirst) {
                index = expect(index, ')');
            } else if (punctuation(index, '(')) {
                method = method(index + 1);
                index += 2;
                if (punctuation(index, ',')) {
                    seed = seed(index + 1);
                    index += 2;
                }
                index = expect(index, ')');
            }
            if (methodFirst && word(index, "repeatable")) {
                index = expect(index + 1, '(');
                seed = seed(index);
                index = expect(index + 1, ')');
            }
            if (method == null) {
                method = percent ? SampleSpec.Method.SYSTEM : SampleSpec.Method.RESERVOIR;
            }
            return new Parsed(check(method, number.value(), percent, seed, sizeAt), index);
        }

        /** The spec, or an error where DuckDB refuses it. */
        private SampleSpec check(SampleSpec.Method method, BigDecimal size, boolean percent, Integer seed, int at) {
            if (percent && size.compareTo(HUNDRED) > 0) {
                throw error(
                        ErrorCode.INVALID_ARGUMENT,
                        "sample size " + size.toPlainString() + "% is out of range: it must be between 0% and 100%",
                        at);
            }
            if (!percent && method == SampleSpec.Method.SYSTEM) {
                method = SampleSpec.Method.RESERVOIR; // as DuckDB: a row count is a reservoir's
            }
            if (!percent && method == SampleSpec.Method.BERNOULLI) {
                String name = method.name().toLowerCase(Locale.ROOT);
                throw error(
                        ErrorCode.INVALID_ARGUMENT,
                        "sample method " + name + " takes a percentage, not a row count: write " + name + "("
                                + size.toPlainString() + "%), or reservoir(" + size.toPlainString()
                                + " ROWS) for a number of rows",
                        at);
            }
            // DuckDB rounds a fractional row count half to even (10.5 rows are 10, 10.7 are 11)
            BigDecimal rows = percent ? size : size.setScale(0, RoundingMode.HALF_EVEN);
            return new SampleSpec(method, rows, percent, seed);
        }

        private SampleSpec.Method method(int index) {
            String name = index < tokens.size() ? token(index) : "";
            SampleSpec.Method method =
                    tokens.size() > index && tokens.get(index).word() ? SampleSpec.Method.named(name) : null;
            if (method == null) {
                throw error(
                        ErrorCode.SYNTAX_ERROR,
                        "unknown sampling method " + name + ": expected reservoir, bernoulli or system",
                        index);
            }
            return method;
        }

        private Integer seed(int index) {
            Number number = number(index);
            if (number == null
                    || number.end() != index + 1
                    || number.value().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw error(
                        ErrorCode.SYNTAX_ERROR,
                        "a sample seed must be a whole number from 0 to " + Integer.MAX_VALUE,
                        index);
            }
            return number.value().intValueExact();
        }

        private int expect(int index, char punctuation) {
            if (!punctuation(index, punctuation)) {
                throw error(ErrorCode.SYNTAX_ERROR, "expected \"" + punctuation + "\" in the sample clause", index);
            }
            return index + 1;
        }

        /** The unsigned number (digits, or digits.digits) at token {@code index}, or null. */
        private Number number(int index) {
            if (index >= tokens.size() || !digits(index)) {
                return null;
            }
            Token whole = tokens.get(index);
            if (punctuation(index + 1, '.')
                    && index + 2 < tokens.size()
                    && digits(index + 2)
                    && tokens.get(index + 1).start() == whole.end()
                    && tokens.get(index + 2).start() == whole.end() + 1) {
                return new Number(new BigDecimal(token(index) + "." + token(index + 2)), index + 3);
            }
            return new Number(new BigDecimal(token(index)), index + 1);
        }

        private boolean digits(int index) {
            return tokens.get(index).word() && token(index).chars().allMatch(Character::isDigit);
        }

        private String token(int index) {
            return DuckDbClauses.word(text, tokens.get(index));
        }

        private boolean word(int index, String word) {
            return DuckDbClauses.isWord(text, tokens, index, word);
        }

        private boolean punctuation(int index, char punctuation) {
            return DuckDbClauses.isPunctuation(text, tokens, index, punctuation);
        }

        /**
         * The token of the clause word {@code clause} of the same SELECT before token {@code at},
         * or -1: WINDOW, so that the sample's window joins its list; QUALIFY, before which it goes.
         */
        int clauseBefore(int at, String clause) {
            int depth = 0;
            for (int index = at - 1; index >= 0; index--) {
                if (punctuation(index, ')')) {
                    depth++;
                } else if (punctuation(index, '(')) {
                    if (depth == 0) {
                        return -1;
                    }
                    depth--;
                } else if (depth == 0 && word(index, "select")) {
                    return -1;
                } else if (depth == 0 && word(index, clause)) {
                    return index;
                }
            }
            return -1;
        }

        /** Whether a WINDOW clause of the same SELECT comes before token {@code using}. */
        boolean followsWindowClause(int using) {
            return clauseBefore(using, "window") >= 0;
        }

        /** An error at token {@code index} (or the end of the text). */
        private QuiverException error(ErrorCode code, String message, int index) {
            int offset = index < tokens.size() ? tokens.get(index).start() : sql.length();
            int errorLine = line;
            int errorColumn = column;
            for (int position = 0; position < offset; position++) {
                if (sql.charAt(position) == '\n') {
                    errorLine++;
                    errorColumn = 1;
                } else {
                    errorColumn++;
                }
            }
            return new QuiverException(code, message, errorLine, errorColumn, null);
        }
    }
}
