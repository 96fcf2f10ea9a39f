package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random window function queries run on Quiver and on DuckDB over the same random table (NULLs,
 * ties, many partitions), compared row for row: every query selects the row's id, so the rows are
 * matched by it. Order-sensitive functions and ROWS frames get the id as a last ORDER BY key, so
 * both engines see one order; RANGE and GROUPS frames and ranks are exact over ties as they stand.
 */
@Tag("slow") // 500 random queries planned and run on both engines: ~35 s
class WindowFunctionDuckDbFuzzTest {
    private static final int ROWS = 1500;
    private static final int QUERIES = 500;

    private static Quiver database;
    private static Session session;
    private static Connection duckdb;

    @BeforeAll
    static void open() throws SQLException {
        // small morsels and two threads: buckets are cut into several batches and run in parallel
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(64));
        session = database.newSession();
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        String create =
                "CREATE TABLE t (id INTEGER, p INTEGER, q VARCHAR, o INTEGER, d DOUBLE, v BIGINT, m DECIMAL(10, 2))";
        String insert = "INSERT INTO t VALUES " + String.join(", ", randomRows(new Random(7)));
        session.execute(create).close();
        session.execute(insert).close();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute(create);
            statement.execute(insert);
        }
    }

    @AfterAll
    static void close() throws SQLException {
        session.close();
        database.close(); // fails if a query leaked memory
        duckdb.close();
    }

    private static List<String> randomRows(Random random) {
        List<String> rows = new ArrayList<>();
        for (int id = 0; id < ROWS; id++) {
            rows.add("(" + id + ", "
                    + orNull(random, 0.05, String.valueOf(random.nextInt(40))) + ", "
                    + orNull(random, 0.05, "'" + (char) ('a' + random.nextInt(5)) + "'") + ", "
                    + orNull(random, 0.1, String.valueOf(random.nextInt(25) - 5)) + ", "
                    + orNull(random, 0.1, String.valueOf(Math.round(random.nextGaussian() * 1000) / 8.0)) + ", "
                    + orNull(random, 0.15, String.valueOf(random.nextInt(2000) - 1000)) + ", "
                    + orNull(
                            random,
                            0.1,
                            BigDecimal.valueOf(random.nextInt(200000) - 100000, 2)
                                    .toString())
                    + ")");
        }
        return rows;
    }

    private static String orNull(Random random, double nulls, String value) {
        return random.nextDouble() < nulls ? "NULL" : value;
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** One random query: the id and one window function call. */
    private static String randomQuery(Random random) {
        String partition = pick(random, "", "PARTITION BY p", "PARTITION BY q", "PARTITION BY p, q", "PARTITION BY q");
        String direction = pick(random, "", " DESC", " NULLS FIRST", " DESC NULLS LAST", " DESC NULLS FIRST");
        String key = pick(random, "o", "o", "d", "m");
        String call;
        String order;
        String frame = "";
        int kind = random.nextInt(5);
        if (kind == 0) { // ranks: exact over ties
            call = pick(random, "rank()", "dense_rank()", "percent_rank()", "cume_dist()", "count(*)", "sum(v)");
            // without ORDER BY every row is a peer: rank 1, the whole partition as the frame
            order = random.nextInt(6) == 0 ? "" : "ORDER BY " + key + direction;
        } else if (kind == 1) { // order-sensitive: a total order
            call = pick(
                    random,
                    "row_number()",
                    "ntile(" + (1 + random.nextInt(7)) + ")",
                    "lag(v)",
                    "lag(v, " + random.nextInt(4) + ")",
                    "lag(v, 2, -1)",
                    "lead(v, " + random.nextInt(4) + ")",
                    "lead(q, 1, 'zz')",
                    "lag(v IGNORE NULLS)",
                    "lead(v, 2 IGNORE NULLS)",
                    "lead(v, 1, 0 IGNORE NULLS)",
                    "first_value(v)",
                    "last_value(v)",
                    "first_value(v IGNORE NULLS)",
                    "last_value(v IGNORE NULLS)",
                    "nth_value(v, " + (1 + random.nextInt(3)) + ")");
            order = "ORDER BY " + key + direction + ", id";
            if (call.startsWith("first") || call.startsWith("last") || call.startsWith("nth")) {
                frame = random.nextBoolean() ? "" : rowsFrame(random);
            }
        } else if (kind == 2) { // aggregates over ROWS frames
            call = aggregate(random);
            order = "ORDER BY " + key + direction + ", id";
            frame = random.nextInt(5) == 0 ? "" : rowsFrame(random);
        } else if (kind == 3) { // aggregates over RANGE frames of one key
            call = aggregate(random);
            order = "ORDER BY " + pick(random, "o", "d", "m") + direction;
            frame = random.nextInt(5) == 0 ? "" : rangeFrame(random);
        } else { // aggregates over GROUPS frames: peer groups of one or two keys, exact over ties
            call = aggregate(random);
            order = random.nextInt(8) == 0
                    ? ""
                    : "ORDER BY " + key + direction + pick(random, "", "", ", q", ", p DESC");
            frame = groupsFrame(random);
        }
        boolean excludable = kind >= 2;
        if (excludable && !frame.isEmpty() && random.nextInt(3) == 0) {
            frame += " EXCLUDE " + pick(random, "CURRENT ROW", "GROUP", "TIES", "NO OTHERS");
        }
        return "SELECT id, " + call + " OVER (" + partition + " " + order + " " + frame + ") AS w FROM t";
    }

    private static String aggregate(Random random) {
        return pick(
                random,
                "count(*)",
                "count(v)",
                "sum(v)",
                "sum(m)",
                "sum(d)",
                "avg(v)",
                "avg(d)",
                "min(v)",
                "max(v)",
                "min(q)",
                "max(q)",
                "min(d)",
                "max(m)",
                "count(DISTINCT v)",
                "count(DISTINCT q)",
                "min(DISTINCT v)",
                "sum(DISTINCT v)",
                "avg(DISTINCT m)",
                "sum(DISTINCT d)",
                "stddev_samp(v)",
                "var_pop(v)");
    }

    private static String rowsFrame(Random random) {
        String[] lower = {
            "UNBOUNDED PRECEDING", "CURRENT ROW", "3 PRECEDING", "1 PRECEDING", "0 PRECEDING", "2 FOLLOWING"
        };
        String[] upper = {
            "UNBOUNDED FOLLOWING", "CURRENT ROW", "1 PRECEDING", "2 FOLLOWING", "0 FOLLOWING", "5 FOLLOWING"
        };
        return "ROWS BETWEEN " + pick(random, lower) + " AND " + pick(random, upper);
    }

    private static String rangeFrame(Random random) {
        String[] lower = {
            "UNBOUNDED PRECEDING", "CURRENT ROW", "3 PRECEDING", "1 PRECEDING", "0 PRECEDING", "2 FOLLOWING"
        };
        String[] upper = {
            "UNBOUNDED FOLLOWING", "CURRENT ROW", "1 PRECEDING", "2 FOLLOWING", "0 FOLLOWING", "5 FOLLOWING"
        };
        return "RANGE BETWEEN " + pick(random, lower) + " AND " + pick(random, upper);
    }

    private static String groupsFrame(Random random) {
        String[] lower = {
            "UNBOUNDED PRECEDING", "CURRENT ROW", "3 PRECEDING", "1 PRECEDING", "0 PRECEDING", "2 FOLLOWING"
        };
        String[] upper = {
            "UNBOUNDED FOLLOWING", "CURRENT ROW", "1 PRECEDING", "2 FOLLOWING", "0 FOLLOWING", "5 FOLLOWING"
        };
        if (random.nextInt(6) == 0) { // the short form: from the bound to the current row
            return "GROUPS " + pick(random, "UNBOUNDED PRECEDING", "CURRENT ROW", "2 PRECEDING");
        }
        return "GROUPS BETWEEN " + pick(random, lower) + " AND " + pick(random, upper);
    }

    @Test
    void randomWindowQueriesAgreeWithDuckDb() throws SQLException {
        Random random = new Random(20261206);
        List<String> failures = new ArrayList<>();
        for (int index = 0; index < QUERIES; index++) {
            String query = randomQuery(random);
            String ordered = query + " ORDER BY id";
            List<List<Object>> expected;
            String duckdbError = null;
            try {
                expected = duckdb(ordered);
            } catch (SQLException e) {
                expected = null;
                duckdbError = e.getMessage();
            }
            List<List<Object>> actual;
            try (QueryResult result = session.execute(ordered)) {
                actual = result.rows();
            } catch (RuntimeException e) {
                if (duckdbError == null) {
                    failures.add(query + "\n  Quiver failed: " + e.getMessage());
                }
                continue;
            }
            if (duckdbError != null) {
                failures.add(query + "\n  DuckDB failed (" + duckdbError + "), Quiver answered");
                continue;
            }
            String difference = difference(expected, actual);
            if (difference != null) {
                failures.add(query + "\n  " + difference);
            }
        }
        assertThat(failures).as("queries whose answers differ from DuckDB's").isEmpty();
    }

    private static List<List<Object>> duckdb(String query) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The first difference, or null when the rows agree (DOUBLE within 1e-9 relative). */
    private static String difference(List<List<Object>> expected, List<List<Object>> actual) {
        if (expected.size() != actual.size()) {
            return "DuckDB " + expected.size() + " rows, Quiver " + actual.size();
        }
        for (int row = 0; row < expected.size(); row++) {
            for (int column = 0; column < expected.get(row).size(); column++) {
                Object want = expected.get(row).get(column);
                Object got = actual.get(row).get(column);
                if (!same(want, got)) {
                    return "row " + row + " (id " + expected.get(row).getFirst() + "): DuckDB " + want + ", Quiver "
                            + got;
                }
            }
        }
        return null;
    }

    private static boolean same(Object want, Object got) {
        if (want == null || got == null) {
            return want == got;
        }
        if (want instanceof Double || want instanceof Float || got instanceof Double || got instanceof Float) {
            double left = ((Number) want).doubleValue();
            double right = ((Number) got).doubleValue();
            return Math.abs(left - right) <= 1e-9 * Math.max(Math.abs(left), Math.abs(right)) + 1e-9;
        }
        if (want instanceof Number && got instanceof Number) {
            return new BigDecimal(want.toString()).compareTo(new BigDecimal(got.toString())) == 0;
        }
        return want.toString().equals(got.toString());
    }
}
