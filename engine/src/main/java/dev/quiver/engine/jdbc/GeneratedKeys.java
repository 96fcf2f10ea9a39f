package dev.quiver.engine.jdbc;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.StatementSplitter;
import dev.quiver.engine.sql.ddl.SqlDataChange;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlNode;

/**
 * What {@code getGeneratedKeys} returns, as SQL: a data change asked for its keys runs with a
 * {@code RETURNING} clause, and the returned rows are the keys. Quiver has no auto-increment
 * columns, so the keys are the columns the caller names ({@code RETURNING "id"}), or every column
 * of the changed rows ({@code RETURNING *}) for {@link java.sql.Statement#RETURN_GENERATED_KEYS};
 * a statement that has a {@code RETURNING} clause already keeps it (as PostgreSQL's driver does).
 */
final class GeneratedKeys {
    private GeneratedKeys() {}

    /**
     * The SQL to run so that its rows are the generated keys, or null when {@code sql} is not an
     * INSERT, UPDATE or DELETE (it runs as it is and has no keys).
     *
     * @param columns the key columns to return; empty for all columns
     */
    static String returningSql(String sql, List<String> columns) throws SQLException {
        List<StatementSplitter.Piece> pieces = StatementSplitter.split(sql);
        if (pieces.size() != 1) {
            throw new SQLException(
                    "generated keys need exactly one statement, got " + pieces.size()
                            + ": run the statements one at a time",
                    "0A000");
        }
        SqlNode statement;
        try {
            statement = SqlParsing.parseStatement(sql);
        } catch (QuiverException e) {
            throw SqlErrors.of(e);
        }
        if (statement instanceof SqlDataChange change && change.returning() != null) {
            return sql;
        }
        if (!SqlDataChange.isDataChange(statement)) {
            return null;
        }
        String text = pieces.get(0).text().strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        String returned = columns.isEmpty()
                ? "*"
                : columns.stream().map(GeneratedKeys::quoted).collect(Collectors.joining(", "));
        // On a line of its own: the statement may end in a -- comment.
        return text + "\nRETURNING " + returned;
    }

    private static String quoted(String column) {
        return '"' + column.replace("\"", "\"\"") + '"';
    }
}
