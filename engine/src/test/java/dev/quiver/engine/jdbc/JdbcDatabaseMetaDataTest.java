package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DatabaseMetaData: tables, columns, functions, types and identifier rules. */
class JdbcDatabaseMetaDataTest {
    private static List<String> column(ResultSet result, String name) throws SQLException {
        List<String> values = new ArrayList<>();
        try (result) {
            while (result.next()) {
                values.add(result.getString(name));
            }
        }
        return values;
    }

    @Test
    void tablesColumnsAndFunctions() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id BIGINT NOT NULL, total DECIMAL(12, 2), note VARCHAR)");
            statement.execute("CREATE TABLE \"Order_Items\" (order_id BIGINT)");
            DatabaseMetaData meta = connection.getMetaData();

            assertThat(column(meta.getTables(null, null, "%", null), "TABLE_NAME"))
                    .containsExactly("Order_Items", "orders");
            assertThat(column(meta.getTables(null, "main", "ORD%", new String[] {"TABLE"}), "TABLE_NAME"))
                    .containsExactly("Order_Items", "orders");
            assertThat(column(meta.getTables(null, null, "order\\_items", null), "TABLE_NAME"))
                    .containsExactly("Order_Items");
            assertThat(column(meta.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"))
                    .isEmpty();
            assertThat(column(meta.getSchemas(), "TABLE_SCHEM")).containsExactly("main");
            assertThat(column(meta.getTableTypes(), "TABLE_TYPE")).containsExactly("TABLE");

            try (ResultSet columns = meta.getColumns(null, null, "orders", null)) {
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("COLUMN_NAME")).isEqualTo("id");
                assertThat(columns.getInt("DATA_TYPE")).isEqualTo(Types.BIGINT);
                assertThat(columns.getInt("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
                assertThat(columns.getString("IS_NULLABLE")).isEqualTo("NO");
                assertThat(columns.getInt("ORDINAL_POSITION")).isEqualTo(1);
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("TYPE_NAME")).isEqualTo("DECIMAL");
                assertThat(columns.getInt("COLUMN_SIZE")).isEqualTo(12);
                assertThat(columns.getInt("DECIMAL_DIGITS")).isEqualTo(2);
                assertThat(columns.getString("IS_NULLABLE")).isEqualTo("YES");
                assertThat(columns.next()).isTrue();
                assertThat(columns.getInt("DATA_TYPE")).isEqualTo(Types.VARCHAR);
                assertThat(columns.next()).isFalse();
            }

            statement.execute(
                    "CREATE FUNCTION double_it(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return 2 * x $$");
            assertThat(column(meta.getFunctions(null, null, "%"), "FUNCTION_NAME"))
                    .containsExactly("double_it");
            assertThat(column(meta.getFunctions(null, null, "double%"), "REMARKS"))
                    .containsExactly("Python function double_it(x BIGINT) -> BIGINT");
            assertThat(column(meta.getFunctions(null, null, "other%"), "FUNCTION_NAME"))
                    .isEmpty();
            assertThat(column(meta.getTypeInfo(), "TYPE_NAME")).containsExactlyElementsOf(JdbcTypes.NAMES);
        }
    }

    @Test
    void productAndIdentifiers() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:")) {
            DatabaseMetaData meta = connection.getMetaData();
            assertThat(meta.getDatabaseProductName()).isEqualTo("Quiver");
            assertThat(meta.getDatabaseProductVersion()).isNotBlank();
            assertThat(meta.getDriverName()).contains("Quiver");
            assertThat(meta.getURL()).isEqualTo("jdbc:quiver:");
            assertThat(meta.storesLowerCaseIdentifiers()).isTrue();
            assertThat(meta.storesUpperCaseIdentifiers()).isFalse();
            assertThat(meta.storesMixedCaseQuotedIdentifiers()).isTrue();
            assertThat(meta.getIdentifierQuoteString()).isEqualTo("\"");
            assertThat(meta.supportsTransactions()).isTrue();
            assertThat(meta.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(meta.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
            assertThat(meta.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE))
                    .isFalse();
        }
    }
}
