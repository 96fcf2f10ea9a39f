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

/**
 * DuckDB's {@code DESCRIBE name | query}, {@code SHOW name} and {@code SUMMARIZE name | query}: the
 * columns of a table, view or query (name, type, NULL, key, default), or statistics of each column's
 * values. A name stands for {@code SELECT * FROM name}.
 */
public final class SqlDescribe extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DESCRIBE", SqlKind.OTHER);

    /** What the statement tells of each column. */
    public enum What {
        /** {@code DESCRIBE}: name, type, and the NULL, key and default of the table column it reads. */
        DESCRIBE,
        /** {@code SHOW name}: as DESCRIBE, but a view's columns are the view's own (no key, no default). */
        SHOW,
        /** {@code SUMMARIZE}: min, max, distinct count, average, deviation, quartiles, NULL share. */
        SUMMARIZE
    }

    private final What what;
    private final SqlNode query;
    private final boolean named;

    /**
     * @param query the query described ({@code SELECT * FROM name} for a name)
     * @param named whether the statement named a table or view rather than a query
     */
    public SqlDescribe(SqlParserPos pos, What what, SqlNode query, boolean named) {
        super(pos);
        this.what = Objects.requireNonNull(what, "what");
        this.query = Objects.requireNonNull(query, "query");
        this.named = named;
    }

    /** What the statement tells. */
    public What what() {
        return what;
    }

    /** The query whose columns are described. */
    public SqlNode query() {
        return query;
    }

    /** Whether a table or view was named (rather than a query written). */
    public boolean named() {
        return named;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(what.name());
        query.unparse(writer, leftPrec, rightPrec);
    }
}
