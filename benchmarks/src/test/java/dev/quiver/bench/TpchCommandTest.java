package dev.quiver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.bench.chart.SvgChartTest;
import dev.quiver.bench.tpch.TpchBenchmark;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The {@code bench tpch} chart: one bar per query with its ratio, the geomean and the line at 1. */
class TpchCommandTest {
    @Test
    void chartHasABarPerQueryTheGeomeanAndTheLineWhereBothEnginesAreEquallyFast() throws Exception {
        List<TpchBenchmark.Result> results = List.of(
                new TpchBenchmark.Result("q01", 4, 0.0, 2.0, 1.0), new TpchBenchmark.Result("q06", 1, 0.0, 0.5, 1.0));

        String svg = ComparisonOptions.chart("tpch", results, 0.1, 2).render();

        Document document = SvgChartTest.parse(svg);
        assertThat(svg)
                .contains("bench tpch SF 0.1, 2 threads", "geomean 1.00", "q01", "q06", "as fast as DuckDB")
                .contains("Quiver / DuckDB, q01: 2", "Quiver / DuckDB, q06: 0.5");
        assertThat(document.getElementsByTagName("line").getLength()).isGreaterThan(2);
    }
}
