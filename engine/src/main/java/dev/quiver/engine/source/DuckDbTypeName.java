package dev.quiver.engine.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DuckDB type name as its JDBC metadata spells it ({@code UUID[]}, {@code STRUCT(a INTEGER, "b c"
 * UUID[3])}, {@code MAP(VARCHAR, UUID)}), taken apart into the name of each nested level. Needed
 * because DuckDB's Arrow export sends UUIDs as text: only the name says which text is a UUID.
 *
 * @param leaf the upper-case name of a type that is not nested ({@code UUID}), or null for LIST,
 *     ARRAY, STRUCT and MAP
 * @param children a list's or array's element, a struct's members in order, or a map's key and value
 */
record DuckDbTypeName(String leaf, List<DuckDbTypeName> children) {
    /** A name that says nothing: every level of a type whose name could not be read. */
    static final DuckDbTypeName UNKNOWN = new DuckDbTypeName("", List.of());

    /** The parts of {@code name}; {@link #UNKNOWN} where the name is not one this reads. */
    static DuckDbTypeName parse(String name) {
        String text = name == null ? "" : name.strip();
        if (text.endsWith("]")) {
            int open = text.lastIndexOf('[');
            return open <= 0 ? UNKNOWN : new DuckDbTypeName(null, List.of(parse(text.substring(0, open))));
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if ((upper.startsWith("STRUCT(") || upper.startsWith("MAP(")) && text.endsWith(")")) {
            List<String> parts = splitTopLevel(text.substring(text.indexOf('(') + 1, text.length() - 1));
            List<DuckDbTypeName> children = new ArrayList<>();
            for (String part : parts) {
                children.add(parse(upper.startsWith("MAP(") ? part : withoutMemberName(part.strip())));
            }
            return new DuckDbTypeName(null, children);
        }
        return new DuckDbTypeName(upper, List.of());
    }

    /** The part of a name for child {@code index}, or {@link #UNKNOWN}. */
    DuckDbTypeName child(int index) {
        return index < children.size() ? children.get(index) : UNKNOWN;
    }

    /** Whether this is DuckDB's UUID. */
    boolean isUuid() {
        return "UUID".equals(leaf);
    }

    /** A struct member's type: what follows its name, which may be double-quoted (quotes doubled inside). */
    private static String withoutMemberName(String member) {
        if (member.startsWith("\"")) {
            int index = 1;
            while (index < member.length()) {
                if (member.charAt(index) == '"') {
                    if (index + 1 < member.length() && member.charAt(index + 1) == '"') {
                        index += 2;
                        continue;
                    }
                    return member.substring(index + 1);
                }
                index++;
            }
            return "";
        }
        int space = member.indexOf(' ');
        return space < 0 ? "" : member.substring(space + 1);
    }

    /** Splits on the commas outside parentheses, brackets and quotes (ENUM('a, b') members). */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            boolean quoted = quote != 0;
            if (c == '"' || c == '\'') {
                quote = !quoted ? c : quote == c ? 0 : quote;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(text.substring(start, index));
                start = index + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
