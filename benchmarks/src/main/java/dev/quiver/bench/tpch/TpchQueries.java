package dev.quiver.bench.tpch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The 22 TPC-H queries, read from the sqllogictest files that check their answers
 * ({@code sql-tests/src/test/resources/sql/tpch/qNN.test}): one copy of the query text serves both.
 */
public final class TpchQueries {
    private TpchQueries() {}

    /** A query's number, SQL and the name it is reported under. */
    public record Query(int number, String sql, String name) {
        /** TPC-H query {@code number}, reported as q01..q22. */
        public Query(int number, String sql) {
            this(number, sql, "q%02d".formatted(number));
        }
    }

    /**
     * Window function queries over lineitem (not TPC-H's own): many small partitions, a sliding
     * ROWS frame, ranks in a few large partitions, lag, a whole-partition count and one global
     * sliding MIN. Each aggregates its window results, so the time is the window's, not the result
     * transfer's.
     */
    public static List<Query> windowQueries() {
        List<String> texts = List.of(
                "SELECT sum(rn) FROM (SELECT row_number() OVER (PARTITION BY l_orderkey ORDER BY l_linenumber) AS rn"
                        + " FROM lineitem) t",
                "SELECT max(s) FROM (SELECT sum(l_extendedprice) OVER (PARTITION BY l_suppkey ORDER BY l_shipdate,"
                        + " l_orderkey, l_linenumber ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) AS s FROM lineitem) t",
                "SELECT count(*) FROM (SELECT rank() OVER (PARTITION BY l_returnflag, l_linestatus"
                        + " ORDER BY l_extendedprice DESC) AS r FROM lineitem) t WHERE r <= 10",
                "SELECT avg(d) FROM (SELECT l_quantity - lag(l_quantity) OVER (PARTITION BY l_partkey"
                        + " ORDER BY l_orderkey, l_linenumber) AS d FROM lineitem) t",
                "SELECT sum(c) FROM (SELECT count(*) OVER (PARTITION BY l_shipmode) AS c FROM lineitem) t",
                "SELECT max(m) FROM (SELECT min(l_discount) OVER (ORDER BY l_orderkey, l_linenumber"
                        + " ROWS BETWEEN 100 PRECEDING AND 100 FOLLOWING) AS m FROM lineitem) t");
        List<Query> queries = new ArrayList<>();
        for (int index = 0; index < texts.size(); index++) {
            queries.add(new Query(index + 1, texts.get(index), "w%d".formatted(index + 1)));
        }
        return queries;
    }

    /** Loads the queries with the given numbers (1..22) from the repository at {@code root}. */
    public static List<Query> load(Path root, List<Integer> numbers) {
        List<Query> queries = new ArrayList<>();
        for (int number : numbers) {
            Path file = root.resolve("sql-tests/src/test/resources/sql/tpch/q%02d.test".formatted(number));
            queries.add(new Query(number, sqlOf(file)));
        }
        return queries;
    }

    /** The SQL of the file's first {@code query} record: the lines between it and {@code ----}. */
    static String sqlOf(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the TPC-H query file " + file
                            + " (run from the repository root, or set -Dquiver.home)",
                    e);
        }
        StringBuilder sql = new StringBuilder();
        boolean inQuery = false;
        for (String line : lines) {
            if (!inQuery && line.startsWith("query ")) {
                inQuery = true;
            } else if (inQuery && line.equals("----")) {
                return sql.toString().strip();
            } else if (inQuery) {
                sql.append(line).append('\n');
            }
        }
        throw new IllegalStateException(file + " has no query record");
    }
}
