package dev.quiver.engine.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** DuckDB's {@code DETACH [DATABASE] [IF EXISTS] alias}: forgets an attached database and closes its file. */
public final class SqlDetach extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DETACH", SqlKind.OTHER_DDL);

    private final boolean ifExists;
    private final SqlIdentifier alias;

    public SqlDetach(SqlParserPos pos, boolean ifExists, SqlIdentifier alias) {
        super(pos);
        this.ifExists = ifExists;
        this.alias = Objects.requireNonNull(alias, "alias");
    }

    public boolean ifExists() {
        return ifExists;
    }

    public SqlIdentifier alias() {
        return alias;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(alias);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DETACH");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        alias.unparse(writer, leftPrec, rightPrec);
    }
}
