package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DuckDB spellings that Calcite's grammar does not read, turned into ones it does before parsing,
 * positions in the text kept where they were (errors still point at the query as written) except
 * after a quoted {@code first}/{@code last} on the same line.
 *
 * <ul>
 *   <li>{@code GROUP BY ALL} and {@code ORDER BY ALL}: the word ALL becomes the quoted identifier
 *       {@code "*"} ({@link #ALL_COLUMNS}), which the planner expands after parsing into the select
 *       list's columns (see {@code dev.quiver.engine.plan.AllColumns}). Calcite's own
 *       {@code GROUP BY ALL a, b} (ALL as a set quantifier) stays: there an expression follows.
 *   <li>{@code f(x IGNORE NULLS)} and {@code f(x RESPECT NULLS)}, DuckDB's place for the null
 *       treatment: the closing parenthesis moves in front of the words, giving Calcite's
 *       {@code f(x) IGNORE NULLS}.
 *   <li>{@code first(x) OVER} and {@code last(x) OVER}: the names get quotes (the grammar reads an
 *       unquoted FIRST(x) as MATCH_RECOGNIZE's), so they resolve to the aggregates.
 *   <li>FROM-first queries become SELECT-first ones ({@link #fromFirst});
 *   <li>{@code UNION [ALL] BY NAME} marks its right query ({@link #unionByName}), and {@code #n}
 *       becomes a quoted name ({@link #positionalReferences});
 *   <li>a trailing comma in a select list is blanked, and {@code * EXCLUDE (…)},
 *       {@code * REPLACE (…)} and {@code * RENAME (…)} are written as select items
 *       ({@link #selectListSpellings});
 *   <li>{@code * LIKE 'pattern'} and its kin become COLUMNS lambdas ({@link #starPatterns});
 *   <li>{@code f(*COLUMNS(…))} gets a marked name ({@link #unpackedColumns});
 *   <li>{@code WITH c AS [NOT] MATERIALIZED (…)} loses the words ({@link #materializedCtes}).
 * </ul>
 */
public final class DuckDbClauses {
    /** The identifier that stands for ALL in {@code GROUP BY ALL} and {@code ORDER BY ALL} after parsing. */
    public static final String ALL_COLUMNS = "*";

    /** The alias that marks the right query of DuckDB's {@code UNION [ALL] BY NAME} after parsing. */
    public static final String BY_NAME_MARK = "*by name";

    /** The prefix of the quoted names that stand for DuckDB's {@code #n} column references after parsing. */
    public static final String POSITION_MARK = "#";

    /** Words that may follow {@code GROUP BY ALL}: the next clause. */
    private static final Set<String> AFTER_GROUP_BY_ALL = Set.of(
            "order",
            "having",
            "limit",
            "offset",
            "fetch",
            "qualify",
            "window",
            "union",
            "except",
            "intersect",
            "minus");

    /** Aggregates whose answer depends on the order of their input (string_agg and array_agg: the grammar's). */
    private static final Set<String> ORDERED = Set.of(
            "first",
            "last",
            "arbitrary",
            "any_value",
            "list",
            "arg_min",
            "arg_max",
            "arg_min_null",
            "arg_max_null",
            "min_by",
            "max_by",
            "mode",
            "histogram");

    /** Aggregates that ignore an ORDER BY inside the call, as DuckDB does. */
    private static final Set<String> ORDER_INSENSITIVE = Set.of(
            "sum",
            "count",
            "avg",
            "min",
            "max",
            "stddev",
            "stddev_samp",
            "stddev_pop",
            "variance",
            "var_samp",
            "var_pop",
            "bool_and",
            "bool_or",
            "bit_and",
            "bit_or",
            "bit_xor",
            "product",
            "median",
            "count_if",
            "fsum",
            "favg",
            "approx_count_distinct");

    /** More ordered calls than this in one statement are left to the grammar's error. */
    private static final int MAX_ORDERED_CALLS = 1000;

    /** Words that may follow {@code ORDER BY ALL}. */
    private static final Set<String> AFTER_ORDER_BY_ALL =
            Set.of("asc", "desc", "nulls", "limit", "offset", "fetch", "union", "except", "intersect", "minus");

    private DuckDbClauses() {}

    /** A word, a quoted name or literal, or one punctuation character, at [start, end) of the text. */
    record Token(int start, int end, boolean word) {}

    /** The text with the spellings above rewritten; the same text when there is none. */
    public static String rewrite(String sql) {
        // *COLUMNS(…) is marked after the select-list spellings, which look for COLUMNS(* EXCLUDE …) inside it
        return clauses(unpackedColumns(selectListSpellings(starPatterns(
                fromFirst(unionByName(positionalReferences(materializedCtes(keywordFunctionNames(sql)))))))));
    }

    /**
     * DuckDB's {@code WITH c AS [NOT] MATERIALIZED (…)}: the words are blanked (positions stay), so
     * the CTE is planned as any other — a CTE read more than once is computed once already where
     * the planner shares it. Only {@code MATERIALIZED} between {@code AS} (or {@code AS NOT}) and
     * an opening parenthesis is touched.
     */
    static String materializedCtes(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("materialized")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        for (int index = 1; index < tokens.size() - 1; index++) {
            if (!isWord(text, tokens, index, "materialized") || !isPunctuation(text, tokens, index + 1, '(')) {
                continue;
            }
            int first = isWord(text, tokens, index - 1, "not") ? index - 1 : index;
            if (first > 0 && isWord(text, tokens, first - 1, "as")) {
                Arrays.fill(text, tokens.get(first).start(), tokens.get(index).end(), ' ');
            }
        }
        return new String(text);
    }

    /**
     * DuckDB's function names that Calcite's grammar reads as its own keywords with another argument
     * order (BigQuery's {@code DATE_DIFF(d1, d2, unit)}): {@code date_diff(} and {@code date_sub(}
     * become the aliases {@code datediff (} and {@code datesub (}, the same length, so positions stay;
     * {@code timezone_hour(} and {@code timezone_minute(} (EXTRACT's field names) get quotes, which
     * moves later text on that line by two columns; {@code current_schema()} loses its empty
     * parentheses (blanked), since Calcite's grammar knows only the bare keyword.
     */
    static String keywordFunctionNames(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("date_diff")
                && !lower.contains("date_sub")
                && !lower.contains("timezone_")
                && !lower.contains("current_schema")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        StringBuilder quoted = new StringBuilder(sql);
        for (int index = tokens.size() - 2; index >= 0; index--) {
            if ((isWord(text, tokens, index, "timezone_hour") || isWord(text, tokens, index, "timezone_minute"))
                    && isPunctuation(text, tokens, index + 1, '(')
                    && !(index > 0 && isPunctuation(text, tokens, index - 1, '.'))) {
                Token name = tokens.get(index);
                quoted.replace(
                        name.start(),
                        name.end(),
                        '"' + sql.substring(name.start(), name.end()).toLowerCase(Locale.ROOT) + '"');
            }
        }
        if (quoted.length() != sql.length()) {
            sql = quoted.toString();
            text = sql.toCharArray();
            tokens = tokens(text);
        }
        for (int index = 0; index + 1 < tokens.size(); index++) {
            boolean diff = isWord(text, tokens, index, "date_diff");
            if ((diff || isWord(text, tokens, index, "date_sub"))
                    && isPunctuation(text, tokens, index + 1, '(')
                    && !(index > 0 && isPunctuation(text, tokens, index - 1, '.'))) {
                String alias = diff ? "datediff " : "datesub ";
                alias.getChars(0, alias.length(), text, tokens.get(index).start());
            }
            if (isWord(text, tokens, index, "current_schema")
                    && !(index > 0 && isPunctuation(text, tokens, index - 1, '.'))
                    && isPunctuation(text, tokens, index + 1, '(')
                    && index + 2 < tokens.size()
                    && isPunctuation(text, tokens, index + 2, ')')) {
                text[tokens.get(index + 1).start()] = ' ';
                text[tokens.get(index + 2).start()] = ' ';
            }
        }
        return new String(text);
    }

    /**
     * DuckDB's positional references {@code #n} (a {@code #} directly followed by digits) become the
     * quoted identifiers {@code "#n"}, which the planner resolves (see
     * {@code dev.quiver.engine.plan.PositionalReferences}); positions after one move by two columns.
     */
    static String positionalReferences(String sql) {
        if (sql.indexOf('#') < 0) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        StringBuilder marked = new StringBuilder(sql);
        for (int index = tokens.size() - 2; index >= 0; index--) {
            Token digits = tokens.get(index + 1);
            if (isPunctuation(text, tokens, index, '#')
                    && digits.word()
                    && digits.start() == tokens.get(index).end()
                    && word(text, digits).chars().allMatch(Character::isDigit)) {
                marked.insert(digits.end(), '"');
                marked.insert(tokens.get(index).start(), '"');
            }
        }
        return marked.toString();
    }

    /** Words that end the right query of a set operation at its own level. */
    private static final Set<String> AFTER_SET_QUERY =
            Set.of("union", "except", "minus", "order", "limit", "offset", "fetch");

    /**
     * DuckDB's {@code a UNION [ALL] BY NAME b}: the words BY NAME go, and the right query becomes
     * {@code SELECT * FROM (b) AS "*by name"} ({@link #BY_NAME_MARK}), which the planner lines up
     * with the left query's columns by name (see {@code dev.quiver.engine.plan.UnionsByName}).
     * The right query runs to the next UNION, EXCEPT, ORDER BY, LIMIT, OFFSET or FETCH at its level
     * (INTERSECT binds tighter, so it stays inside); positions after it move.
     */
    static String unionByName(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("name")) {
            return sql;
        }
        String current = sql;
        for (int pass = 0; pass < MAX_ORDERED_CALLS; pass++) {
            char[] text = current.toCharArray();
            List<Token> tokens = tokens(text);
            int by = -1;
            for (int index = tokens.size() - 1; index > 0 && by < 0; index--) {
                if (isWord(text, tokens, index, "by")
                        && isWord(text, tokens, index + 1, "name")
                        && (isWord(text, tokens, index - 1, "union")
                                || ((isWord(text, tokens, index - 1, "all")
                                                || isWord(text, tokens, index - 1, "distinct"))
                                        && isWord(text, tokens, index - 2, "union")))) {
                    by = index;
                }
            }
            if (by < 0) {
                return current;
            }
            int start = by + 2;
            int depth = 0;
            int end = start;
            for (; end < tokens.size(); end++) {
                if (isPunctuation(text, tokens, end, '(')) {
                    depth++;
                } else if (isPunctuation(text, tokens, end, ')')) {
                    if (--depth < 0) {
                        break;
                    }
                } else if (depth == 0
                        && (isPunctuation(text, tokens, end, ';')
                                || (tokens.get(end).word() && AFTER_SET_QUERY.contains(word(text, tokens.get(end)))))) {
                    break;
                }
            }
            if (end == start) {
                return current; // nothing follows: the grammar's error
            }
            int queryStart = tokens.get(start).start();
            int queryEnd = tokens.get(end - 1).end();
            current = current.substring(0, tokens.get(by).start())
                    + "SELECT * FROM (" + current.substring(queryStart, queryEnd) + ") AS \"" + BY_NAME_MARK + "\""
                    + current.substring(queryEnd);
        }
        return current;
    }

    /**
     * DuckDB's trailing comma in a select list ({@code SELECT a, b, FROM t}, {@code SELECT 1, 2,})
     * becomes a blank. DuckDB's {@code * EXCLUDE (a, b)}, {@code * REPLACE (e AS a)} and
     * {@code * RENAME (a AS b)} after a select-list star (one after the other, in any number) become
     * items the grammar reads, {@code *,"*excl"(a, b)}, {@code *,"*repl"(e , a)} and
     * {@code *,"*rnm"(a , b)} (the blank before each word becomes the comma, the word a quoted name
     * of its width, each AS directly inside the list a comma), which {@link StarModifiers} turns
     * into star items after parsing.
     */
    private static String selectListSpellings(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        boolean star = lower.contains("exclude") || lower.contains("replace") || lower.contains("rename");
        if (!lower.contains(",") && !star) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        for (int index = 0; index < tokens.size(); index++) {
            Token token = tokens.get(index);
            if (isPunctuation(text, tokens, index, ',')
                    && (isWord(text, tokens, index + 1, "from")
                            || index + 1 == tokens.size()
                            || isPunctuation(text, tokens, index + 1, ';'))) {
                text[token.start()] = ' ';
            } else if (star && isSelectStar(text, tokens, index) && isPunctuation(text, tokens, index + 2, '(')) {
                boolean inColumns =
                        isPunctuation(text, tokens, index - 1, '(') && isWord(text, tokens, index - 2, "columns");
                // each modifier list after the star is one more item: * EXCLUDE (…) REPLACE (…) RENAME (…)
                int before = index;
                for (int at = index + 1; at + 1 < tokens.size() && isPunctuation(text, tokens, at + 1, '('); ) {
                    String mark = modifierMark(text, tokens, at);
                    Token word = tokens.get(at);
                    if (mark == null || word.start() <= tokens.get(before).end()) {
                        break;
                    }
                    // inside COLUMNS(…) the star goes: the mark alone stands for "every column but"
                    boolean dropStar = inColumns && before == index;
                    text[dropStar ? token.start() : tokens.get(before).end()] = dropStar ? ' ' : ',';
                    mark.getChars(0, word.end() - word.start(), text, word.start());
                    int close = matchingParenthesis(text, tokens, at + 1);
                    if (!mark.equals(StarModifiers.EXCLUDE_MARK)) {
                        asListToCommas(text, tokens, at + 1, close);
                    }
                    if (inColumns) {
                        break;
                    }
                    before = close;
                    at = close + 1;
                }
            }
        }
        return new String(text);
    }

    /**
     * DuckDB's {@code SELECT * LIKE 'a%'} (also {@code NOT LIKE}, {@code [NOT] ILIKE}, {@code [NOT]
     * GLOB}, {@code [NOT] SIMILAR TO}): the columns whose names match, written as
     * {@code COLUMNS("*c" -> "*c" LIKE 'a%')} (after {@code t.*}: {@code COLUMNS(t.*, "*c" -> …)}),
     * which {@code plan/ColumnsExpressions} expands.
     */
    private static String starPatterns(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("like") && !lower.contains("glob") && !lower.contains("similar")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        StringBuilder rewritten = new StringBuilder();
        int copied = 0;
        for (int index = 0; index < tokens.size(); index++) {
            if (!isSelectStar(text, tokens, index) || isPunctuation(text, tokens, index - 1, '(')) {
                continue;
            }
            // t.* LIKE 'a%': the columns of t, written COLUMNS(t.*, "*c" -> …)
            int first = isPunctuation(text, tokens, index - 1, '.') ? index - 2 : index;
            int next = index + 1;
            boolean negated = isWord(text, tokens, next, "not");
            next += negated ? 1 : 0;
            String test;
            if (isWord(text, tokens, next, "like")
                    || isWord(text, tokens, next, "ilike")
                    || isWord(text, tokens, next, "glob")) {
                test = new String(
                        text,
                        tokens.get(next).start(),
                        tokens.get(next).end() - tokens.get(next).start());
                next++;
            } else if (isWord(text, tokens, next, "similar") && isWord(text, tokens, next + 1, "to")) {
                test = "SIMILAR TO";
                next += 2;
            } else {
                continue;
            }
            if (next >= tokens.size() || text[tokens.get(next).start()] != '\'') {
                continue; // not a pattern literal: leave it to the parser's error
            }
            String pattern =
                    sql.substring(tokens.get(next).start(), tokens.get(next).end());
            String match = test.equals("SIMILAR TO")
                    ? "regexp_matches(\"*c\", '^(?:' || " + pattern + " || ')$')"
                    : "\"*c\" " + test + " " + pattern;
            rewritten
                    .append(sql, copied, tokens.get(first).start())
                    .append("COLUMNS(")
                    .append(
                            first < index
                                    ? sql.substring(
                                                    tokens.get(first).start(),
                                                    tokens.get(index).end()) + ", "
                                    : "")
                    .append("\"*c\" -> ")
                    .append(negated ? "NOT (" + match + ")" : match)
                    .append(')');
            copied = tokens.get(next).end();
            index = next;
        }
        return copied == 0 ? sql : rewritten.append(sql, copied, sql.length()).toString();
    }

    /** The mark of the star modifier word at token {@code index} (EXCLUDE, REPLACE, RENAME), else null. */
    private static String modifierMark(char[] text, List<Token> tokens, int index) {
        if (isWord(text, tokens, index, "exclude")) {
            return StarModifiers.EXCLUDE_MARK;
        }
        if (isWord(text, tokens, index, "replace")) {
            return StarModifiers.REPLACE_MARK;
        }
        return isWord(text, tokens, index, "rename") ? StarModifiers.RENAME_MARK : null;
    }

    /**
     * DuckDB's {@code f(*COLUMNS(…))}: a {@code *COLUMNS} directly after an opening parenthesis or a
     * comma becomes {@link ColumnsCalls#UNPACK_MARK}, a quoted name of the same width, which the
     * planner expands into the columns as arguments of {@code f}.
     */
    private static String unpackedColumns(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("columns")) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        for (int index = 1; index + 2 < tokens.size(); index++) {
            if (isPunctuation(text, tokens, index, '*')
                    && (isPunctuation(text, tokens, index - 1, '(') || isPunctuation(text, tokens, index - 1, ','))
                    && isWord(text, tokens, index + 1, "columns")
                    && tokens.get(index + 1).start() == tokens.get(index).end()
                    && isPunctuation(text, tokens, index + 2, '(')) {
                ColumnsCalls.UNPACK_MARK.getChars(
                        0,
                        ColumnsCalls.UNPACK_MARK.length(),
                        text,
                        tokens.get(index).start());
            }
        }
        return new String(text);
    }

    /**
     * Each AS directly inside the REPLACE or RENAME list between tokens {@code open} and {@code close}
     * becomes a comma.
     */
    private static void asListToCommas(char[] text, List<Token> tokens, int open, int close) {
        for (int inside = open + 1; inside < close; inside++) {
            if (isWord(text, tokens, inside, "as") && depth(text, tokens, open, inside) == 1) {
                text[tokens.get(inside).start()] = ',';
                text[tokens.get(inside).start() + 1] = ' ';
            }
        }
    }

    /** Whether token {@code index} is a select-list {@code *}: after SELECT, DISTINCT, ALL, a comma or {@code t.}. */
    private static boolean isSelectStar(char[] text, List<Token> tokens, int index) {
        return isPunctuation(text, tokens, index, '*')
                && (isWord(text, tokens, index - 1, "select")
                        || (isPunctuation(text, tokens, index - 1, '(') && isWord(text, tokens, index - 2, "columns"))
                        || isWord(text, tokens, index - 1, "distinct")
                        || isWord(text, tokens, index - 1, "all")
                        || isPunctuation(text, tokens, index - 1, ',')
                        || isPunctuation(text, tokens, index - 1, '.'));
    }

    /** How many parentheses are open at token {@code index}, counting from the one at token {@code open}. */
    private static int depth(char[] text, List<Token> tokens, int open, int index) {
        int depth = 0;
        for (int current = open; current < index; current++) {
            if (isPunctuation(text, tokens, current, '(')) {
                depth++;
            } else if (isPunctuation(text, tokens, current, ')')) {
                depth--;
            }
        }
        return depth;
    }

    /** Words that end a FROM clause or a select list at its own level. */
    private static final Set<String> CLAUSE_WORDS = Set.of(
            "where",
            "group",
            "having",
            "order",
            "limit",
            "offset",
            "fetch",
            "qualify",
            "window",
            "union",
            "except",
            "intersect",
            "minus");

    /**
     * DuckDB's FROM-first queries, wherever a query starts ({@link #startsQuery}):
     * {@code FROM t SELECT a WHERE …} becomes {@code SELECT a FROM t WHERE …} (the two clauses
     * trade places; later positions may move by a column), and a bare {@code FROM t [WHERE …]}
     * becomes {@code SELECT * FROM t …} (positions after it move by nine columns).
     */
    static String fromFirst(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("from")) {
            return sql;
        }
        String current = sql;
        // one query per pass, the last one first, so earlier token positions stay valid
        for (int pass = 0; pass < MAX_ORDERED_CALLS; pass++) {
            char[] text = current.toCharArray();
            List<Token> tokens = tokens(text);
            int from = -1;
            for (int index = tokens.size() - 1; index >= 0 && from < 0; index--) {
                if (isWord(text, tokens, index, "from") && startsQuery(text, tokens, index)) {
                    from = index;
                }
            }
            if (from < 0) {
                return current;
            }
            current = moveFromFirst(current, text, tokens, from);
        }
        return current;
    }

    /**
     * Whether the FROM at token {@code from} starts a query: at the start of the statement, after an
     * opening parenthesis (not TRIM's), after AS ({@code CREATE TABLE t AS FROM u}), after a WITH
     * list ({@code WITH w AS (…) FROM w}: a parenthesis that opened after AS), or
     * as the query of {@code INSERT INTO t [(…)] FROM u}.
     */
    private static boolean startsQuery(char[] text, List<Token> tokens, int from) {
        if (from == 0
                || (isPunctuation(text, tokens, from - 1, '(') && !isWord(text, tokens, from - 2, "trim"))
                || isWord(text, tokens, from - 1, "as")) {
            return true;
        }
        if (isPunctuation(text, tokens, from - 1, ')')) {
            int open = openingParenthesis(text, tokens, from - 1);
            if (open > 0 && isWord(text, tokens, open - 1, "as") && depth(text, tokens, 0, from) == 0) {
                return true;
            }
        }
        if (!isWord(text, tokens, 0, "insert")) {
            return false;
        }
        for (int index = 1; index < from; index++) {
            if (isWord(text, tokens, index, "select")
                    || isWord(text, tokens, index, "values")
                    || isWord(text, tokens, index, "from")) {
                return false;
            }
        }
        return depth(text, tokens, 0, from) == 0;
    }

    /** The index of the token that opens the parenthesis closed at token {@code close}, or -1. */
    private static int openingParenthesis(char[] text, List<Token> tokens, int close) {
        int depth = 0;
        for (int index = close; index >= 0; index--) {
            if (isPunctuation(text, tokens, index, ')')) {
                depth++;
            } else if (isPunctuation(text, tokens, index, '(') && --depth == 0) {
                return index;
            }
        }
        return -1;
    }

    /** The text with the FROM-first query whose FROM is token {@code from} in SELECT-first order. */
    private static String moveFromFirst(String sql, char[] text, List<Token> tokens, int from) {
        int depth = 0;
        int select = -1;
        int index = from + 1;
        for (; index < tokens.size(); index++) {
            if (isPunctuation(text, tokens, index, '(')) {
                depth++;
            } else if (isPunctuation(text, tokens, index, ')')) {
                if (--depth < 0) {
                    break;
                }
            } else if (depth == 0 && isWord(text, tokens, index, "select")) {
                select = index;
                break;
            } else if (depth == 0
                    && (isPunctuation(text, tokens, index, ';')
                            || (tokens.get(index).word() && CLAUSE_WORDS.contains(word(text, tokens.get(index)))))) {
                break;
            }
        }
        int fromStart = tokens.get(from).start();
        if (select < 0) {
            return sql.substring(0, fromStart) + "SELECT * " + sql.substring(fromStart);
        }
        int listEnd = endOfSelectList(text, tokens, select);
        int selectStart = tokens.get(select).start();
        int end = listEnd < tokens.size() ? tokens.get(listEnd).start() : sql.length();
        String fromClause = sql.substring(fromStart, selectStart).stripTrailing();
        String selectList = sql.substring(selectStart, end).stripTrailing();
        return sql.substring(0, fromStart) + selectList + " " + fromClause + " " + sql.substring(end);
    }

    /** The token index where the select list that starts at token {@code select} ends. */
    private static int endOfSelectList(char[] text, List<Token> tokens, int select) {
        int depth = 0;
        for (int index = select + 1; index < tokens.size(); index++) {
            if (isPunctuation(text, tokens, index, '(')) {
                depth++;
            } else if (isPunctuation(text, tokens, index, ')')) {
                if (--depth < 0) {
                    return index;
                }
            } else if (depth == 0
                    && (isPunctuation(text, tokens, index, ';')
                            || (tokens.get(index).word() && CLAUSE_WORDS.contains(word(text, tokens.get(index)))))) {
                return index;
            }
        }
        return tokens.size();
    }

    /** GROUP BY ALL, ORDER BY ALL, IGNORE NULLS, ordered aggregates and first/last over windows. */
    private static String clauses(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("all") && !lower.contains("nulls")) {
            return quoteWindowFirstLast(orderedAggregates(sql));
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        for (int index = 0; index < tokens.size(); index++) {
            if (isWord(text, tokens, index, "group")
                    && isWord(text, tokens, index + 1, "by")
                    && isWord(text, tokens, index + 2, "all")
                    && endsClause(text, tokens, index + 3, AFTER_GROUP_BY_ALL)) {
                markAll(text, tokens.get(index + 2));
            } else if (isWord(text, tokens, index, "order")
                    && isWord(text, tokens, index + 1, "by")
                    && isWord(text, tokens, index + 2, "all")
                    && endsClause(text, tokens, index + 3, AFTER_ORDER_BY_ALL)) {
                markAll(text, tokens.get(index + 2));
            } else if ((isWord(text, tokens, index, "ignore") || isWord(text, tokens, index, "respect"))
                    && isWord(text, tokens, index + 1, "nulls")
                    && isPunctuation(text, tokens, index + 2, ')')) {
                // "x IGNORE NULLS )" -> "x )IGNORE NULLS": the parenthesis moves to where the words began
                int start = tokens.get(index).start();
                int close = tokens.get(index + 2).start();
                System.arraycopy(text, start, text, start + 1, close - start);
                text[start] = ')';
            }
        }
        return quoteWindowFirstLast(orderedAggregates(new String(text)));
    }

    /**
     * DuckDB's {@code f(x ORDER BY y)}: for the aggregates whose answer depends on the order
     * ({@link #ORDERED}) it becomes {@code f(x) WITHIN GROUP (ORDER BY y)}, which the validator
     * knows; for those whose answer does not ({@link #ORDER_INSENSITIVE}) the ORDER BY is blanked
     * out, as DuckDB ignores it. One call per pass, inner calls first, until none is left.
     */
    private static String orderedAggregates(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("order")) {
            return sql;
        }
        String current = sql;
        for (int pass = 0; pass < MAX_ORDERED_CALLS; pass++) {
            String next = rewriteOneOrderedCall(current);
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** The text with the last ordered aggregate call rewritten, or null when there is none. */
    private static String rewriteOneOrderedCall(String sql) {
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        for (int index = tokens.size() - 2; index >= 0; index--) {
            if (!tokens.get(index).word()
                    || !isPunctuation(text, tokens, index + 1, '(')
                    || (index > 0 && isPunctuation(text, tokens, index - 1, '.'))) {
                continue;
            }
            String name = word(text, tokens.get(index));
            boolean ordered = ORDERED.contains(name);
            if (!ordered && !ORDER_INSENSITIVE.contains(name)) {
                continue;
            }
            int close = matchingParenthesis(text, tokens, index + 1);
            int order = close < 0 ? -1 : orderByAtTopLevel(text, tokens, index + 1, close);
            if (order < 0) {
                continue;
            }
            int orderStart = tokens.get(order).start();
            int closeStart = tokens.get(close).start();
            if (!ordered) {
                StringBuilder blanked = new StringBuilder(sql);
                for (int position = orderStart; position < closeStart; position++) {
                    if (!Character.isWhitespace(blanked.charAt(position))) {
                        blanked.setCharAt(position, ' ');
                    }
                }
                return blanked.toString();
            }
            return sql.substring(0, orderStart).stripTrailing() + ") WITHIN GROUP ("
                    + sql.substring(orderStart, closeStart) + sql.substring(closeStart);
        }
        return null;
    }

    /** The token index of an ORDER BY directly inside the call's parentheses (open, close), or -1. */
    private static int orderByAtTopLevel(char[] text, List<Token> tokens, int open, int close) {
        int depth = 0;
        for (int index = open + 1; index < close; index++) {
            if (isPunctuation(text, tokens, index, '(')) {
                depth++;
            } else if (isPunctuation(text, tokens, index, ')')) {
                depth--;
            } else if (depth == 0 && isWord(text, tokens, index, "order") && isWord(text, tokens, index + 1, "by")) {
                return index > open + 1 ? index : -1;
            }
        }
        return -1;
    }

    static String word(char[] text, Token token) {
        return new String(text, token.start(), token.end() - token.start()).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code first(x) OVER (…)} and {@code last(x) OVER (…)} with the names quoted: the grammar
     * reads an unquoted {@code FIRST(x)} as MATCH_RECOGNIZE's navigation, which takes no OVER.
     * This is the one rewrite that moves later text (by two columns on that line).
     */
    private static String quoteWindowFirstLast(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!(lower.contains("first") || lower.contains("last"))) {
            return sql;
        }
        char[] text = sql.toCharArray();
        List<Token> tokens = tokens(text);
        StringBuilder quoted = new StringBuilder(sql);
        for (int index = tokens.size() - 1; index >= 0; index--) {
            if ((isWord(text, tokens, index, "first") || isWord(text, tokens, index, "last"))
                    && isPunctuation(text, tokens, index + 1, '(')
                    && !(index > 0 && isPunctuation(text, tokens, index - 1, '.'))) {
                int close = matchingParenthesis(text, tokens, index + 1);
                if (close >= 0
                        && (isWord(text, tokens, close + 1, "over")
                                || isWord(text, tokens, close + 1, "filter")
                                || isWord(text, tokens, close + 1, "within"))) {
                    Token name = tokens.get(index);
                    // lower case: a quoted name keeps its case, and the aggregates' names are lower case
                    quoted.replace(
                            name.start(),
                            name.end(),
                            '"' + sql.substring(name.start(), name.end()).toLowerCase(Locale.ROOT) + '"');
                }
            }
        }
        return quoted.toString();
    }

    /** The index of the token that closes the parenthesis at token {@code open}, or -1. */
    private static int matchingParenthesis(char[] text, List<Token> tokens, int open) {
        int depth = 0;
        for (int index = open; index < tokens.size(); index++) {
            if (isPunctuation(text, tokens, index, '(')) {
                depth++;
            } else if (isPunctuation(text, tokens, index, ')') && --depth == 0) {
                return index;
            }
        }
        return -1;
    }

    private static void markAll(char[] text, Token all) {
        text[all.start()] = '"';
        text[all.start() + 1] = ALL_COLUMNS.charAt(0);
        text[all.start() + 2] = '"';
    }

    static boolean isWord(char[] text, List<Token> tokens, int index, String word) {
        if (index >= tokens.size() || !tokens.get(index).word()) {
            return false;
        }
        Token token = tokens.get(index);
        return token.end() - token.start() == word.length()
                && new String(text, token.start(), word.length()).equalsIgnoreCase(word);
    }

    static boolean isPunctuation(char[] text, List<Token> tokens, int index, char punctuation) {
        return index >= 0
                && index < tokens.size()
                && !tokens.get(index).word()
                && tokens.get(index).end() - tokens.get(index).start() == 1
                && text[tokens.get(index).start()] == punctuation;
    }

    /** Whether the clause ends before token {@code index}: nothing, ")", ";" or one of {@code next}. */
    private static boolean endsClause(char[] text, List<Token> tokens, int index, Set<String> next) {
        if (index >= tokens.size()) {
            return true;
        }
        Token token = tokens.get(index);
        if (token.word()) {
            return next.contains(new String(text, token.start(), token.end() - token.start()).toLowerCase(Locale.ROOT));
        }
        return isPunctuation(text, tokens, index, ')') || isPunctuation(text, tokens, index, ';');
    }

    /** The tokens of the text, comments and blanks left out. */
    static List<Token> tokens(char[] text) {
        List<Token> tokens = new ArrayList<>();
        int length = text.length;
        int index = 0;
        while (index < length) {
            char current = text[index];
            if (Character.isWhitespace(current)) {
                index++;
            } else if (current == '\'' || current == '"') {
                int end = skipQuoted(text, index, current);
                tokens.add(new Token(index, end, false));
                index = end;
            } else if (current == '$' && index + 1 < length && text[index + 1] == '$') {
                int end = new String(text).indexOf("$$", index + 2);
                end = end < 0 ? length : end + 2;
                tokens.add(new Token(index, end, false));
                index = end;
            } else if (current == '-' && index + 1 < length && text[index + 1] == '-') {
                while (index < length && text[index] != '\n') {
                    index++;
                }
            } else if (current == '/' && index + 1 < length && text[index + 1] == '*') {
                int end = new String(text).indexOf("*/", index + 2);
                index = end < 0 ? length : end + 2;
            } else if (Character.isLetterOrDigit(current) || current == '_') {
                int end = index;
                while (end < length && (Character.isLetterOrDigit(text[end]) || text[end] == '_' || text[end] == '$')) {
                    end++;
                }
                tokens.add(new Token(index, end, true));
                index = end;
            } else {
                tokens.add(new Token(index, index + 1, false));
                index++;
            }
        }
        return tokens;
    }

    /** The index after the quoted text that starts at {@code start} (a doubled quote stays inside). */
    private static int skipQuoted(char[] text, int start, char quote) {
        int index = start + 1;
        while (index < text.length) {
            if (text[index] == quote) {
                if (index + 1 < text.length && text[index + 1] == quote) {
                    index += 2;
                    continue;
                }
                return index + 1;
            }
            index++;
        }
        return text.length;
    }
}
