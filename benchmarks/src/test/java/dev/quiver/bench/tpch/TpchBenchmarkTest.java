package dev.quiver.bench.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The TPC-H benchmark reads all 22 queries from the sqllogictest files and times both engines. */
class TpchBenchmarkTest {
    private static final Path REPOSITORY = Path.of("..");

    @Test
    void readsAll22QueriesFromTheSqlLogicTestFiles() {
        List<TpchQueries.Query> queries = TpchQueries.load(
                REPOSITORY, IntStream.rangeClosed(1, 22).boxed().toList());
        assertThat(queries).hasSize(22);
        for (TpchQueries.Query query : queries) {
            assertThat(query.sql().toLowerCase())
                    .as(query.name())
                    .matches("(?s)(select|with)\\s.*")
                    .contains("from")
                    .doesNotContain("----");
        }
        assertThat(queries.get(14).sql().toLowerCase()).startsWith("with"); // Q15's view is a WITH
    }

    @Test
    @Tag("slow") // generates TPC-H data for both engines: ~3 s
    void runsQueriesOnBothEnginesAndComparesRowCounts() throws Exception {
        StringWriter text = new StringWriter();
        List<TpchBenchmark.Result> results = new TpchBenchmark(0.01, 2, 1, false)
                .run(TpchQueries.load(REPOSITORY, List.of(1, 6)), new PrintWriter(text));
        assertThat(results).extracting(TpchBenchmark.Result::query).containsExactly("q01", "q06");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.rows()).isPositive();
            assertThat(result.planningSeconds()).isPositive();
            assertThat(result.quiverSeconds()).isPositive();
            assertThat(result.duckdbSeconds()).isPositive();
        });
        assertThat(text.toString()).contains("geomean ratio Quiver/DuckDB");
    }

    @Test
    @Tag("slow") // generates TPC-H data: ~2 s
    void planOnlyTimesPlanningAloneWithPhases() throws Exception {
        StringWriter text = new StringWriter();
        List<TpchBenchmark.Result> results = new TpchBenchmark(0.01, 2, 1, true)
                .warmUpRounds(0)
                .run(TpchQueries.load(REPOSITORY, List.of(2)), new PrintWriter(text));
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.query()).isEqualTo("q02");
            assertThat(result.planningSeconds()).isPositive();
            assertThat(result.duckdbSeconds()).isZero();
        });
        assertThat(text.toString())
                .contains("planning only, 0 rounds of planning every query first, then 1 timed plans per query")
                .contains("cpu per phase (ms): parse ")
                .contains("validate ")
                .contains("physical ")
                .contains("planning (cpu)");
    }

    @Test
    void refusesNegativeWarmUpRounds() {
        assertThatThrownBy(() -> new TpchBenchmark(0.01, 2, 1, true).warmUpRounds(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warm-up rounds must be 0 or more, not -1");
    }
}
