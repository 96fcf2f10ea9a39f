package dev.quiver.server.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads one column of a query's rows through a PostgreSQL JDBC connection, for the PG-front tests. */
final class PgRows {
    private PgRows() {}

    /** The values of {@code column} in the rows of {@code sql} run with {@code parameters}, as text. */
    static List<String> column(Connection connection, String sql, String column, Object... parameters)
            throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(column));
                }
            }
        }
        return values;
    }
}
