package dev.quiver.engine.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * DuckDB's prepared statements in SQL: {@code PREPARE name AS statement}, {@code EXECUTE name[(values)]}
 * and {@code DEALLOCATE [PREPARE] name}. The prepared statement's text is kept as text: it is parsed
 * when it is prepared, and planned when it first runs.
 */
public final class SqlPreparedCommand extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("PREPARED STATEMENT", SqlKind.OTHER);

    /** What the command does. */
    public enum Action {
        PREPARE,
        EXECUTE,
        DEALLOCATE
    }

    private final Action action;
    private final String name;
    private final String statement;
    private final SqlNodeList arguments;

    /**
     * @param statement the text to prepare (PREPARE only, else null)
     * @param arguments the values of EXECUTE's parameters, as expressions (empty for the others)
     */
    public SqlPreparedCommand(SqlParserPos pos, Action action, String name, String statement, SqlNodeList arguments) {
        super(pos);
        this.action = Objects.requireNonNull(action, "action");
        this.name = Objects.requireNonNull(name, "name");
        this.statement = statement;
        this.arguments = Objects.requireNonNull(arguments, "arguments");
    }

    public Action action() {
        return action;
    }

    /** The prepared statement's name, as written. */
    public String name() {
        return name;
    }

    /** The statement PREPARE prepares, as text. */
    public String statement() {
        return statement;
    }

    /** EXECUTE's parameter values, as expressions. */
    public SqlNodeList arguments() {
        return arguments;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(arguments);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(action.name());
        writer.identifier(name, true);
        if (action == Action.PREPARE) {
            writer.keyword("AS");
            writer.print(statement);
        } else if (action == Action.EXECUTE && !arguments.isEmpty()) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode argument : arguments) {
                writer.sep(",");
                argument.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
    }
}
