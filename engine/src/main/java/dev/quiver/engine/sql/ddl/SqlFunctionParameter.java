package dev.quiver.engine.sql.ddl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One parameter of {@code CREATE FUNCTION name ([argname] type, ...)}: a typed value, or — for a
 * table function — {@code [argname] TABLE}, a table argument whose rows arrive one at a time.
 */
public final class SqlFunctionParameter extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("PARAMETER", SqlKind.OTHER);

    private final SqlIdentifier name;
    /** Null for a TABLE parameter. */
    private final SqlDataTypeSpec type;

    /** {@code name} is null for a parameter declared by its type alone. */
    public SqlFunctionParameter(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type) {
        super(pos);
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
    }

    private SqlFunctionParameter(SqlParserPos pos, SqlIdentifier name) {
        super(pos);
        this.name = name;
        this.type = null;
    }

    /** {@code [name] TABLE}: a table argument ({@code name} null when unnamed). */
    public static SqlFunctionParameter table(SqlParserPos pos, SqlIdentifier name) {
        return new SqlFunctionParameter(pos, name);
    }

    /** Whether this is a TABLE parameter (then it has no {@link #type}). */
    public boolean isTable() {
        return type == null;
    }

    /** The parameter's name, absent when only its type was given. */
    public Optional<SqlIdentifier> name() {
        return Optional.ofNullable(name);
    }

    /** The declared type, as written (DuckDB aliases already resolved); only for a non-TABLE parameter. */
    public SqlDataTypeSpec type() {
        if (type == null) {
            throw new IllegalStateException("a TABLE parameter has no data type");
        }
        return type;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        if (type == null) {
            return name == null ? List.of() : List.of(name);
        }
        return name == null ? List.of(type) : List.of(name, type);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        if (name != null) {
            name.unparse(writer, 0, 0);
        }
        if (type == null) {
            writer.keyword("TABLE");
        } else {
            type.unparse(writer, 0, 0);
        }
    }
}
