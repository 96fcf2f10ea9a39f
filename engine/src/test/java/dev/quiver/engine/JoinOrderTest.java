package dev.quiver.engine;

import static dev.quiver.engine.TestTables.BIGINT;
import static dev.quiver.engine.TestTables.VARCHAR;
import static dev.quiver.engine.TestTables.notNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.join.HashJoinOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Join order from statistics alone — no declared keys: a TPC-H-shaped snowflake (region, nation,
 * supplier, customer, orders, lineitem) at a tenth of TPC-H's scale factor 1.
 */
class JoinOrderTest {
    private static Quiver database;

    @BeforeAll
    static void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2));
        table("region", 5, row -> List.of(row, row == 2 ? "ASIA" : "R" + row));
        table("nation", 25, row -> List.of(row, "N" + row, row % 5));
        // TPC-H's proportions: 40 suppliers and 600 customers per nation, 10 orders per customer
        java.util.Random random = new java.util.Random(42);
        table("supplier", 1000, row -> List.of(row, row % 25));
        table("customer", 15_000, row -> List.of(row, row % 25));
        table("orders", 150_000, row -> List.of(row, (long) random.nextInt(15_000), row % 365));
        table("lineitem", 600_000, row -> List.of(row / 4, (long) random.nextInt(1000), row % 1000));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static void table(String name, int rows, java.util.function.LongFunction<List<Object>> row) {
        List<String> columns = switch (name) {
            case "region" -> List.of("r_regionkey", "r_name");
            case "nation" -> List.of("n_nationkey", "n_name", "n_regionkey");
            case "supplier" -> List.of("s_suppkey", "s_nationkey");
            case "customer" -> List.of("c_custkey", "c_nationkey");
            case "orders" -> List.of("o_orderkey", "o_custkey", "o_day");
            default -> List.of("l_orderkey", "l_suppkey", "l_price");
        };
        List<List<Object>> values = new ArrayList<>();
        for (long index = 0; index < rows; index++) {
            values.add(row.apply(index));
        }
        List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
        for (int column = 0; column < columns.size(); column++) {
            fields.add(notNull(columns.get(column), values.get(0).get(column) instanceof String ? VARCHAR : BIGINT));
        }
        TestTables.create(database, name, fields, values, 4096);
    }

    private static PlannedQuery plan(String sql) throws SqlParseException {
        SqlParser.Config config = SqlParser.config().withUnquotedCasing(Casing.TO_LOWER);
        return new QueryPlanner(
                        database.catalog(),
                        database::files,
                        QuiverConfig.defaults().batchRows(),
                        true)
                .plan(SqlParser.create(sql, config).parseQuery());
    }

    /** The tables below every join, innermost joins first. */
    private static List<Set<String>> joinedTables(PhysicalOperator operator) {
        List<Set<String>> joins = new ArrayList<>();
        collect(operator, joins);
        return joins;
    }

    private static Set<String> collect(PhysicalOperator operator, List<Set<String>> joins) {
        Set<String> tables = new TreeSet<>();
        if (operator.describe().startsWith("TableScan(")) {
            tables.add(operator.describe().substring("TableScan(".length()).split("[,)]")[0]);
        }
        for (PhysicalOperator child : operator.children()) {
            tables.addAll(collect(child, joins));
        }
        if (operator instanceof HashJoinOperator) {
            joins.add(tables);
        }
        return tables;
    }

    private static final String Q5 = """
            SELECT n_name, sum(l_price) AS revenue
            FROM customer, orders, lineitem, supplier, nation, region
            WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
              AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
              AND r_name = 'ASIA' AND o_day < 100
            GROUP BY n_name ORDER BY revenue DESC""";

    @Test
    void twoDimensionsAreNotJoinedOnTheirSharedLowCardinalityColumnFirst() throws SqlParseException {
        List<Set<String>> joins = joinedTables(plan(Q5).root());
        assertThat(joins).hasSize(5);
        for (Set<String> joined : joins) {
            // customer and supplier meet only once a fact table connects them on keys
            if (joined.contains("customer") && joined.contains("supplier")) {
                assertThat(joined).as("%s", joins).contains("lineitem", "orders");
            }
        }
    }

    @Test
    void theSmallDimensionsAreJoinedBeforeTheFactTable() throws SqlParseException {
        List<Set<String>> joins = joinedTables(plan(Q5).root());
        // the first joins of the region filter: nation with region, then supplier with both
        assertThat(joins).contains(Set.of("nation", "region"), Set.of("nation", "region", "supplier"));
        assertThat(joins.getLast()).hasSize(6);
    }

    @Test
    void theReorderedQueryGivesTheSameAnswer() {
        try (Session session = database.newSession();
                QueryResult reordered = session.execute(Q5);
                QueryResult written = session.execute("""
                        SELECT n_name, sum(l_price) AS revenue
                        FROM lineitem JOIN orders ON l_orderkey = o_orderkey JOIN customer ON c_custkey = o_custkey
                          JOIN supplier ON l_suppkey = s_suppkey AND c_nationkey = s_nationkey
                          JOIN nation ON s_nationkey = n_nationkey JOIN region ON n_regionkey = r_regionkey
                        WHERE r_name = 'ASIA' AND o_day < 100
                        GROUP BY n_name ORDER BY revenue DESC""")) {
            assertThat(reordered.rows()).isNotEmpty().isEqualTo(written.rows());
        }
    }
}
