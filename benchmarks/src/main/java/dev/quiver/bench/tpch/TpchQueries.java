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

    /** A query's number and SQL. */
    public record Query(int number, String sql) {
        public String name() {
            return "q%02d".formatted(number);
        }
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
