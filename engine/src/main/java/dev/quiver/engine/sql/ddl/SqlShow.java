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

/**
 * {@code SHOW TABLES}, {@code SHOW TABLES FROM alias} (an attached database's tables), {@code SHOW ALL TABLES},
 * {@code SHOW DATABASES} or {@code SHOW FUNCTIONS}: list what the catalog holds.
 */
public final class SqlShow extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER);

    /** What to list. */
    public enum What {
        TABLES,
        /** DuckDB's SHOW ALL TABLES: every table and view with its database, schema and columns. */
        ALL_TABLES,
        DATABASES,
        FUNCTIONS
    }

    private final What what;
    private final SqlIdentifier database;

    public SqlShow(SqlParserPos pos, What what) {
        this(pos, what, null);
    }

    /**
     * @param database for {@code SHOW TABLES FROM alias}, the alias; for {@code SHOW FUNCTIONS FROM
     *                 python|builtin}, which functions; else null
     */
    public SqlShow(SqlParserPos pos, What what, SqlIdentifier database) {
        super(pos);
        this.what = Objects.requireNonNull(what, "what");
        this.database = database;
    }

    /** The attached database named by {@code SHOW TABLES FROM alias} (or {@code SHOW FUNCTIONS FROM}'s kind), or null. */
    public SqlIdentifier database() {
        return database;
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
        writer.keyword("SHOW " + what.name().replace('_', ' '));
        if (database != null) {
            writer.keyword("FROM");
            database.unparse(writer, leftPrec, rightPrec);
        }
    }
}
