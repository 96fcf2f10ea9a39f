package dev.quiver.engine.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code SHOW TABLES} or {@code SHOW FUNCTIONS}: list what the catalog holds. */
public final class SqlShow extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER);

    /** What to list. */
    public enum What {
        TABLES,
        FUNCTIONS
    }

    private final What what;

    public SqlShow(SqlParserPos pos, What what) {
        super(pos);
        this.what = Objects.requireNonNull(what, "what");
    }

    /** What to list. */
    public What what() {
        return what;
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
        writer.keyword("SHOW " + what.name());
    }
}
