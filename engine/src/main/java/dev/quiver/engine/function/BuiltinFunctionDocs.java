package dev.quiver.engine.function;

import java.util.List;

/**
 * Renders the registry of built-in functions as the Markdown table in docs/sql.md, between
 * {@link #BEGIN} and {@link #END}; {@code BuiltinFunctionDocsTest} fails when the file differs and
 * rewrites it when run with {@code -Dquiver.docs.update=true}.
 */
public final class BuiltinFunctionDocs {
    /** The line before the generated table. */
    public static final String BEGIN = "<!-- BEGIN GENERATED FUNCTION LIST: BuiltinFunctionDocs -->";
    /** The line after it. */
    public static final String END = "<!-- END GENERATED FUNCTION LIST -->";

    private BuiltinFunctionDocs() {}

    /** The table, one row per built-in, without the marker lines. */
    public static String render() {
        StringBuilder text = new StringBuilder();
        text.append("| name | kind | signature | description | example |\n");
        text.append("|---|---|---|---|---|\n");
        for (BuiltinFunction function : BuiltinFunctions.all()) {
            text.append("| ")
                    .append(code(String.join(", ", function.names())))
                    .append(" | ")
                    .append(function.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ")
                    .append(code(function.signature()))
                    .append(" | ")
                    .append(cell(function.description()))
                    .append(" | ")
                    .append(function.example().isEmpty() ? "" : code(function.example()))
                    .append(" |\n");
        }
        return text.toString();
    }

    /** {@code document} with the text between the markers replaced by {@link #render()}. */
    public static String replaceSection(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " section");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + render() + document.substring(end);
    }

    private static String code(String text) {
        return "`" + cell(text) + "`";
    }

    /** A table cell: a | would end it. */
    private static String cell(String text) {
        return String.join("\\|", List.of(text.split("\\|", -1)));
    }
}
