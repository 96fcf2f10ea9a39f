package dev.quiver.engine.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** One column of {@code CREATE TABLE name (column type [NOT NULL] [DEFAULT expr], ...)}. */
public final class SqlColumnDeclaration extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

    private final SqlIdentifier name;
    private final SqlDataTypeSpec type;
    private final boolean notNull;
    private final SqlNode defaultValue;

    /** {@code type}'s nullability should agree with {@code notNull}; the parser makes it so. */
    public SqlColumnDeclaration(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type, boolean notNull) {
        this(pos, name, type, notNull, null);
    }

    /** A column with a DEFAULT expression ({@code defaultValue}, or null for none). */
    public SqlColumnDeclaration(
            SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type, boolean notNull, SqlNode defaultValue) {
        super(pos);
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.notNull = notNull;
        this.defaultValue = defaultValue;
    }

    /** The DEFAULT expression, or null when the column has none (its default is NULL). */
    public SqlNode defaultValue() {
        return defaultValue;
    }

    /** The column's name, a simple identifier. */
    public SqlIdentifier name() {
        return name;
    }

    /** The declared type, as written (DuckDB aliases already resolved). */
    public SqlDataTypeSpec type() {
        return type;
    }

    /** Whether the column was declared {@code NOT NULL}. */
    public boolean notNull() {
        return notNull;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, type);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        type.unparse(writer, 0, 0);
        if (notNull) {
            writer.keyword("NOT NULL");
        }
        if (defaultValue != null) {
            writer.keyword("DEFAULT");
            defaultValue.unparse(writer, 0, 0);
        }
    }
}
