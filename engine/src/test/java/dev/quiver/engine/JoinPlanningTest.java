package dev.quiver.engine;

import static dev.quiver.engine.TestTables.BIGINT;
import static dev.quiver.engine.TestTables.notNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.join.HashJoinOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which input a join hashes, and the plans IN / EXISTS / NOT EXISTS become. */
class JoinPlanningTest {
    private Quiver database;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(1));
        for (String table : List.of("big:1000", "small:10")) {
            String[] parts = table.split(":");
            List<List<Object>> rows = new ArrayList<>();
            for (long row = 0; row < Integer.parseInt(parts[1]); row++) {
                rows.add(List.of(row, row));
            }
            TestTables.create(database, parts[0], List.of(notNull("k", BIGINT), notNull("v", BIGINT)), rows, 100);
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    private PlannedQuery plan(String sql) throws SqlParseException {
        SqlParser.Config config = SqlParser.config().withUnquotedCasing(Casing.TO_LOWER);
        return new QueryPlanner(
                        database.catalog(),
                        database::files,
                        QuiverConfig.defaults().batchRows(),
                        true)
                .plan(SqlParser.create(sql, config).parseQuery());
    }

    private static HashJoinOperator join(PhysicalOperator operator) {
        if (operator instanceof HashJoinOperator join) {
            return join;
        }
        return operator.children().stream()
                .map(JoinPlanningTest::join)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** The describe() lines of a subtree. */
    private static String tree(PhysicalOperator operator) {
        StringBuilder text = new StringBuilder(operator.describe());
        operator.children().forEach(child -> text.append('\n').append(tree(child)));
        return text.toString();
    }

    @Test
    void anEqualityInEveryBranchOfAnOrBecomesAHashKey() throws SqlParseException {
        // TPC-H Q19's shape: without pulling the shared equality out, this is a nested-loop join.
        HashJoinOperator join = join(plan("SELECT * FROM big, small WHERE (big.k = small.k AND big.k > 1) "
                        + "OR (big.k = small.k AND small.k < 5)")
                .root());
        assertThat(join).isNotNull();
        assertThat(join.describe()).startsWith("HashJoin(INNER");
    }

    @Test
    void aJoinUnderAProjectionGathersOnlyTheColumnsItReads() throws SqlParseException {
        HashJoinOperator join = join(plan("SELECT big.v + small.v FROM big JOIN small ON big.k = small.k")
                .root());
        assertThat(join.describe()).contains("keep=[1, 3]");
        assertThat(join.outputFields()).hasSize(2);
        try (Session session = database.newSession();
                QueryResult result = session.execute(
                        "SELECT max(big.v + small.v), count(*) FROM big JOIN small ON big.k = small.k")) {
            assertThat(result.rows()).containsExactly(List.of(18L, 10L));
        }
        // a remainder condition reads the joined row: every column stays
        HashJoinOperator withRemainder =
                join(plan("SELECT big.v FROM big JOIN small ON big.k = small.k AND big.v < small.v + 1")
                        .root());
        assertThat(withRemainder.describe()).doesNotContain("keep=");
    }

    @Test
    void aChainOfJoinsGathersEachColumnOnlyAsFarAsItIsRead() throws SqlParseException {
        String sql = "SELECT s2.v FROM big JOIN small s1 ON big.k = s1.k JOIN small s2 ON big.v = s2.k + 0";
        String tree = tree(plan(sql).root());
        // the upper join keeps s2.v; the lower one only big.v, the upper join's key
        assertThat(tree.lines().filter(line -> line.startsWith("HashJoin(") && line.contains("keep=")))
                .as(tree)
                .hasSize(2);
        try (Session session = database.newSession();
                QueryResult result = session.execute("SELECT count(*), sum(s2.v) FROM big JOIN small s1 ON big.k = s1.k"
                        + " JOIN small s2 ON big.v = s2.k + 0")) {
            assertThat(result.rows()).hasSize(1);
            assertThat(result.rows().getFirst().getFirst()).isEqualTo(10L);
        }
    }

    @Test
    void hashesTheSmallerInput() throws SqlParseException {
        for (String sql : List.of(
                "SELECT * FROM big JOIN small ON big.k = small.k", "SELECT * FROM small JOIN big ON big.k = small.k")) {
            HashJoinOperator join = join(plan(sql).root());
            assertThat(tree(join.children().get(0))).as(sql).contains("TableScan(small");
            assertThat(join).isNotInstanceOf(SourceOperator.class);
        }
    }

    @Test
    void anOuterJoinHashingItsPreservedSideEmitsItsUnmatchedRowsAfterTheProbe() throws SqlParseException {
        HashJoinOperator probeOuter = join(
                plan("SELECT * FROM big LEFT JOIN small ON big.k = small.k").root());
        assertThat(probeOuter.describe()).startsWith("HashJoin(LEFT, build right");
        assertThat(probeOuter).isNotInstanceOf(SourceOperator.class);
        // join ordering may turn this into big RIGHT JOIN small: either way small is preserved and hashed
        HashJoinOperator buildOuter = join(
                plan("SELECT * FROM small LEFT JOIN big ON big.k = small.k").root());
        assertThat(tree(buildOuter.children().get(0))).contains("TableScan(small");
        assertThat(buildOuter).isInstanceOf(SourceOperator.class);
    }

    @Test
    void subqueriesBecomeSemiAndAntiJoinsWithoutDistinct() throws SqlParseException {
        PlannedQuery in = plan("SELECT v FROM big WHERE k IN (SELECT k FROM small)");
        assertThat(in.logicalPlan()).contains("joinType=[semi]").doesNotContain("Aggregate");
        PlannedQuery exists = plan("SELECT v FROM big WHERE EXISTS (SELECT 1 FROM small WHERE small.k = big.k)");
        assertThat(exists.logicalPlan()).contains("joinType=[semi]").doesNotContain("Aggregate");
        PlannedQuery notExists = plan("SELECT v FROM big WHERE NOT EXISTS (SELECT 1 FROM small WHERE small.k = big.k)");
        assertThat(notExists.logicalPlan())
                .contains("joinType=[anti]")
                .doesNotContain("Aggregate")
                .doesNotContain("IS NULL");
        assertThat(notExists.physicalPlan()).contains("VecHashJoin");
        assertThat(plan("SELECT * FROM big CROSS JOIN small").physicalPlan()).contains("VecNestedLoopJoin");
    }

    @Test
    void aSelectiveSemiJoinGoesBelowTheInnerJoinOnItsKeys() throws SqlParseException {
        // TPC-H Q2's shape: 10 keys in small filter big before it meets the other big, not after.
        String plan =
                plan("SELECT b1.k, b2.k FROM big b1 JOIN big b2 ON b1.v = b2.k WHERE b1.k IN (SELECT k FROM small)")
                        .physicalPlan();
        assertThat(plan.lines().filter(line -> line.contains("VecHashJoin")).toList())
                .satisfiesExactly(
                        inner -> assertThat(inner).contains("joinType=[inner]"),
                        semi -> assertThat(semi).contains("joinType=[semi]"));
    }

    @Test
    void aSemiJoinThatKeepsMostRowsStaysAboveTheInnerJoin() throws SqlParseException {
        // TPC-H Q21's shape: the semi join's right side is as big as its left; the inner join with
        // small shrinks the rows it probes first.
        String plan = plan("SELECT b1.k FROM big b1 JOIN small s ON b1.v = s.k WHERE b1.k IN (SELECT v FROM big)")
                .physicalPlan();
        assertThat(plan.lines().filter(line -> line.contains("VecHashJoin")).toList())
                .first()
                .asString()
                .contains("joinType=[semi]");
    }
}
