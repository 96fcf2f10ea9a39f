package dev.quiver.engine.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code BEGIN [TRANSACTION]} / {@code START TRANSACTION}, {@code COMMIT} / {@code END}, and
 * {@code ROLLBACK} / {@code ABORT} (each with an optional {@code TRANSACTION} or {@code WORK}).
 */
public final class SqlTransactionStatement extends SqlCall {
    /** What the statement does to the session's transaction. */
    public enum Action {
        BEGIN,
        COMMIT,
        ROLLBACK
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("TRANSACTION", SqlKind.OTHER);

    private final Action action;

    public SqlTransactionStatement(SqlParserPos pos, Action action) {
        super(pos);
        this.action = action;
    }

    public Action action() {
        return action;
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
        writer.keyword(action.name());
    }
}
