package dev.quiver.engine.sql;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Parse trees of the plain SELECTs statements are rewritten into ({@code RETURNING}, {@code UPDATE …
 * FROM}, table functions in outer joins, setting listings): Calcite's SqlSelect takes thirteen
 * arguments, most of them null here.
 */
public final class SelectNodes {
    private SelectNodes() {}

    /** {@code SELECT columns FROM from [WHERE where]}; {@code where} may be null. */
    public static SqlSelect select(SqlParserPos pos, SqlNodeList columns, SqlNode from, SqlNode where) {
        return new SqlSelect(pos, null, columns, from, where, null, null, null, null, null, null, null, null);
    }

    /** {@code SELECT * FROM from}. */
    public static SqlSelect selectAll(SqlParserPos pos, SqlNode from) {
        return select(pos, SqlNodeList.of(SqlIdentifier.star(pos)), from, null);
    }

    /** {@code target AS alias}, or just {@code target} when there is no alias. */
    public static SqlNode aliased(SqlNode target, SqlIdentifier alias, SqlParserPos pos) {
        return alias == null ? target : SqlStdOperatorTable.AS.createCall(pos, target, alias);
    }
}
