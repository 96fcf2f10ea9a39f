package dev.quiver.sqltest.tpcds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 99 TPC-DS queries (103 texts: 14, 23, 24 and 39 come in two parts, a and b). The texts are
 * not stored in this repository: they are read at run time from the resources {@code tpcds/qN.sql}
 * of Apache Spark's test jar ({@code org.apache.spark:spark-sql_2.13:tests}, Apache-2.0), which
 * is on the class path for that alone.
 *
 * <p>Spark's texts are standard SQL apart from two spellings, rewritten here for every query so
 * both Quiver and DuckDB run the same text: backquoted aliases ({@code `order count`}) become
 * double-quoted, and {@code INTERVAL 30 days} becomes {@code INTERVAL '30' DAY} (Calcite's parser
 * wants the quoted SQL-standard literal; DuckDB reads both). Rewrites for one query
 * are in {@link #REWRITES}, each with its reason; a rewrite that no longer matches its text fails
 * loudly rather than silently running another query.
 */
public final class TpcdsQueries {
    private static final Pattern BACKQUOTED = Pattern.compile("`([^`]*)`");
    private static final Pattern DAY_INTERVAL = Pattern.compile("(?i)\\bINTERVAL\\s+(\\d+)\\s+DAYS?\\b");
    private static final Set<Integer> TWO_PART_QUERIES = Set.of(14, 23, 24, 39);

    /** A replacement (of every match of a regular expression) in one query, and why it is needed. */
    private record Rewrite(Pattern from, String to, String reason) {
        Rewrite(String regex, String to, String reason) {
            this(Pattern.compile(regex), to, reason);
        }
    }

    private static final Rewrite QUOTE_RETURNS = new Rewrite(
            "(?i)\\breturns\\b",
            "\"returns\"",
            "RETURNS is a reserved word in Quiver's (Calcite's) grammar, so the alias is quoted");

    /** Per-query rewrites, by query name. */
    private static final Map<String, List<Rewrite>> REWRITES = Map.of(
            "q5", List.of(QUOTE_RETURNS),
            "q77", List.of(QUOTE_RETURNS),
            "q80", List.of(QUOTE_RETURNS),
            "q30",
                    List.of(new Rewrite(
                            "\\bc_last_review_date\\b",
                            "c_last_review_date_sk",
                            "Spark's schema names the column c_last_review_date; dsdgen's (ours, DuckDB's) has _sk")),
            "q90",
                    List.of(new Rewrite(
                            "\\) at,",
                            ") amt,",
                            "AT is a reserved word in DuckDB, so the derived table's alias is renamed")));

    private TpcdsQueries() {}

    /** A query's name ({@code q1} .. {@code q99}, {@code q14a} ...) and the SQL both engines run. */
    public record Query(String name, String sql) {}

    /** The names of the 103 query texts in TPC-DS order: q1 .. q13, q14a, q14b, q15 .. q99. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int number = 1; number <= 99; number++) {
            if (TWO_PART_QUERIES.contains(number)) {
                names.add("q" + number + "a");
                names.add("q" + number + "b");
            } else {
                names.add("q" + number);
            }
        }
        return names;
    }

    /** Every query, rewritten, in the order of {@link #names()}. */
    public static List<Query> all() {
        return load(names());
    }

    /** The named queries, rewritten. */
    public static List<Query> load(List<String> names) {
        List<Query> queries = new ArrayList<>();
        for (String name : names) {
            queries.add(new Query(name, rewrite(name, text(name))));
        }
        return queries;
    }

    private static String text(String name) {
        String resource = "tpcds/" + name + ".sql";
        try (InputStream in = TpcdsQueries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no TPC-DS query " + name + ": the resource " + resource
                        + " is missing (is Spark's spark-sql tests jar on the class path?); the queries are "
                        + names());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static String rewrite(String name, String text) {
        String sql = BACKQUOTED.matcher(text).replaceAll(match -> Matcher.quoteReplacement('"' + match.group(1) + '"'));
        sql = DAY_INTERVAL.matcher(sql).replaceAll("INTERVAL '$1' DAY");
        for (Rewrite rewrite : REWRITES.getOrDefault(name, List.of())) {
            Matcher matcher = rewrite.from().matcher(sql);
            if (!matcher.find()) {
                throw new IllegalStateException(
                        name + "'s rewrite (" + rewrite.reason() + ") no longer matches: " + rewrite.from());
            }
            sql = matcher.replaceAll(Matcher.quoteReplacement(rewrite.to()));
        }
        return sql.strip();
    }
}
