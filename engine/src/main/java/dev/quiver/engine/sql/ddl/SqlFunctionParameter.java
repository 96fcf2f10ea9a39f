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

/** One parameter of {@code CREATE FUNCTION name ([argname] type, ...)}. */
public final class SqlFunctionParameter extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("PARAMETER", SqlKind.OTHER);

    private final SqlIdentifier name;
    private final SqlDataTypeSpec type;

    /** {@code name} is null for a parameter declared by its type alone. */
    public SqlFunctionParameter(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type) {
        super(pos);
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The parameter's name, absent when only its type was given. */
    public Optional<SqlIdentifier> name() {
        return Optional.ofNullable(name);
    }

    /** The declared type, as written (DuckDB aliases already resolved). */
    public SqlDataTypeSpec type() {
        return type;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return name == null ? List.of(type) : List.of(name, type);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        if (name != null) {
            name.unparse(writer, 0, 0);
        }
        type.unparse(writer, 0, 0);
    }
}
