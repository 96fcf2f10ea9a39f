package dev.quiver.bench.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A chart with a category x axis and a linear y axis from zero, drawn as lines (one value per
 * category and series, gaps allowed) or as grouped bars, rendered to a standalone SVG document.
 *
 * <p>Values are plotted as given; NaN marks a missing value (no point, no bar). Every text the
 * caller passes is XML-escaped, so a query or function name cannot break the document.
 */
public final class SvgChart {
    /** How the series are drawn. */
    public enum Style {
        /** One polyline with dots per series: for a quantity measured at increasing x (a sweep). */
        LINES,
        /** One bar per series side by side within each category: for per-query comparisons. */
        BARS
    }

    /**
     * One named row of values, one per category (NaN where it was not measured).
     *
     * @param name   the legend text
     * @param values one value per category, in the chart's category order
     */
    public record Series(String name, List<Double> values) {
        public Series {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }
    }

    // Colour-blind-safe palette (Okabe and Ito), in the order series are given.
    private static final List<String> COLOURS =
            List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000");
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 48;
    private static final int BOTTOM = 90;

    private final Style style;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final List<Series> series;
    private final OptionalDouble referenceLine;
    private final String referenceLabel;

    private SvgChart(
            Style style,
            String title,
            String xLabel,
            String yLabel,
            List<String> categories,
            List<Series> series,
            OptionalDouble referenceLine,
            String referenceLabel) {
        if (categories.isEmpty() || series.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one category and one series");
        }
        for (Series one : series) {
            if (one.values().size() != categories.size()) {
                throw new IllegalArgumentException("series '" + one.name() + "' has "
                        + one.values().size() + " values for " + categories.size() + " categories");
            }
        }
        this.style = style;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.categories = List.copyOf(categories);
        this.series = List.copyOf(series);
        this.referenceLine = referenceLine;
        this.referenceLabel = referenceLabel;
    }

    /** A chart without a reference line. */
    public static SvgChart of(
            Style style, String title, String xLabel, String yLabel, List<String> categories, List<Series> series) {
        return new SvgChart(style, title, xLabel, yLabel, categories, series, OptionalDouble.empty(), "");
    }

    /** This chart with a dashed horizontal line at {@code y} (e.g. ratio 1), labelled {@code label}. */
    public SvgChart withReferenceLine(double y, String label) {
        return new SvgChart(style, title, xLabel, yLabel, categories, series, OptionalDouble.of(y), label);
    }

    /** Writes {@link #render()} to {@code file}, creating its directory. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** The path of the chart that goes next to {@code json}: its name with {@code suffix.svg} for {@code .json}. */
    public static Path nextTo(Path json, String suffix) {
        String name = json.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.resolveSibling(stem + suffix + ".svg");
    }

    /** The chart as a standalone SVG 1.1 document. */
    public String render() {
        double max = maxValue();
        double top = niceTop(max);
        double step = niceStep(max);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double band = (double) plotWidth / categories.size();
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">\n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", WIDTH, HEIGHT));
        text(svg, WIDTH / 2.0, 24, "middle", "font-size=\"15\" font-weight=\"bold\"", title);
        // Y grid and tick labels.
        for (double tick = 0; tick <= top + step / 2; tick += step) {
            double y = TOP + plotHeight - tick / top * plotHeight;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n",
                    LEFT,
                    y,
                    LEFT + plotWidth,
                    y));
            text(svg, LEFT - 6, y + 4, "end", "", formatNumber(tick));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000000\"/>\n",
                LEFT,
                TOP + plotHeight,
                LEFT + plotWidth,
                TOP + plotHeight));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000000\"/>\n",
                LEFT,
                TOP,
                LEFT,
                TOP + plotHeight));
        // Labels wider than their band (many categories) are turned to read upwards instead of overlapping.
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        boolean turned = longest * 7 + 8 > band;
        for (int index = 0; index < categories.size(); index++) {
            double x = LEFT + band * (index + 0.5);
            double y = TOP + plotHeight + (turned ? 12 : 18);
            String turn = turned ? String.format(Locale.ROOT, "transform=\"rotate(-45 %.1f %.1f)\"", x, y) : "";
            text(svg, x, y, turned ? "end" : "middle", turn, categories.get(index));
        }
        text(svg, LEFT + plotWidth / 2.0, HEIGHT - 10, "middle", "", xLabel);
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\">%s</text>\n",
                TOP + plotHeight / 2.0,
                TOP + plotHeight / 2.0,
                escape(yLabel)));
        if (style == Style.BARS) {
            drawBars(svg, top, plotHeight, band);
        } else {
            drawLines(svg, top, plotHeight, band);
        }
        if (referenceLine.isPresent() && referenceLine.getAsDouble() <= top) {
            double y = TOP + plotHeight - referenceLine.getAsDouble() / top * plotHeight;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#D55E00\" stroke-dasharray=\"6 4\"/>\n",
                    LEFT,
                    y,
                    LEFT + plotWidth,
                    y));
            // In the right margin, beside the line: inside the plot it would cross bars.
            text(svg, LEFT + plotWidth + 6, y + 4, "start", "fill=\"#D55E00\"", referenceLabel);
        }
        drawLegend(svg);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void drawBars(StringBuilder svg, double top, int plotHeight, double band) {
        double barWidth = band * 0.8 / series.size();
        for (int seriesIndex = 0; seriesIndex < series.size(); seriesIndex++) {
            Series one = series.get(seriesIndex);
            for (int index = 0; index < categories.size(); index++) {
                double value = one.values().get(index);
                if (Double.isNaN(value)) {
                    continue;
                }
                double height = value / top * plotHeight;
                double x = LEFT + band * index + band * 0.1 + barWidth * seriesIndex;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s, %s: %s</title></rect>\n",
                        x,
                        TOP + plotHeight - height,
                        barWidth,
                        height,
                        colour(seriesIndex),
                        escape(one.name()),
                        escape(categories.get(index)),
                        formatNumber(value)));
            }
        }
    }

    private void drawLines(StringBuilder svg, double top, int plotHeight, double band) {
        for (int seriesIndex = 0; seriesIndex < series.size(); seriesIndex++) {
            Series one = series.get(seriesIndex);
            List<String> points = new ArrayList<>();
            StringBuilder dots = new StringBuilder();
            for (int index = 0; index < categories.size(); index++) {
                double value = one.values().get(index);
                if (Double.isNaN(value)) {
                    continue;
                }
                double x = LEFT + band * (index + 0.5);
                double y = TOP + plotHeight - value / top * plotHeight;
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                dots.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s, %s: %s</title></circle>\n",
                        x,
                        y,
                        colour(seriesIndex),
                        escape(one.name()),
                        escape(categories.get(index)),
                        formatNumber(value)));
            }
            if (points.size() > 1) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                        String.join(" ", points),
                        colour(seriesIndex)));
            }
            svg.append(dots);
        }
    }

    private void drawLegend(StringBuilder svg) {
        double x = WIDTH - RIGHT + 16;
        for (int seriesIndex = 0; seriesIndex < series.size(); seriesIndex++) {
            double y = TOP + 8 + seriesIndex * 20;
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
                    x,
                    y - 10,
                    colour(seriesIndex)));
            text(svg, x + 18, y, "start", "", series.get(seriesIndex).name());
        }
    }

    private double maxValue() {
        double max = referenceLine.orElse(0);
        for (Series one : series) {
            for (double value : one.values()) {
                if (!Double.isNaN(value)) {
                    if (value < 0 || Double.isInfinite(value)) {
                        throw new IllegalArgumentException(
                                "series '" + one.name() + "' has " + value + ": the y axis starts at 0");
                    }
                    max = Math.max(max, value);
                }
            }
        }
        return max;
    }

    /** The top of the y axis: the first grid line at or above {@code max} (1 for an empty chart). */
    static double niceTop(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double step = niceStep(max);
        return Math.max(1, Math.ceil(max / step - 1e-9)) * step;
    }

    /** The grid step: the smallest 1, 2, 2.5 or 5 times a power of ten that draws at most five lines to {@code max}. */
    static double niceStep(double max) {
        if (!(max > 0)) {
            return 0.2;
        }
        double rough = max / 5;
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 2.5, 5}) {
            if (factor * power >= rough * (1 - 1e-12)) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** 1234567 as "1.23M", 1500 as "1.5k", 0.25 as "0.25": short enough for an axis. */
    static String formatNumber(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e9) {
            return trim(value / 1e9) + "G";
        }
        if (magnitude >= 1e6) {
            return trim(value / 1e6) + "M";
        }
        if (magnitude >= 1e4) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.3g", value);
        if (text.contains("e") || text.contains("E")) {
            return text;
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String attributes, String content) {
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>\n",
                x,
                y,
                anchor,
                attributes.isEmpty() ? "" : " " + attributes,
                escape(content)));
    }

    private static String colour(int seriesIndex) {
        return COLOURS.get(seriesIndex % COLOURS.size());
    }

    /** Escapes the five XML special characters and drops control characters XML 1.0 forbids. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
