package dev.quiver.server;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Rows of a JDBC query as text, for tests of either front. */
public final class JdbcRows {
    private JdbcRows() {}

    /** The rows of {@code query} run with {@code values} bound to its parameters, each row's columns joined by commas. */
    public static List<String> of(PreparedStatement query, Object... values) throws SQLException {
        for (int index = 0; index < values.length; index++) {
            query.setObject(index + 1, values[index]);
        }
        List<String> rows = new ArrayList<>();
        try (ResultSet result = query.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(String.join(",", row));
            }
        }
        return rows;
    }
}
