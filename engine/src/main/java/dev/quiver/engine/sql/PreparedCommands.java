package dev.quiver.engine.sql;

import dev.quiver.engine.sql.ddl.SqlPreparedCommand;
import dev.quiver.engine.sql.ddl.SqlPreparedCommand.Action;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Reads {@code PREPARE name AS statement}, {@code EXECUTE name[(values)]} and
 * {@code DEALLOCATE [PREPARE] name} from a statement's text before Calcite's parser sees it: the
 * prepared statement stays text (it may be any statement, parsed when prepared), and EXECUTE's values
 * are parsed as a select list.
 */
final class PreparedCommands {
    private static final String NAME = "([A-Za-z_][A-Za-z0-9_]*)";
    private static final Pattern PREPARE = Pattern.compile(
            "\\s*PREPARE\\s+" + NAME + "\\s+AS\\s+(.*?)[\\s;]*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern EXECUTE = Pattern.compile(
            "\\s*EXECUTE\\s+" + NAME + "\\s*(?:\\((.*)\\))?[\\s;]*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DEALLOCATE = Pattern.compile(
            "\\s*DEALLOCATE\\s+(?:PREPARE\\s+)?" + NAME + "[\\s;]*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private PreparedCommands() {}

    /** The command {@code text} (one statement) is, or null when it is none of the three. */
    static SqlNode recognize(String text, int line, int column) {
        String head = text.stripLeading();
        if (head.length() < 7) {
            return null;
        }
        String word = head.substring(0, 7).toUpperCase(Locale.ROOT);
        if (!word.startsWith("PREPARE") && !word.startsWith("EXECUTE") && !word.startsWith("DEALLOC")) {
            return null; // most statements: no regular expression runs
        }
        SqlParserPos position = new SqlParserPos(line, column);
        Matcher prepare = PREPARE.matcher(text);
        if (prepare.matches()) {
            return new SqlPreparedCommand(
                    position, Action.PREPARE, prepare.group(1), prepare.group(2), SqlNodeList.EMPTY);
        }
        Matcher execute = EXECUTE.matcher(text);
        if (execute.matches()) {
            String values = execute.group(2);
            SqlNodeList arguments = values == null || values.isBlank()
                    ? SqlNodeList.EMPTY
                    : ((SqlSelect) SqlParsing.parseStatement("SELECT " + values)).getSelectList();
            return new SqlPreparedCommand(position, Action.EXECUTE, execute.group(1), null, arguments);
        }
        Matcher deallocate = DEALLOCATE.matcher(text);
        if (deallocate.matches()) {
            return new SqlPreparedCommand(position, Action.DEALLOCATE, deallocate.group(1), null, SqlNodeList.EMPTY);
        }
        return null; // the parser reports what is wrong
    }
}
