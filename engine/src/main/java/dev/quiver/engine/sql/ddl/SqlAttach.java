package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * DuckDB's {@code ATTACH [DATABASE] [IF NOT EXISTS] 'file.duckdb' [AS alias] [(option [value], ...)]}:
 * makes the tables of a DuckDB database file readable as {@code alias.table}.
 */
public final class SqlAttach extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ATTACH", SqlKind.OTHER_DDL);

    private final boolean ifNotExists;
    private final SqlLiteral path;
    private final SqlIdentifier alias;
    private final SqlNodeList options;

    /**
     * @param alias   the name given with AS, or null (the file's name without its extension)
     * @param options alternating option names (identifiers) and values (a literal, an identifier, or
     *                null when the option was given without a value)
     */
    public SqlAttach(SqlParserPos pos, boolean ifNotExists, SqlLiteral path, SqlIdentifier alias, SqlNodeList options) {
        super(pos);
        this.ifNotExists = ifNotExists;
        this.path = Objects.requireNonNull(path, "path");
        this.alias = alias;
        this.options = Objects.requireNonNull(options, "options");
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    /** The file's path as written. */
    public String path() {
        return path.getValueAs(String.class);
    }

    public SqlLiteral pathLiteral() {
        return path;
    }

    /** The alias given with AS, or null. */
    public SqlIdentifier alias() {
        return alias;
    }

    /** The options in parentheses, as (name, value-or-null) pairs. */
    public List<Option> options() {
        List<Option> pairs = new ArrayList<>();
        for (int index = 0; index + 1 < options.size(); index += 2) {
            pairs.add(new Option((SqlIdentifier) options.get(index), options.get(index + 1)));
        }
        return pairs;
    }

    /** One option: {@code READ_ONLY}, {@code READ_ONLY true}, {@code TYPE duckdb}; value null when absent. */
    public record Option(SqlIdentifier name, SqlNode value) {}

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(path);
        operands.add(alias);
        operands.add(options);
        return operands;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ATTACH");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        path.unparse(writer, leftPrec, rightPrec);
        if (alias != null) {
            writer.keyword("AS");
            alias.unparse(writer, leftPrec, rightPrec);
        }
        if (!options.isEmpty()) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (Option option : options()) {
                writer.sep(",");
                option.name().unparse(writer, 0, 0);
                if (option.value() != null) {
                    option.value().unparse(writer, 0, 0);
                }
            }
            writer.endList(frame);
        }
    }
}
