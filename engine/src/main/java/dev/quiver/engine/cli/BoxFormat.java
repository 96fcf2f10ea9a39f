package dev.quiver.engine.cli;

import dev.quiver.engine.type.TypeNames;
import dev.quiver.engine.type.ValueText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * DuckDB's box display ("duckbox"): column names with their types under them, numbers aligned to
 * the right, at most {@link Display#maxRows} rows (the first and the last ones, with a "·" gap and
 * the row count under the box), cells cut with "…" and middle columns left out to fit
 * {@link Display#maxWidth}, and line breaks inside values shown as {@code \n}.
 */
final class BoxFormat {
    /** A cut column keeps at least this many characters. */
    private static final int MIN_COLUMN_WIDTH = 5;
    /** Lines of "·" standing for the rows left out. */
    private static final int GAP_LINES = 3;

    private static final String ELLIPSIS = "…";

    private BoxFormat() {}

    static void write(ResultView view, PrintWriter out, Display display) {
        long total = view.rowCount();
        boolean cutRows = display.maxRows() > 0 && total > display.maxRows();
        long topCount = cutRows ? (display.maxRows() + 1) / 2 : total;
        long bottomCount = cutRows ? display.maxRows() / 2 : 0;
        List<List<String>> top = texts(view, 0, topCount, display);
        List<List<String>> bottom = texts(view, total - bottomCount, total, display);

        int columnCount = view.names().size();
        List<String> types = view.types().stream().map(TypeNames::box).toList();
        int[] natural = new int[columnCount];
        for (int column = 0; column < columnCount; column++) {
            natural[column] = Math.max(1, Math.max(width(view.names().get(column)), width(types.get(column))));
            for (List<String> row : top) {
                natural[column] = Math.max(natural[column], width(row.get(column)));
            }
            for (List<String> row : bottom) {
                natural[column] = Math.max(natural[column], width(row.get(column)));
            }
        }
        List<Integer> shown = shownColumns(natural, display.maxWidth());
        int[] widths = fit(natural, shown, display.maxWidth());

        Box box = new Box(view, types, shown, widths, out);
        box.rule('┌', '┬', '┐');
        box.line(view.names(), true);
        box.line(types, true);
        box.rule('├', '┼', '┤');
        for (List<String> row : top) {
            box.line(row, false);
        }
        if (cutRows) {
            List<String> dots = new ArrayList<>();
            for (int column = 0; column < columnCount; column++) {
                dots.add("·");
            }
            for (int line = 0; line < GAP_LINES; line++) {
                box.line(dots, true);
            }
        }
        for (List<String> row : bottom) {
            box.line(row, false);
        }
        box.rule('└', '┴', '┘');
        if (cutRows || shown.size() < columnCount || total == 0) {
            String rows = "  " + total + " row" + (total == 1 ? "" : "s")
                    + (cutRows ? " (" + (topCount + bottomCount) + " shown)" : "");
            String columns = columnCount + " column" + (columnCount == 1 ? "" : "s")
                    + (shown.size() < columnCount ? " (" + shown.size() + " shown)" : "") + "  ";
            int gap = Math.max(2, box.totalWidth() - width(rows) - width(columns));
            out.println(rows + " ".repeat(gap) + columns);
        }
    }

    /** The cell texts of rows {@code from} (inclusive) to {@code to}. */
    private static List<List<String>> texts(ResultView view, long from, long to, Display display) {
        List<List<String>> texts = new ArrayList<>();
        for (long index = from; index < to; index++) {
            List<String> row = new ArrayList<>();
            for (Object value : view.rows().row(index)) {
                row.add(value == null ? display.nullValue() : escape(ValueText.of(value)));
            }
            texts.add(row);
        }
        return texts;
    }

    /** Line breaks and tabs as escapes, so that one row stays one line. */
    static String escape(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\t') < 0) {
            return text;
        }
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    /**
     * The columns that fit at their minimum width; when not all do, the first and last ones, with the
     * middle ones left out (an "…" column stands for them).
     */
    private static List<Integer> shownColumns(int[] natural, int maxWidth) {
        List<Integer> all = new ArrayList<>();
        for (int column = 0; column < natural.length; column++) {
            all.add(column);
        }
        if (boxWidth(natural, all, MIN_COLUMN_WIDTH, false) <= maxWidth) {
            return all;
        }
        // take columns from both ends, alternately, while they fit beside the "…" column
        List<Integer> shown = new ArrayList<>();
        int left = 0;
        int right = natural.length - 1;
        boolean fromLeft = true;
        while (left <= right) {
            int candidate = fromLeft ? left : right;
            List<Integer> tried = new ArrayList<>(shown);
            tried.add(candidate);
            if (boxWidth(natural, tried, MIN_COLUMN_WIDTH, true) > maxWidth) {
                break;
            }
            shown = tried;
            if (fromLeft) {
                left++;
            } else {
                right--;
            }
            fromLeft = !fromLeft;
        }
        if (shown.isEmpty()) {
            shown.add(0); // a terminal narrower than one column: show it anyway
        }
        shown.sort(Integer::compare);
        return shown;
    }

    /** The widths of the shown columns: each at most a common cap, the largest cap that fits. */
    private static int[] fit(int[] natural, List<Integer> shown, int maxWidth) {
        boolean gap = shown.size() < natural.length;
        int cap = 0;
        for (int column : shown) {
            cap = Math.max(cap, natural[column]);
        }
        while (cap > MIN_COLUMN_WIDTH && boxWidth(natural, shown, cap, gap) > maxWidth) {
            cap--;
        }
        int[] widths = new int[natural.length];
        for (int column : shown) {
            widths[column] = Math.min(natural[column], cap);
        }
        return widths;
    }

    /** The width of the box with the shown columns cut to {@code cap}: "│ x │ y │" and maybe "│ … ". */
    private static int boxWidth(int[] natural, List<Integer> shown, int cap, boolean gap) {
        int width = 1;
        for (int column : shown) {
            width += Math.min(natural[column], cap) + 3;
        }
        return width + (gap ? 4 : 0);
    }

    /** Display width in terminal columns (wide characters count twice). */
    static int width(String text) {
        int width = 0;
        for (int offset = 0; offset < text.length(); ) {
            int codePoint = text.codePointAt(offset);
            width += Math.max(0, WCWidth.wcwidth(codePoint));
            offset += Character.charCount(codePoint);
        }
        return width;
    }

    /** {@code text} cut to {@code width} columns, ending in "…" when cut. */
    static String cut(String text, int width) {
        if (width(text) <= width) {
            return text;
        }
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int offset = 0; offset < text.length(); ) {
            int codePoint = text.codePointAt(offset);
            int next = Math.max(0, WCWidth.wcwidth(codePoint));
            if (used + next > width - 1) {
                break;
            }
            kept.appendCodePoint(codePoint);
            used += next;
            offset += Character.charCount(codePoint);
        }
        return kept + ELLIPSIS;
    }

    /** Writes the lines of one box. */
    private static final class Box {
        private final ResultView view;
        private final List<Integer> shown;
        private final int[] widths;
        private final PrintWriter out;
        private final boolean gap;

        Box(ResultView view, List<String> types, List<Integer> shown, int[] widths, PrintWriter out) {
            this.view = view;
            this.shown = shown;
            this.widths = widths;
            this.out = out;
            this.gap = shown.size() < types.size();
        }

        /** Where the "…" column goes: after the shown columns on the left. */
        private int gapAfter() {
            for (int index = 0; index + 1 < shown.size(); index++) {
                if (shown.get(index + 1) != shown.get(index) + 1) {
                    return index;
                }
            }
            return shown.size() - 1;
        }

        int totalWidth() {
            int width = 1 + (gap ? 4 : 0);
            for (int column : shown) {
                width += widths[column] + 3;
            }
            return width;
        }

        void rule(char left, char middle, char right) {
            List<String> segments = new ArrayList<>();
            for (int column : shown) {
                segments.add("─".repeat(widths[column] + 2));
            }
            if (gap) {
                segments.add(gapAfter() + 1, "───");
            }
            out.println(left + String.join(String.valueOf(middle), segments) + right);
        }

        /** One line of cells; {@code centered} for the header, the types and the gap's dots. */
        void line(List<String> cells, boolean centered) {
            List<String> segments = new ArrayList<>();
            for (int column : shown) {
                String text = cut(cells.get(column), widths[column]);
                int padding = widths[column] - width(text);
                String cell;
                if (centered) {
                    cell = " ".repeat(padding / 2) + text + " ".repeat(padding - padding / 2);
                } else if (TypeNames.isNumeric(view.types().get(column))) {
                    cell = " ".repeat(padding) + text;
                } else {
                    cell = text + " ".repeat(padding);
                }
                segments.add(" " + cell + " ");
            }
            if (gap) {
                segments.add(gapAfter() + 1, " " + ELLIPSIS + " ");
            }
            out.println("│" + String.join("│", segments) + "│");
        }
    }
}
