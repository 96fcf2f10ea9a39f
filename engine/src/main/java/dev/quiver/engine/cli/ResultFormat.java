package dev.quiver.engine.cli;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.StatementSplitter;
import dev.quiver.engine.sql.ddl.SqlDataChange;
import dev.quiver.engine.type.NestedValue;
import dev.quiver.engine.type.TypeNames;
import dev.quiver.engine.type.ValueText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlNode;

/** How {@code quiver sql} and the shell print a result: tables for people, CSV and JSON for programs. */
public enum ResultFormat {
    /** Aligned columns with a header, NULL spelled out; for people. */
    TABLE,
    /** DuckDB's box display: types under the names, numbers to the right, long results cut (see {@link BoxFormat}). */
    BOX,
    /** A header line, then one line per row (RFC 4180 quoting); NULL is an empty field. */
    CSV,
    /** A JSON array with one object per row; NULL is null, numbers and booleans unquoted, nested values nested. */
    JSON,
    /** A Markdown table (pipes escaped), numbers aligned to the right. */
    MARKDOWN,
    /** One line per value, {@code name = value}, a blank line between rows. */
    LINE;

    /** The names {@code --format} and {@code .mode} accept, lower case. */
    static String names() {
        return String.join(
                ", ",
                java.util.Arrays.stream(values())
                        .map(format -> format.name().toLowerCase(Locale.ROOT))
                        .toList());
    }

    /** The format named {@code name} (any case; DuckDB's {@code duckbox} is {@link #BOX}), or null. */
    static ResultFormat named(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals("DUCKBOX")) {
            return BOX;
        }
        for (ResultFormat format : values()) {
            if (format.name().equals(upper)) {
                return format;
            }
        }
        return null;
    }

    /**
     * Writes {@code result} of the one parsed {@code statement}; after an INSERT, UPDATE or DELETE the
     * table formats print the update count ("3 rows affected"); DDL prints nothing, as in DuckDB's
     * shell.
     */
    public void write(QueryResult result, SqlNode statement, PrintWriter out) {
        write(result, out, Display.DEFAULT, SqlDataChange.isDataChange(statement));
    }

    /**
     * Writes {@code result} with the shell's display settings.
     *
     * @param showCount whether a result without rows prints its update count (table formats only)
     */
    void write(QueryResult result, PrintWriter out, Display display, boolean showCount) {
        if (!result.hasRows()) {
            if (showCount && (this == TABLE || this == BOX)) {
                out.println(result.updateCount() + " row" + (result.updateCount() == 1 ? "" : "s") + " affected");
            }
            out.flush();
            return;
        }
        write(ResultView.of(result), out, display);
    }

    /** Whether the last statement of {@code sql} changes rows, so that its update count means something. */
    static boolean printsCount(String sql) {
        List<StatementSplitter.Piece> pieces = StatementSplitter.split(sql);
        if (pieces.isEmpty()) {
            return false;
        }
        try {
            return SqlDataChange.isDataChange(
                    SqlParsing.parseStatement(pieces.getLast().text()));
        } catch (QuiverException e) {
            return false; // it ran, so the engine reads it in a way the plain parser does not: not a data change
        }
    }

    /** Writes the rows of {@code view}. */
    void write(ResultView view, PrintWriter out, Display display) {
        if (this == BOX) {
            BoxFormat.write(view, out, display);
            out.flush();
            return;
        }
        List<String> names = view.names();
        List<List<Object>> rows = view.allRows();
        switch (this) {
            case TABLE -> table(names, rows, out, display.nullValue());
            case CSV -> csv(names, rows, out);
            case JSON -> json(names, rows, out);
            case MARKDOWN -> markdown(view, rows, out, display.nullValue());
            case LINE -> line(names, rows, out, display.nullValue());
            case BOX -> throw new IllegalStateException("written above");
        }
        out.flush();
    }

    private static String text(Object value, String nullValue) {
        return value == null ? nullValue : ValueText.of(value);
    }

    private static void markdown(ResultView view, List<List<Object>> rows, PrintWriter out, String nullValue) {
        List<String> names = view.names();
        int[] widths = new int[names.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int column = 0; column < names.size(); column++) {
            widths[column] = Math.max(3, BoxFormat.width(markdownCell(names.get(column))));
        }
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int column = 0; column < row.size(); column++) {
                String cell = markdownCell(text(row.get(column), nullValue));
                widths[column] = Math.max(widths[column], BoxFormat.width(cell));
                line.add(cell);
            }
            cells.add(line);
        }
        StringBuilder header = new StringBuilder("|");
        StringBuilder rule = new StringBuilder("|");
        for (int column = 0; column < names.size(); column++) {
            boolean numeric = TypeNames.isNumeric(view.types().get(column));
            header.append(' ')
                    .append(pad(markdownCell(names.get(column)), widths[column], false))
                    .append(" |");
            rule.append('-').append("-".repeat(widths[column])).append(numeric ? ":|" : "-|");
        }
        out.println(header);
        out.println(rule);
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder("|");
            for (int column = 0; column < line.size(); column++) {
                boolean numeric = TypeNames.isNumeric(view.types().get(column));
                text.append(' ')
                        .append(pad(line.get(column), widths[column], numeric))
                        .append(" |");
            }
            out.println(text);
        }
    }

    private static String markdownCell(String text) {
        return BoxFormat.escape(text).replace("|", "\\|");
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - BoxFormat.width(text)));
        return right ? padding + text : text + padding;
    }

    private static void line(List<String> names, List<List<Object>> rows, PrintWriter out, String nullValue) {
        int nameWidth = 0;
        for (String name : names) {
            nameWidth = Math.max(nameWidth, BoxFormat.width(name));
        }
        for (int index = 0; index < rows.size(); index++) {
            if (index > 0) {
                out.println();
            }
            List<Object> row = rows.get(index);
            for (int column = 0; column < row.size(); column++) {
                out.println(pad(names.get(column), nameWidth, true) + " = " + text(row.get(column), nullValue));
            }
        }
    }

    private static void table(List<String> names, List<List<Object>> rows, PrintWriter out, String nullValue) {
        int[] widths = new int[names.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int column = 0; column < names.size(); column++) {
            widths[column] = names.get(column).length();
        }
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int column = 0; column < row.size(); column++) {
                String cell = text(row.get(column), nullValue);
                widths[column] = Math.max(widths[column], cell.length());
                line.add(cell);
            }
            cells.add(line);
        }
        out.println(line(names, widths));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append(rule.isEmpty() ? "" : "-+-").append("-".repeat(width));
        }
        out.println(rule);
        for (List<String> line : cells) {
            out.println(line(line, widths));
        }
        out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            if (column > 0) {
                text.append(" | ");
            }
            text.append(String.format("%-" + Math.max(widths[column], 1) + "s", cells.get(column)));
        }
        return text.toString().stripTrailing();
    }

    private static void csv(List<String> names, List<List<Object>> rows, PrintWriter out) {
        out.print(String.join(",", names.stream().map(ResultFormat::csvField).toList()) + "\r\n");
        for (List<Object> row : rows) {
            List<String> fields = new ArrayList<>(row.size());
            for (Object value : row) {
                fields.add(value == null ? "" : csvField(ValueText.of(value)));
            }
            out.print(String.join(",", fields) + "\r\n");
        }
    }

    private static String csvField(String text) {
        if (text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static void json(List<String> names, List<List<Object>> rows, PrintWriter out) {
        out.print("[");
        for (int index = 0; index < rows.size(); index++) {
            out.print(index == 0 ? "\n  {" : ",\n  {");
            List<Object> row = rows.get(index);
            for (int column = 0; column < row.size(); column++) {
                out.print(
                        (column == 0 ? "" : ", ") + jsonString(names.get(column)) + ": " + jsonValue(row.get(column)));
            }
            out.print("}");
        }
        out.println(rows.isEmpty() ? "]" : "\n]");
    }

    private static String jsonValue(Object value) {
        return switch (value) {
            case null -> "null";
            case Boolean bool -> bool.toString();
            case Double number
            when Double.isNaN(number) || Double.isInfinite(number) -> jsonString(ValueText.of(number));
            case Float number when Float.isNaN(number) || Float.isInfinite(number) -> jsonString(ValueText.of(number));
            case Number number -> ValueText.of(number);
            // nested values nest: a LIST is an array, a STRUCT an object, a MAP an object keyed by its keys' text
            case NestedValue nested
            when nested.value() instanceof List<?> elements -> {
                List<String> items = new ArrayList<>(elements.size());
                elements.forEach(element -> items.add(jsonValue(element)));
                yield "[" + String.join(", ", items) + "]";
            }
            case NestedValue nested -> {
                List<String> members = new ArrayList<>();
                nested.entries()
                        .forEach((key, member) -> members.add(
                                jsonString(key == null ? "NULL" : ValueText.of(key)) + ": " + jsonValue(member)));
                yield "{" + String.join(", ", members) + "}";
            }
            default -> jsonString(ValueText.of(value));
        };
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
