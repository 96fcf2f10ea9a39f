package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
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

/**
 * A constraint of {@code CREATE TABLE}: {@code PRIMARY KEY (columns)}, {@code UNIQUE (columns)} or
 * {@code CHECK (condition)}, written after the columns or beside one column (then it names that one).
 */
public final class SqlTableConstraint extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CONSTRAINT", SqlKind.OTHER);

    /** The kinds of constraint. */
    public enum Kind {
        PRIMARY_KEY,
        UNIQUE,
        CHECK
    }

    private final Kind kind;
    private final List<SqlIdentifier> columns;
    private final SqlNode condition;

    /** A PRIMARY KEY or UNIQUE constraint over {@code columns}. */
    public static SqlTableConstraint key(SqlParserPos pos, Kind kind, List<SqlIdentifier> columns) {
        return new SqlTableConstraint(pos, kind, columns, null);
    }

    /** A CHECK constraint. */
    public static SqlTableConstraint check(SqlParserPos pos, SqlNode condition) {
        return new SqlTableConstraint(pos, Kind.CHECK, List.of(), Objects.requireNonNull(condition, "condition"));
    }

    private SqlTableConstraint(SqlParserPos pos, Kind kind, List<SqlIdentifier> columns, SqlNode condition) {
        super(pos);
        this.kind = kind;
        this.columns = List.copyOf(columns);
        this.condition = condition;
    }

    public Kind kind() {
        return kind;
    }

    /** The key's columns (empty for CHECK). */
    public List<SqlIdentifier> columns() {
        return columns;
    }

    /** The CHECK condition, or null. */
    public SqlNode condition() {
        return condition;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> operands = new ArrayList<>(columns);
        if (condition != null) {
            operands.add(condition);
        }
        return operands;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        if (kind == Kind.CHECK) {
            writer.keyword("CHECK");
            SqlWriter.Frame frame = writer.startList("(", ")");
            condition.unparse(writer, 0, 0);
            writer.endList(frame);
            return;
        }
        writer.keyword(kind == Kind.PRIMARY_KEY ? "PRIMARY KEY" : "UNIQUE");
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlIdentifier column : columns) {
            writer.sep(",");
            column.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }
}
