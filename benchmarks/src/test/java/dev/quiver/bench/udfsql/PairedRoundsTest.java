package dev.quiver.bench.udfsql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRoundsTest {
    private static final UdfSqlQuery QUERY = UdfSqlQueries.ALL.getFirst();

    /** A side that records when it ran and measures its run number as seconds. */
    private record FakeSide(String name, List<String> log) implements PairedRounds.Side {
        @Override
        public Measured run(UdfSqlQuery query) {
            log.add(name);
            double run = log.stream().filter(name::equals).count();
            return new Measured(run, 1.0, List.of(1.0), List.of(run, run / 2));
        }
    }

    @Test
    void warmsUpEverySideThenRotatesWhichSideGoesFirst() {
        List<String> log = new ArrayList<>();
        List<PairedRounds.Side> sides =
                List.of(new FakeSide("N", log), new FakeSide("1", log), new FakeSide("DuckDB", log));
        List<String> progress = new ArrayList<>();

        List<List<Measured>> runs = PairedRounds.run(QUERY, sides, 3, progress::add);

        assertThat(log)
                .containsExactly(
                        "N", "1", "DuckDB", // warm-ups
                        "N", "1", "DuckDB", "1", "DuckDB", "N", "DuckDB", "N", "1");
        assertThat(runs).hasSize(3).allSatisfy(side -> assertThat(side).hasSize(4));
        assertThat(PairedRounds.timed(runs.getFirst()))
                .extracting(Measured::seconds)
                .containsExactly(2.0, 3.0, 4.0);
        assertThat(progress).hasSize(3);
        assertThat(progress.get(1)).contains("round 2: 1 3.000 s (1.00 cores; interpreters 3.00/1.50 s CPU) DuckDB");
    }

    @Test
    void medianIsTheMiddleRunAndBalanceComparesTheInterpreters() {
        List<Measured> runs = List.of(
                new Measured(3.0, 1.9, List.of(), List.of(1.0, 1.0)),
                new Measured(1.0, 1.9, List.of(), List.of(1.0, 0.5)),
                new Measured(2.0, 1.8, List.of(), List.of(2.0, 1.0)));

        Measured median = Measured.median(runs);

        assertThat(median.seconds()).isEqualTo(2.0);
        assertThat(median.balance()).isEqualTo(0.75); // (2 + 1) / (2 x 2)
        assertThat(median.interpreterCpuText()).isEqualTo("2.00/1.00");
        assertThat(new Measured(1.0, 1.0, List.of(), List.of()).balance()).isNaN();
    }
}
