package dev.quiver.server.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a PostgreSQL catalog query into SQL the engine runs: the virtual {@code pg_catalog} and
 * {@code information_schema} relations it names become common table expressions
 * ({@link PgCatalogTables}), and PostgreSQL-only syntax becomes Quiver's: {@code ~} and
 * {@code OPERATOR(pg_catalog.~)} become {@code regexp_matches}, {@code 'name'::regclass} the OID,
 * {@code ::oid}-style casts integer casts, and the catalog functions clients call
 * ({@code format_type}, {@code pg_get_expr}, {@code pg_table_is_visible}, ...) their values.
 * Bound {@code $n} parameters become literals: the query reads only the catalog.
 */
final class PgCatalogSql {
    /** Marks a masked string literal: {@code \u0001N\u0001} stands for the N-th. */
    private static final char MARK = '\u0001';

    private static final Pattern LITERAL_MARK = Pattern.compile(MARK + "(\\d+)" + MARK);
    private static final Pattern COLLATE = Pattern.compile("(?i)\\s+COLLATE\\s+(?:pg_catalog\\.)?\"?default\"?");
    private static final Pattern OPERATOR =
            Pattern.compile("(?i)OPERATOR\\s*\\(\\s*(?:pg_catalog\\.)?(!?~\\*?|=|<>|<=|>=|<|>)\\s*\\)");
    private static final Pattern REGCLASS_LITERAL =
            Pattern.compile("(?i)(" + MARK + "\\d+" + MARK + ")\\s*::\\s*regclass");
    private static final Pattern CAST = Pattern.compile(
            "(?i)::\\s*(?:pg_catalog\\.)?(regclass|regtype|regproc|regprocedure|regnamespace|regrole|oid|int2|int4|int8|name|text|"
                    + "\"char\"|char|bool|float4|float8)\\b(\\s*\\[\\s*])?");
    private static final String OPERAND = "(?:[\\w.\"]+|" + MARK + "\\d+" + MARK + "|\\?)";
    private static final Pattern REGEX_MATCH =
            Pattern.compile("(?i)(" + OPERAND + ")\\s*(!?~\\*?)\\s*(" + OPERAND + ")");
    private static final Pattern QUALIFIED = Pattern.compile("(?i)\\b(pg_catalog|information_schema)\\s*\\.\\s*(\\w+)");
    private static final Pattern ANY_SCHEMAS =
            Pattern.compile("(?i)=\\s*ANY\\s*\\(\\s*current_schemas\\s*\\(\\s*\\w+\\s*\\)\\s*\\)");
    private static final Pattern USER_WORD =
            Pattern.compile("(?i)\\b(session_user|current_user|current_role)\\b(?!\\s*\\()");
    private static final Pattern FUNCTION = Pattern.compile("(?i)\\b(\\w+)\\s*\\(");
    /** A quoted built-in's name before its arguments ({@code "substring"(x, 7)}, as DBeaver writes it). */
    private static final Pattern QUOTED_FUNCTION = Pattern.compile("(?i)\"(substring|left|right|trim)\"\\s*\\(");

    private static final Pattern WORD = Pattern.compile("\\b(\\w+)\\b");

    private final PgCatalogTables tables;
    private final String user;
    private final List<String> literals = new ArrayList<>();

    private PgCatalogSql(PgCatalogTables tables, String user) {
        this.tables = tables;
        this.user = user;
    }

    /**
     * {@code sql} as a query the engine runs over the virtual catalog relations.
     *
     * @param parameters the bound values of {@code $n} as text ({@code parameters.get(n - 1)})
     */
    static String rewrite(String sql, List<String> parameters, PgCatalogTables tables, String user) {
        return new PgCatalogSql(tables, user).rewrite(sql, parameters);
    }

    private String rewrite(String sql, List<String> parameters) {
        String text = mask(sql.strip(), parameters);
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        text = COLLATE.matcher(text).replaceAll("");
        text = OPERATOR.matcher(text).replaceAll(match -> " " + Matcher.quoteReplacement(match.group(1)) + " ");
        text = REGCLASS_LITERAL
                .matcher(text)
                .replaceAll(match -> String.valueOf(tables.regclass(literal(match.group(1)))));
        text = CAST.matcher(text).replaceAll(match -> "::" + castType(match.group(1), match.group(2) != null));
        text = REGEX_MATCH.matcher(text).replaceAll(match -> {
            String operator = match.group(2);
            String call = "regexp_matches(" + match.group(1) + ", " + match.group(3)
                    + (operator.endsWith("*") ? ", 'i')" : ")");
            return Matcher.quoteReplacement(operator.startsWith("!") ? "NOT " + call : call);
        });
        text = QUALIFIED.matcher(text).replaceAll(match -> {
            String schema = match.group(1).toLowerCase(Locale.ROOT);
            String name = match.group(2).toLowerCase(Locale.ROOT);
            return schema.equals("information_schema") ? "information_schema_" + name : name;
        });
        text = ANY_SCHEMAS.matcher(text).replaceAll(match -> {
            List<String> names = tables.schemas().stream().map(this::mark).toList();
            return Matcher.quoteReplacement("IN (" + String.join(", ", names) + ")");
        });
        text = USER_WORD.matcher(text).replaceAll(match -> mark(user));
        text = QUOTED_FUNCTION.matcher(text).replaceAll("$1(");
        text = functions(text);
        text = withTables(text);
        return unmask(text);
    }

    // ---- string literals ----

    /** {@code sql} with each string literal (and each {@code $n}, as one) replaced by a mark. */
    private String mask(String sql, List<String> parameters) {
        StringBuilder out = new StringBuilder(sql.length());
        int position = 0;
        while (position < sql.length()) {
            char character = sql.charAt(position);
            boolean escaped = (character == 'E' || character == 'e')
                    && position + 1 < sql.length()
                    && sql.charAt(position + 1) == '\''
                    && (position == 0 || !Character.isLetterOrDigit(sql.charAt(position - 1)));
            if (character == '\'' || escaped) {
                int start = escaped ? position + 1 : position;
                int end = PgSql.quoteEnd(sql, start);
                String value =
                        sql.substring(start + 1, Math.max(start + 1, end - 1)).replace("''", "'");
                if (escaped) {
                    value = value.replace("\\\\", "\\").replace("\\'", "'");
                }
                out.append(mark(value));
                position = end;
            } else if (character == '"') {
                int end = PgSql.quoteEnd(sql, position);
                out.append(sql, position, end);
                position = end;
            } else if (character == '$' && position + 1 < sql.length() && Character.isDigit(sql.charAt(position + 1))) {
                int end = position + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                int number = Integer.parseInt(sql.substring(position + 1, end));
                String value = number >= 1 && number <= parameters.size() ? parameters.get(number - 1) : null;
                out.append(value == null ? "NULL" : value.matches("-?\\d{1,18}") ? value : mark(value));
                position = end;
            } else {
                out.append(character);
                position++;
            }
        }
        return out.toString();
    }

    private String mark(String value) {
        literals.add(value);
        return MARK + String.valueOf(literals.size() - 1) + MARK;
    }

    private String literal(String mark) {
        Matcher matcher = LITERAL_MARK.matcher(mark);
        return matcher.matches() ? literals.get(Integer.parseInt(matcher.group(1))) : mark;
    }

    private String unmask(String text) {
        return LITERAL_MARK
                .matcher(text)
                .replaceAll(match -> Matcher.quoteReplacement(
                        PgCatalogTables.literal(literals.get(Integer.parseInt(match.group(1))))));
    }

    // ---- casts and functions ----

    private static String castType(String type, boolean array) {
        if (array) {
            return "varchar"; // arrays (oid[], text[]) are text in the virtual relations
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "int2" -> "smallint";
            case "int8" -> "bigint";
            case "bool" -> "boolean";
            case "float4" -> "real";
            case "float8" -> "double";
            case "name", "text", "\"char\"", "char", "regproc", "regprocedure" -> "varchar";
            default -> "integer"; // oid, int4 and the reg* types: OIDs are integers here
        };
    }

    /** Each catalog function call replaced by its value or an equivalent expression. */
    private String functions(String text) {
        StringBuilder out = new StringBuilder();
        int position = 0;
        Matcher matcher = FUNCTION.matcher(text);
        while (matcher.find(position)) {
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            int open = matcher.end() - 1;
            int close = closingParenthesis(text, open);
            String replacement = close < 0 ? null : function(name, arguments(text.substring(open + 1, close)));
            if (replacement == null) {
                out.append(text, position, matcher.end());
                position = matcher.end();
            } else {
                out.append(text, position, matcher.start()).append(replacement);
                position = close + 1;
            }
        }
        return out.append(text.substring(position)).toString();
    }

    private String function(String name, List<String> arguments) {
        return switch (name) {
            case "format_type" -> arguments.isEmpty() ? null : formatType(functions(arguments.get(0)));
            case "pg_get_constraintdef" ->
                arguments.isEmpty() ? null : definitionOf(functions(arguments.get(0)), tables.constraintDefinitions());
            case "pg_get_indexdef" ->
                arguments.isEmpty()
                        ? null
                        : indexDefinition(
                                functions(arguments.get(0)), arguments.size() > 1 ? functions(arguments.get(1)) : "0");
            case "pg_get_expr",
                    "pg_get_ruledef",
                    "pg_get_triggerdef",
                    "pg_get_functiondef",
                    "pg_get_function_sqlbody",
                    "pg_get_partkeydef",
                    "col_description",
                    "shobj_description",
                    "current_setting" -> "CAST(NULL AS VARCHAR)";
            case "pg_table_is_visible",
                    "pg_type_is_visible",
                    "pg_function_is_visible",
                    "has_table_privilege",
                    "has_schema_privilege",
                    "has_database_privilege",
                    "has_column_privilege",
                    "has_any_column_privilege" -> "TRUE";
            case "pg_is_other_temp_schema", "pg_is_in_recovery" -> "FALSE";
            case "pg_get_function_arguments", "pg_get_function_identity_arguments" ->
                arguments.isEmpty() ? null : functionColumn("quiver_arguments", functions(arguments.get(0)));
            case "pg_get_function_result" ->
                arguments.isEmpty() ? null : functionColumn("quiver_result", functions(arguments.get(0)));
            case "obj_description" ->
                arguments.size() == 2 && literal(arguments.get(1)).equals("pg_proc")
                        ? functionColumn("quiver_description", functions(arguments.get(0)))
                        : "CAST(NULL AS VARCHAR)";
            // acl and other arrays are text in the virtual relations
            case "array_to_string" ->
                arguments.isEmpty() ? null : "CAST(" + functions(arguments.get(0)) + " AS VARCHAR)";
            case "pg_get_viewdef" ->
                arguments.isEmpty() ? null : definitionOf(functions(arguments.get(0)), tables.viewDefinitions());
            case "pg_get_userbyid" -> mark(user);
            case "pg_encoding_to_char" -> mark("UTF8");
            case "pg_tablespace_location" -> mark("");
            case "pg_total_relation_size", "pg_relation_size", "pg_table_size", "pg_indexes_size" ->
                "CAST(0 AS BIGINT)";
            case "pg_stat_get_numscans", "pg_stat_get_tuples_returned" -> "CAST(0 AS BIGINT)";
            case "pg_backend_pid" -> "0";
            case "current_schema" -> arguments.isEmpty() ? mark(PgCatalog.SCHEMA) : null;
            case "current_database" -> arguments.isEmpty() ? mark(PgCatalog.DATABASE) : null;
            case "version" -> arguments.isEmpty() ? mark("PostgreSQL " + PgCatalog.SERVER_VERSION + " (Quiver)") : null;
            case "quote_ident" -> arguments.size() == 1 ? functions(arguments.get(0)) : null;
            default -> null;
        };
    }

    /** A pg_proc column of Quiver's own, of the function whose OID is {@code oid}. */
    private static String functionColumn(String column, String oid) {
        return "(SELECT quiver_function." + column + " FROM pg_proc quiver_function WHERE quiver_function.oid = (" + oid
                + "))";
    }

    /** {@code format_type(oid, typmod)}: the type's SQL name. */
    private String formatType(String oid) {
        StringBuilder sql = new StringBuilder("CASE (").append(oid).append(')');
        for (PgType type : PgType.values()) {
            sql.append(" WHEN ").append(type.oid).append(" THEN ").append(mark(type.sqlName));
        }
        return sql.append(" ELSE CAST(NULL AS VARCHAR) END").toString();
    }

    /**
     * The text {@code definitions} holds for the object whose OID is {@code oid}, else NULL:
     * {@code pg_get_constraintdef(oid)} (a key's {@code PRIMARY KEY (id)}), {@code pg_get_viewdef(oid)}
     * (a view's query).
     */
    private String definitionOf(String oid, Map<Long, String> definitions) {
        if (definitions.isEmpty()) {
            return "CAST(NULL AS VARCHAR)"; // CASE needs a WHEN
        }
        StringBuilder sql = new StringBuilder("CASE (").append(oid).append(')');
        definitions.forEach((object, definition) ->
                sql.append(" WHEN ").append(object).append(" THEN ").append(mark(definition)));
        return sql.append(" ELSE CAST(NULL AS VARCHAR) END").toString();
    }

    /** {@code pg_get_indexdef(oid, column)}: a key index's definition (column 0) or its column's name. */
    private String indexDefinition(String oid, String column) {
        if (tables.indexDefinitions().isEmpty()) {
            return "CAST(NULL AS VARCHAR)"; // CASE needs a WHEN
        }
        StringBuilder sql = new StringBuilder("CASE");
        tables.indexDefinitions().forEach((index, parts) -> {
            for (int part = 0; part < parts.size(); part++) {
                sql.append(" WHEN (")
                        .append(oid)
                        .append(") = ")
                        .append(index)
                        .append(" AND (")
                        .append(column)
                        .append(") = ")
                        .append(part)
                        .append(" THEN ")
                        .append(mark(parts.get(part)));
            }
        });
        return sql.append(" ELSE CAST(NULL AS VARCHAR) END").toString();
    }

    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int index = open; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '(') {
                depth++;
            } else if (character == ')' && --depth == 0) {
                return index;
            } else if (character == '"') {
                index = PgSql.quoteEnd(text, index) - 1;
            }
        }
        return -1;
    }

    private static List<String> arguments(String text) {
        List<String> arguments = new ArrayList<>();
        if (text.isBlank()) {
            return arguments;
        }
        int depth = 0;
        int start = 0;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '(') {
                depth++;
            } else if (character == ')') {
                depth--;
            } else if (character == ',' && depth == 0) {
                arguments.add(text.substring(start, index).strip());
                start = index + 1;
            }
        }
        arguments.add(text.substring(start).strip());
        return arguments;
    }

    // ---- the virtual relations ----

    /** {@code text} with the virtual relations it names defined in front of it. */
    private String withTables(String text) {
        List<String> named = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            String word = matcher.group(1).toLowerCase(Locale.ROOT);
            if (PgCatalogTables.names().contains(word) && !named.contains(word)) {
                named.add(word);
            }
        }
        if (named.isEmpty()) {
            return text;
        }
        StringBuilder with = new StringBuilder();
        for (String name : named) {
            with.append(with.isEmpty() ? "" : ", ")
                    .append(name)
                    .append(" AS (")
                    .append(tables.query(name))
                    .append(')');
        }
        Matcher existing = Pattern.compile("(?is)^\\s*WITH\\s+(RECURSIVE\\s+)?").matcher(text);
        if (existing.find()) {
            return text.substring(0, existing.end()) + with + ", " + text.substring(existing.end());
        }
        return "WITH " + with + " " + text;
    }
}
