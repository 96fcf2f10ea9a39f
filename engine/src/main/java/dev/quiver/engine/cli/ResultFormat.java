package dev.quiver.engine.cli;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.type.ValueText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** How {@code quiver sql} prints a result: an aligned table, RFC 4180 CSV, or JSON. */
public enum ResultFormat {
    /** Aligned columns with a header, NULL spelled out; for people. */
    TABLE,
    /** A header line, then one line per row (RFC 4180 quoting); NULL is an empty field. */
    CSV,
    /** A JSON array with one object per row; NULL is null, numbers and booleans unquoted. */
    JSON;

    /** Writes {@code result}; a statement without rows prints its update count (table format only). */
    public void write(QueryResult result, PrintWriter out) {
        if (!result.hasRows()) {
            if (this == TABLE) {
                out.println(result.updateCount() + " row" + (result.updateCount() == 1 ? "" : "s") + " affected");
            }
            return;
        }
        List<String> names = result.fields().stream().map(Field::getName).toList();
        List<List<Object>> rows = result.rows();
        switch (this) {
            case TABLE -> table(names, rows, out);
            case CSV -> csv(names, rows, out);
            case JSON -> json(names, rows, out);
        }
        out.flush();
    }

    private static void table(List<String> names, List<List<Object>> rows, PrintWriter out) {
        int[] widths = new int[names.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int column = 0; column < names.size(); column++) {
            widths[column] = names.get(column).length();
        }
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int column = 0; column < row.size(); column++) {
                String cell = ValueText.of(row.get(column));
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
