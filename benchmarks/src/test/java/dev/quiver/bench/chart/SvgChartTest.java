package dev.quiver.bench.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG writer: well-formed XML, axes, labels, values and escaping. */
public class SvgChartTest {
    private static final double NAN = Double.NaN;

    @Test
    void barChartIsWellFormedSvgWithTitleAxesLegendAndOneBarPerValue() throws Exception {
        SvgChart chart = SvgChart.of(
                        SvgChart.Style.BARS,
                        "TPC-H ratios",
                        "query",
                        "Quiver / DuckDB",
                        List.of("q1", "q2", "q3"),
                        List.of(new SvgChart.Series("ratio", List.of(1.5, 0.8, 3.2))))
                .withReferenceLine(1, "as fast");

        Document document = parse(chart.render());

        Element root = document.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        List<String> texts = texts(document);
        assertThat(texts).contains("TPC-H ratios", "query", "Quiver / DuckDB", "q1", "q2", "q3", "ratio", "as fast");
        // The y axis goes from 0 to the first grid line above the largest value: 3.2 -> 4, in steps of 1.
        assertThat(texts).contains("0", "1", "2", "3", "4").doesNotContain("5");
        List<String> barTitles = new ArrayList<>();
        NodeList rects = document.getElementsByTagName("rect");
        for (int index = 0; index < rects.getLength(); index++) {
            NodeList titles = ((Element) rects.item(index)).getElementsByTagName("title");
            if (titles.getLength() == 1) {
                barTitles.add(titles.item(0).getTextContent());
            }
        }
        assertThat(barTitles).containsExactly("ratio, q1: 1.5", "ratio, q2: 0.8", "ratio, q3: 3.2");
    }

    @Test
    void barHeightsAreProportionalToValues() throws Exception {
        Document document = parse(SvgChart.of(
                        SvgChart.Style.BARS,
                        "t",
                        "x",
                        "y",
                        List.of("a", "b"),
                        List.of(new SvgChart.Series("s", List.of(10.0, 5.0))))
                .render());

        List<Double> heights = new ArrayList<>();
        NodeList rects = document.getElementsByTagName("rect");
        for (int index = 0; index < rects.getLength(); index++) {
            Element rect = (Element) rects.item(index);
            if (rect.getElementsByTagName("title").getLength() == 1) {
                heights.add(Double.parseDouble(rect.getAttribute("height")));
            }
        }
        assertThat(heights).hasSize(2);
        assertThat(heights.get(0)).isCloseTo(2 * heights.get(1), org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void lineChartSkipsMissingValuesAndDrawsOnePolylinePerSeriesWithTwoOrMorePoints() throws Exception {
        Document document = parse(SvgChart.of(
                        SvgChart.Style.LINES,
                        "sweep",
                        "N",
                        "rows/s",
                        List.of("1", "2", "4"),
                        List.of(
                                new SvgChart.Series("own-GIL", List.of(1_000_000.0, 1_900_000.0, 3_700_000.0)),
                                new SvgChart.Series("process pool", List.of(NAN, 800_000.0, NAN))))
                .render());

        assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(1);
        assertThat(document.getElementsByTagName("circle").getLength()).isEqualTo(4);
        assertThat(texts(document)).contains("own-GIL", "process pool", "1", "2", "4", "rows/s", "N");
        assertThat(circleTitles(document))
                .containsExactly("own-GIL, 1: 1M", "own-GIL, 2: 1.9M", "own-GIL, 4: 3.7M", "process pool, 2: 800k");
    }

    @Test
    void escapesEveryTextSoNamesCannotBreakTheDocument() throws Exception {
        String nasty = "a<b & \"c\" 'd'>\u0001";
        Document document = parse(SvgChart.of(
                        SvgChart.Style.BARS,
                        nasty,
                        nasty,
                        nasty,
                        List.of(nasty),
                        List.of(new SvgChart.Series(nasty, List.of(1.0))))
                .render());

        assertThat(texts(document)).contains("a<b & \"c\" 'd'>");
        assertThat(SvgChart.escape("<&>\"'")).isEqualTo("&lt;&amp;&gt;&quot;&apos;");
    }

    @Test
    void rejectsValuesItCannotDrawAndSeriesOfTheWrongLength() {
        assertThatThrownBy(() -> SvgChart.of(
                                SvgChart.Style.BARS,
                                "t",
                                "x",
                                "y",
                                List.of("a"),
                                List.of(new SvgChart.Series("s", List.of(-1.0))))
                        .render())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts at 0");
        assertThatThrownBy(() -> SvgChart.of(
                        SvgChart.Style.LINES,
                        "t",
                        "x",
                        "y",
                        List.of("a", "b"),
                        List.of(new SvgChart.Series("s", List.of(1.0)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 values for 2 categories");
        assertThatThrownBy(() -> SvgChart.of(SvgChart.Style.LINES, "t", "x", "y", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allMissingValuesStillRenderAnEmptyChart() throws Exception {
        Document document = parse(SvgChart.of(
                        SvgChart.Style.BARS,
                        "t",
                        "x",
                        "y",
                        List.of("a"),
                        List.of(new SvgChart.Series("s", List.of(NAN))))
                .render());

        assertThat(texts(document)).contains("t", "a", "0", "1");
    }

    @Test
    void manyCategoriesGetTurnedLabelsAndTheReferenceLabelStaysOutOfThePlot() throws Exception {
        List<String> queries = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int query = 1; query <= 22; query++) {
            queries.add(String.format("q%02d", query));
            ratios.add(0.5 + query);
        }
        Document document = parse(
                SvgChart.of(SvgChart.Style.BARS, "t", "x", "y", queries, List.of(new SvgChart.Series("s", ratios)))
                        .withReferenceLine(1, "line")
                        .render());

        NodeList texts = document.getElementsByTagName("text");
        for (int index = 0; index < texts.getLength(); index++) {
            Element text = (Element) texts.item(index);
            if (queries.contains(text.getTextContent())) {
                assertThat(text.getAttribute("transform")).startsWith("rotate(-45");
            }
            if (text.getTextContent().equals("line")) {
                // the plot ends at x = 760 - 190 = 570
                assertThat(Double.parseDouble(text.getAttribute("x"))).isGreaterThan(570);
            }
        }
    }

    @Test
    void niceTopAndNumberFormat() {
        assertThat(SvgChart.niceTop(3.2)).isEqualTo(4);
        assertThat(SvgChart.niceStep(3.2)).isEqualTo(1);
        assertThat(SvgChart.niceTop(1.0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SvgChart.niceTop(2.2)).isEqualTo(2.5);
        assertThat(SvgChart.niceTop(5_580_000)).isEqualTo(6_000_000);
        assertThat(SvgChart.niceStep(5_580_000)).isEqualTo(2_000_000);
        assertThat(SvgChart.niceTop(0)).isEqualTo(1);
        assertThat(SvgChart.formatNumber(2_500_000)).isEqualTo("2.5M");
        assertThat(SvgChart.formatNumber(12_000)).isEqualTo("12k");
        assertThat(SvgChart.formatNumber(0.25)).isEqualTo("0.25");
        assertThat(SvgChart.formatNumber(0)).isEqualTo("0");
    }

    @Test
    void writesNextToTheJson(@TempDir Path directory) throws Exception {
        Path json = directory.resolve("out/udf.json");
        Path svg = SvgChart.nextTo(json, "-light");
        assertThat(svg).isEqualTo(directory.resolve("out/udf-light.svg"));
        assertThat(SvgChart.nextTo(directory.resolve("tpch.JSON"), "")).isEqualTo(directory.resolve("tpch.svg"));

        SvgChart.of(SvgChart.Style.BARS, "t", "x", "y", List.of("a"), List.of(new SvgChart.Series("s", List.of(2.0))))
                .write(svg);

        assertThat(parse(Files.readString(svg)).getDocumentElement().getTagName())
                .isEqualTo("svg");
    }

    /** Parses an SVG document, failing on anything that is not well-formed XML. */
    public static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document document) {
        List<String> texts = new ArrayList<>();
        for (String tag : List.of("text", "title")) {
            NodeList nodes = document.getElementsByTagName(tag);
            for (int index = 0; index < nodes.getLength(); index++) {
                texts.add(nodes.item(index).getTextContent());
            }
        }
        return texts;
    }

    private static List<String> circleTitles(Document document) {
        List<String> titles = new ArrayList<>();
        NodeList circles = document.getElementsByTagName("circle");
        for (int index = 0; index < circles.getLength(); index++) {
            titles.add(((Element) circles.item(index))
                    .getElementsByTagName("title")
                    .item(0)
                    .getTextContent());
        }
        return titles;
    }
}
