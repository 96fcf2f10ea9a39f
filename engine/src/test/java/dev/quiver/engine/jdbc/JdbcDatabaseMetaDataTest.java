package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

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
    void primaryKeysAndUniqueConstraintsAreListed() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE accounts (region VARCHAR, id BIGINT, email VARCHAR,"
                    + " PRIMARY KEY (region, id), UNIQUE (email))");
            statement.execute("CREATE TABLE notes (body VARCHAR)");
            DatabaseMetaData meta = connection.getMetaData();
            assertThat(column(meta.getPrimaryKeys(null, "main", "accounts"), "COLUMN_NAME"))
                    .containsExactly("region", "id");
            assertThat(column(meta.getPrimaryKeys(null, null, "accounts"), "KEY_SEQ"))
                    .containsExactly("1", "2");
            assertThat(column(meta.getPrimaryKeys(null, null, "accounts"), "PK_NAME"))
                    .containsExactly("accounts_pkey", "accounts_pkey");
            assertThat(column(meta.getPrimaryKeys(null, null, "notes"), "COLUMN_NAME"))
                    .isEmpty();
            assertThat(column(meta.getPrimaryKeys(null, "other", "accounts"), "COLUMN_NAME"))
                    .isEmpty();
            try (ResultSet indexes = meta.getIndexInfo(null, null, "accounts", true, false)) {
                List<String> rows = new ArrayList<>();
                while (indexes.next()) {
                    rows.add(indexes.getString("INDEX_NAME") + ":" + indexes.getShort("ORDINAL_POSITION") + ":"
                            + indexes.getString("COLUMN_NAME") + ":" + indexes.getBoolean("NON_UNIQUE"));
                }
                assertThat(rows)
                        .containsExactly(
                                "accounts_pkey:1:region:false",
                                "accounts_pkey:2:id:false",
                                "accounts_email_key:1:email:false");
            }
            assertThat(column(meta.getIndexInfo(null, null, "notes", false, false), "INDEX_NAME"))
                    .isEmpty();
        }
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
            assertThat(column(meta.getTableTypes(), "TABLE_TYPE")).containsExactly("TABLE", "VIEW");

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
                    .containsExactly("Python scalar function double_it(x BIGINT) -> BIGINT");
            assertThat(column(meta.getFunctions(null, null, "other%"), "FUNCTION_NAME"))
                    .isEmpty();
            assertThat(column(meta.getTypeInfo(), "TYPE_NAME")).containsExactlyElementsOf(JdbcTypes.NAMES);
        }
    }

    @Test
    void functionsReportTheirKindAndColumns() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION split_words(body VARCHAR) RETURNS TABLE (word VARCHAR, len INTEGER)
                    LANGUAGE PYTHON AS $$
                    def split_words(body):
                        for word in body.split():
                            yield word, len(word)
                    $$""");
            statement.execute("""
                    CREATE AGGREGATE FUNCTION total(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$
                    class Total:
                        def __init__(self):
                            self.sum = 0.0
                        @property
                        def aggregate_state(self):
                            return self.sum
                        def accumulate(self, x):
                            self.sum += x
                        def merge(self, other):
                            self.sum += other
                        def finish(self):
                            return self.sum
                    $$""");
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet functions = meta.getFunctions(null, null, "%")) {
                assertThat(functions.next()).isTrue();
                assertThat(functions.getString("FUNCTION_NAME")).isEqualTo("split_words");
                assertThat(functions.getShort("FUNCTION_TYPE"))
                        .isEqualTo((short) DatabaseMetaData.functionReturnsTable);
                assertThat(functions.getString("REMARKS"))
                        .isEqualTo(
                                "Python table function split_words(body VARCHAR) -> TABLE(word VARCHAR, len INTEGER)");
                assertThat(functions.next()).isTrue();
                assertThat(functions.getString("FUNCTION_NAME")).isEqualTo("total");
                assertThat(functions.getShort("FUNCTION_TYPE")).isEqualTo((short) DatabaseMetaData.functionNoTable);
                assertThat(functions.getString("REMARKS")).startsWith("Python aggregate function total(");
                assertThat(functions.next()).isFalse();
            }
            try (ResultSet columns = meta.getFunctionColumns(null, null, "split_words", "%")) {
                List<String> described = new ArrayList<>();
                while (columns.next()) {
                    described.add(columns.getString("COLUMN_NAME") + " " + columns.getShort("COLUMN_TYPE") + " "
                            + columns.getString("TYPE_NAME") + " " + columns.getInt("ORDINAL_POSITION"));
                }
                assertThat(described)
                        .containsExactly(
                                "body " + DatabaseMetaData.functionColumnIn + " VARCHAR 1",
                                "word " + DatabaseMetaData.functionColumnResult + " VARCHAR 2",
                                "len " + DatabaseMetaData.functionColumnResult + " INTEGER 3");
            }
            try (ResultSet columns = meta.getFunctionColumns(null, null, "total", null)) {
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("COLUMN_NAME")).isEqualTo("x");
                assertThat(columns.next()).isTrue();
                assertThat(columns.getShort("COLUMN_TYPE")).isEqualTo((short) DatabaseMetaData.functionReturn);
                assertThat(columns.getInt("DATA_TYPE")).isEqualTo(Types.DOUBLE);
                assertThat(columns.next()).isFalse();
            }
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
            assertThat(meta.storesLowerCaseIdentifiers()).isFalse();
            assertThat(meta.storesMixedCaseIdentifiers()).isTrue();
            assertThat(meta.supportsMixedCaseIdentifiers()).isFalse();
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

    @Test
    void viewsAndTheTablesOfAttachedDatabasesAreListed(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("shop.duckdb");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TABLE items (id BIGINT, name VARCHAR)");
            statement.execute("CREATE SCHEMA archive");
            statement.execute("CREATE TABLE archive.old_items (id INTEGER)");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id BIGINT)");
            statement.execute("CREATE VIEW big_orders AS SELECT id FROM orders WHERE id > 10");
            statement.execute("ATTACH '" + file + "' AS shop");
            DatabaseMetaData meta = connection.getMetaData();

            List<String> listed = new ArrayList<>();
            try (ResultSet tables = meta.getTables(null, null, "%", null)) {
                while (tables.next()) {
                    listed.add(tables.getString("TABLE_CAT") + "." + tables.getString("TABLE_SCHEM") + "."
                            + tables.getString("TABLE_NAME") + " " + tables.getString("TABLE_TYPE"));
                }
            }
            assertThat(listed)
                    .containsExactly(
                            "null.main.big_orders VIEW",
                            "null.main.orders TABLE",
                            "shop.archive.old_items TABLE",
                            "shop.main.items TABLE");
            assertThat(column(meta.getTables("", null, "%", null), "TABLE_NAME"))
                    .containsExactly("big_orders", "orders");
            assertThat(column(meta.getTables("SHOP", "main", "%", new String[] {"TABLE"}), "TABLE_NAME"))
                    .containsExactly("items");
            assertThat(column(meta.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"))
                    .containsExactly("big_orders");
            assertThat(column(meta.getCatalogs(), "TABLE_CAT")).containsExactly("shop");
            assertThat(column(meta.getSchemas(), "TABLE_SCHEM")).containsExactly("main", "archive", "main");
            assertThat(column(meta.getSchemas("shop", null), "TABLE_SCHEM")).containsExactly("archive", "main");
            assertThat(column(meta.getColumns("shop", "main", "items", null), "COLUMN_NAME"))
                    .containsExactly("id", "name");
            assertThat(column(meta.getColumns(null, null, "big_orders", null), "COLUMN_NAME"))
                    .containsExactly("id");
        }
    }
}
