package dev.quiver.engine.sql;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A WITH item with DuckDB's {@code USING KEY (k, …)}: {@code WITH RECURSIVE t(k, v) USING KEY (k) AS
 * (seed UNION step)} keeps one row per key, a later round's row replacing the row of the same key
 * (plan/RecursiveCtes carries the keys to the recursive union). Calcite's validator and converter see
 * an ordinary {@link SqlWithItem}.
 */
public final class SqlKeyedWithItem extends SqlWithItem {
    /** The precedence Calcite's own WITH item unparses its query with, so the query is parenthesized. */
    private static final int QUERY_PRECEDENCE = 200;

    private final SqlNodeList keys;

    public SqlKeyedWithItem(
            SqlParserPos pos,
            SqlIdentifier name,
            SqlNodeList columnList,
            SqlNode query,
            SqlLiteral recursive,
            SqlNodeList keys) {
        super(pos, name, columnList, query, recursive);
        this.keys = keys;
    }

    /** The key columns' names, as written. */
    public List<SqlIdentifier> keys() {
        return keys.stream().map(SqlIdentifier.class::cast).toList();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        if (columnList != null) {
            parenthesized(writer, columnList);
        }
        writer.keyword("USING KEY");
        parenthesized(writer, keys);
        writer.keyword("AS");
        query.unparse(writer, QUERY_PRECEDENCE, QUERY_PRECEDENCE);
    }

    /** {@code (a, b)}: the text is parsed again (ORDER BY ALL, views), so the parentheses must be there. */
    private static void parenthesized(SqlWriter writer, SqlNodeList names) {
        SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "(", ")");
        for (SqlNode name : names) {
            writer.sep(",");
            name.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }
}
