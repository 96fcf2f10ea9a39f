package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.ddl.SqlMacroCommand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Reads DuckDB's {@code CREATE MACRO} and {@code DROP MACRO} from a statement's text before Calcite's
 * parser sees it (as {@link PreparedCommands} reads PREPARE): the parameters are split at their
 * top-level commas, and the body and default values are checked by parsing them as an expression
 * or a query, then kept as text. {@code CREATE FUNCTION name(…) AS …} is a macro too, as in DuckDB;
 * a Python function's {@code CREATE FUNCTION} has RETURNS after its parameters and is left alone.
 */
final class MacroCommands {
    private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern CREATE = Pattern.compile(
            "\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?(TEMP\\s+|TEMPORARY\\s+)?(MACRO|FUNCTION)\\s+(IF\\s+NOT\\s+EXISTS\\s+)?"
                    + "(?:" + NAME + "\\.)?" + NAME + "\\s*\\(",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern AS =
            Pattern.compile("\\s*AS\\s+(TABLE\\s+)?", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DROP = Pattern.compile(
            "\\s*DROP\\s+MACRO\\s+(TABLE\\s+)?(IF\\s+EXISTS\\s+)?(?:" + NAME + "\\.)?" + NAME + "[\\s;]*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PARAMETER =
            Pattern.compile("\\s*" + NAME + "(.*?)(?::=(.*))?", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private MacroCommands() {}

    /** The macro statement {@code text} (one statement) is, or null when it is none. */
    static SqlMacroCommand recognize(String text, int line, int column) {
        String head = text.stripLeading();
        if (head.length() < 6) {
            return null;
        }
        String word = head.substring(0, 6).toUpperCase(Locale.ROOT);
        if (!word.equals("CREATE") && !word.startsWith("DROP")) {
            return null; // most statements: no regular expression runs
        }
        SqlParserPos position = new SqlParserPos(line, column);
        Matcher drop = DROP.matcher(text);
        if (drop.matches()) {
            return new SqlMacroCommand(
                    position,
                    SqlMacroCommand.Action.DROP,
                    qualifiedName(drop.group(3), drop.group(4)),
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    drop.group(1) != null,
                    false,
                    false,
                    drop.group(2) != null,
                    text.strip());
        }
        Matcher create = CREATE.matcher(text);
        if (!create.lookingAt()) {
            return null;
        }
        int close = closingParenthesis(text, create.end());
        if (close < 0) {
            return null; // the parser reports what is wrong
        }
        Matcher as = AS.matcher(text).region(close + 1, text.length());
        if (!as.lookingAt()) {
            return null; // CREATE FUNCTION … RETURNS …: a Python function
        }
        String name = qualifiedName(create.group(5), create.group(6));
        List<String> parameters = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String parameter : topLevelParts(text.substring(create.end(), close))) {
            Matcher parts = PARAMETER.matcher(parameter);
            if (!parts.matches()) {
                throw error("cannot read macro parameter '" + parameter.strip() + "' of " + name, position);
            }
            String parameterName = name(parts.group(1));
            if (!seen.add(parameterName.toLowerCase(Locale.ROOT))) {
                throw error("Duplicate parameter '" + parameterName + "' in macro definition", position);
            }
            String type = parts.group(2).strip();
            String defaultValue = parts.group(3) == null ? null : parts.group(3).strip();
            if (defaultValue == null && !defaults.isEmpty() && defaults.getLast() != null) {
                throw error("Parameter without a default follows parameter with a default", position);
            }
            if (defaultValue != null) {
                SqlParsing.parseExpression(defaultValue); // a syntax error now, not at each call
            }
            if (!type.isEmpty()) {
                SqlParsing.parseExpression("CAST(NULL AS " + type + ")");
            }
            parameters.add(parameterName);
            types.add(type.isEmpty() ? null : type);
            defaults.add(defaultValue);
        }
        boolean table = as.group(1) != null;
        String body = text.substring(as.end()).strip();
        while (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        if (table) {
            SqlParsing.parseStatement(body);
        } else {
            SqlParsing.parseExpression(body);
        }
        return new SqlMacroCommand(
                position,
                SqlMacroCommand.Action.CREATE,
                name,
                parameters,
                types,
                defaults,
                body,
                table,
                create.group(1) != null,
                create.group(2) != null,
                create.group(4) != null,
                text.strip());
    }

    /**
     * The macro's name, {@code schema.name} when a schema other than main is written (a name has no
     * dot: see {@code catalog/QualifiedName}).
     */
    private static String qualifiedName(String schema, String name) {
        return schema == null || name(schema).equalsIgnoreCase("main") ? name(name) : name(schema) + "." + name(name);
    }

    private static String name(String written) {
        return written.startsWith("\"")
                ? written.substring(1, written.length() - 1).replace("\"\"", "\"")
                : written;
    }

    /** The index of the parenthesis that closes the one just before {@code start}, or -1. */
    private static int closingParenthesis(String text, int start) {
        int depth = 1;
        for (int index = start; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '\'' || character == '"') {
                index = text.indexOf(character, index + 1);
                if (index < 0) {
                    return -1;
                }
            } else if (character == '(') {
                depth++;
            } else if (character == ')' && --depth == 0) {
                return index;
            }
        }
        return -1;
    }

    /** {@code list} split at the commas outside parentheses and quotes; blank for no parts. */
    private static List<String> topLevelParts(String list) {
        List<String> parts = new ArrayList<>();
        if (list.isBlank()) {
            return parts;
        }
        int depth = 0;
        int start = 0;
        for (int index = 0; index < list.length(); index++) {
            char character = list.charAt(index);
            if (character == '\'' || character == '"') {
                int end = list.indexOf(character, index + 1);
                index = end < 0 ? list.length() : end;
            } else if (character == '(' || character == '[') {
                depth++;
            } else if (character == ')' || character == ']') {
                depth--;
            } else if (character == ',' && depth == 0) {
                parts.add(list.substring(start, index));
                start = index + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    private static QuiverException error(String message, SqlParserPos position) {
        return new QuiverException(
                ErrorCode.SYNTAX_ERROR, message, position.getLineNum(), position.getColumnNum(), null);
    }
}
