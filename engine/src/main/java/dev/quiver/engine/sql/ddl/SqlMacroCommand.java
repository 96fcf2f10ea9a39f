package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * DuckDB's {@code CREATE [OR REPLACE] [TEMP] MACRO [IF NOT EXISTS] name(a, b := 5) AS [TABLE] body}
 * (also spelled {@code CREATE FUNCTION … AS}) and {@code DROP MACRO [TABLE] [IF EXISTS] name}. The
 * body and the default values stay text: they are parsed again wherever the macro is expanded.
 *
 * @param text the statement as written (a CREATE is stored and replayed as such)
 */
public final class SqlMacroCommand extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("MACRO", SqlKind.OTHER_DDL);

    /** What the statement does. */
    public enum Action {
        CREATE,
        DROP
    }

    private final Action action;
    private final String name;
    private final List<String> parameters;
    private final List<String> types;
    private final List<String> defaults;
    private final String body;
    private final boolean table;
    private final boolean replace;
    private final boolean temporary;
    private final boolean ifExists;
    private final String text;

    /**
     * @param ifExists IF NOT EXISTS of a CREATE, IF EXISTS of a DROP
     * @param table    AS TABLE of a CREATE, DROP MACRO TABLE
     */
    public SqlMacroCommand(
            SqlParserPos pos,
            Action action,
            String name,
            List<String> parameters,
            List<String> types,
            List<String> defaults,
            String body,
            boolean table,
            boolean replace,
            boolean temporary,
            boolean ifExists,
            String text) {
        super(pos);
        this.action = Objects.requireNonNull(action, "action");
        this.name = Objects.requireNonNull(name, "name");
        this.parameters = List.copyOf(parameters);
        this.types = new ArrayList<>(types);
        this.defaults = new ArrayList<>(defaults);
        this.body = body;
        this.table = table;
        this.replace = replace;
        this.temporary = temporary;
        this.ifExists = ifExists;
        this.text = Objects.requireNonNull(text, "text");
    }

    public Action action() {
        return action;
    }

    public String name() {
        return name;
    }

    public List<String> parameters() {
        return parameters;
    }

    /** Each parameter's declared type as text, null where none is declared. */
    public List<String> types() {
        return types;
    }

    /** Each parameter's default value as text, null where it has none. */
    public List<String> defaults() {
        return defaults;
    }

    /** The expression or query, as text (CREATE only). */
    public String body() {
        return body;
    }

    public boolean table() {
        return table;
    }

    public boolean replace() {
        return replace;
    }

    public boolean temporary() {
        return temporary;
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** The statement as written. */
    public String text() {
        return text;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.print(text);
    }
}
