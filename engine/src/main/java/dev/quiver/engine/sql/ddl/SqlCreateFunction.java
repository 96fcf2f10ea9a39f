package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] name ([argname] type, ...) RETURNS type
 * LANGUAGE PYTHON [option ...] AS body}: a Python function, its signature, source and options.
 */
public final class SqlCreateFunction extends SqlCreate {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE FUNCTION", SqlKind.CREATE_FUNCTION);

    private final SqlIdentifier name;
    private final SqlNodeList parameterList;
    private final SqlDataTypeSpec returnType;
    /** A table function's result columns ({@link SqlFunctionParameter}s with names); null otherwise. */
    private final SqlNodeList resultColumns;

    private final String body;
    private final FunctionOptions options;

    /**
     * {@code parameterList} holds {@link SqlFunctionParameter}s; {@code body} is the Python source;
     * exactly one of {@code returnType} and {@code resultColumns} (RETURNS TABLE) is given.
     */
    public SqlCreateFunction(
            SqlParserPos pos,
            boolean replace,
            boolean ifNotExists,
            SqlIdentifier name,
            SqlNodeList parameterList,
            SqlDataTypeSpec returnType,
            SqlNodeList resultColumns,
            String body,
            FunctionOptions options) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = Objects.requireNonNull(name, "name");
        this.parameterList = Objects.requireNonNull(parameterList, "parameterList");
        if ((returnType == null) == (resultColumns == null)) {
            throw new IllegalArgumentException("a function has either a return type or result columns");
        }
        this.returnType = returnType;
        this.resultColumns = resultColumns;
        this.body = Objects.requireNonNull(body, "body");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The function's name; more than one part when qualified ({@code schema.function}). */
    public SqlIdentifier name() {
        return name;
    }

    /** The declared parameters, in order. */
    public List<SqlFunctionParameter> parameters() {
        List<SqlFunctionParameter> parameters = new ArrayList<>(parameterList.size());
        for (SqlNode parameter : parameterList) {
            parameters.add((SqlFunctionParameter) parameter);
        }
        return Collections.unmodifiableList(parameters);
    }

    /** The declared result type; null for a table function. */
    public SqlDataTypeSpec returnType() {
        return returnType;
    }

    /** A table function's result columns (each with a name), in order; empty for other functions. */
    public List<SqlFunctionParameter> resultColumns() {
        List<SqlFunctionParameter> columns = new ArrayList<>();
        if (resultColumns != null) {
            for (SqlNode column : resultColumns) {
                columns.add((SqlFunctionParameter) column);
            }
        }
        return Collections.unmodifiableList(columns);
    }

    /** The Python source after {@code AS}, exactly as written between the quotes or dollars. */
    public String body() {
        return body;
    }

    /** The options, with defaults for those not given. */
    public FunctionOptions options() {
        return options;
    }

    /** Whether {@code OR REPLACE} was given. */
    public boolean replace() {
        return getReplace();
    }

    /** Whether {@code IF NOT EXISTS} was given. */
    public boolean ifNotExists() {
        return ifNotExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, parameterList, returnType != null ? returnType : resultColumns);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (replace()) {
            writer.keyword("OR REPLACE");
        }
        writer.keyword(options.kind().isAggregate() ? "AGGREGATE FUNCTION" : "FUNCTION");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode parameter : parameterList) {
            writer.sep(",");
            parameter.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        writer.keyword("RETURNS");
        if (returnType != null) {
            returnType.unparse(writer, 0, 0);
        } else {
            writer.keyword("TABLE");
            SqlWriter.Frame columns = writer.startList("(", ")");
            for (SqlNode column : resultColumns) {
                writer.sep(",");
                column.unparse(writer, 0, 0);
            }
            writer.endList(columns);
        }
        writer.keyword("LANGUAGE PYTHON");
        writer.keyword(options.volatility().name());
        writer.keyword(options.nullInput().name().replace('_', ' '));
        if (!options.kind().isAggregate() && !options.kind().isTable()) {
            writer.keyword("KIND " + options.kind().name());
        }
        writer.keyword("ON ERROR " + options.onError().name());
        options.handler().ifPresent(handler -> {
            writer.keyword("HANDLER");
            writer.literal(quoted(handler));
        });
        List<String> with = new ArrayList<>();
        if (options.isolation() != FunctionOptions.Isolation.AUTO) {
            with.add("isolation = " + quoted(options.isolation().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (options.batchFormat() != FunctionOptions.BatchFormat.LISTS) {
            with.add("batch_format = " + quoted(options.batchFormat().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (!with.isEmpty()) {
            writer.keyword("WITH");
            writer.print("(" + String.join(", ", with) + ")");
        }
        writer.keyword("AS");
        writer.literal(dollarQuotable(body) ? "$$" + body + "$$" : quoted(body));
    }

    /** Whether {@code $$text$$} reads back as {@code text}: a $$ string ends at its first "$$". */
    private static boolean dollarQuotable(String text) {
        return !text.contains("$$") && !text.endsWith("$");
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
