package dev.quiver.sqltest.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The TPC-DS query texts load from Spark's test jar and come out in the dialect both engines read. */
class TpcdsQueriesTextTest {
    @Test
    void loadsAllHundredAndThreeTexts() {
        List<TpcdsQueries.Query> queries = TpcdsQueries.all();
        assertThat(queries).hasSize(103);
        assertThat(queries.getFirst().name()).isEqualTo("q1");
        assertThat(queries).extracting(TpcdsQueries.Query::name).contains("q14a", "q14b", "q39b", "q99");
        for (TpcdsQueries.Query query : queries) {
            assertThat(query.sql())
                    .as(query.name())
                    .containsIgnoringCase("select")
                    .doesNotContain("`")
                    .doesNotContainPattern("(?i)interval\\s+\\d+\\s+day");
        }
    }

    @Test
    void rewritesSparkSpellings() {
        assertThat(TpcdsQueries.rewrite("q0", "SELECT x AS `a b` FROM t WHERE d < d + INTERVAL 30 days"))
                .isEqualTo("SELECT x AS \"a b\" FROM t WHERE d < d + INTERVAL '30' DAY");
        assertThat(TpcdsQueries.load(List.of("q5")).getFirst().sql()).contains("AS \"returns\"");
    }

    @Test
    void namesTheQueriesWhenOneIsUnknown() {
        assertThatThrownBy(() -> TpcdsQueries.load(List.of("q100")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no TPC-DS query q100");
    }
}
