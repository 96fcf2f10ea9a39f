package dev.quiver.server.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.server.JdbcRows;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.TestServers;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The PostgreSQL front as the PostgreSQL JDBC driver sees it: SCRAM logins and roles, types through
 * text and binary transfer, prepared statements, metadata, cancel, errors with their SQLSTATE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgWireJdbcTest {
    static final int TEST_ITERATIONS = 1_000;

    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    QuiverServer server;

    @BeforeAll
    void start(@TempDir Path directory) throws IOException {
        Path users = directory.resolve("users");
        UsersFile.setPassword(users, "alice", Role.ADMIN, "alice-secret".toCharArray(), TEST_ITERATIONS);
        UsersFile.setPassword(users, "rita", Role.READER, "rita-secret".toCharArray(), TEST_ITERATIONS);
        server = TestServers.withPostgres(directory, users, logged);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    Connection connect(String user, String password, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.pgPort() + "/quiver?user=" + user
                + "&password=" + password + options);
    }

    /** prepareThreshold=-1 makes the driver use binary transfer from the first execution. */
    @ParameterizedTest
    @ValueSource(strings = {"", "&prepareThreshold=-1"})
    void everyTypeRoundTripsThroughParametersAndResults(String options) throws SQLException {
        String table = options.isEmpty() ? "types_text" : "types_binary";
        try (Connection connection = connect("alice", "alice-secret", options);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE " + table + " (b BOOLEAN, i16 SMALLINT, i32 INTEGER,"
                    + " i64 BIGINT, f32 REAL, f64 DOUBLE, amount DECIMAL(10,2), s VARCHAR, d DATE, ts TIMESTAMP)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int round = 0; round < 2; round++) {
                    insert.setBoolean(1, true);
                    insert.setShort(2, (short) 1600);
                    insert.setInt(3, 320_000 + round);
                    insert.setLong(4, 6_400_000_000L);
                    insert.setFloat(5, 3.5f);
                    insert.setDouble(6, 2.25);
                    insert.setBigDecimal(7, new BigDecimal("-12345678.91"));
                    insert.setString(8, "grüße, 'quoted'; DROP TABLE x");
                    insert.setDate(9, Date.valueOf("2026-12-06"));
                    insert.setTimestamp(10, Timestamp.valueOf("2026-12-06 07:08:09.123456"));
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                for (int column = 1; column <= 10; column++) {
                    insert.setNull(column, Types.NULL);
                }
                insert.setInt(3, 7);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT * FROM " + table + " WHERE i32 > ? ORDER BY i32")) {
                for (int round = 0; round < 6; round++) { // past the driver's switch to a named statement
                    query.setInt(1, 100);
                    try (ResultSet rows = query.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getBoolean(1)).isTrue();
                        assertThat(rows.getShort(2)).isEqualTo((short) 1600);
                        assertThat(rows.getInt(3)).isEqualTo(320_000);
                        assertThat(rows.getLong(4)).isEqualTo(6_400_000_000L);
                        assertThat(rows.getFloat(5)).isEqualTo(3.5f);
                        assertThat(rows.getDouble(6)).isEqualTo(2.25);
                        assertThat(rows.getBigDecimal(7)).isEqualByComparingTo("-12345678.91");
                        assertThat(rows.getString(8)).isEqualTo("grüße, 'quoted'; DROP TABLE x");
                        assertThat(rows.getDate(9)).isEqualTo(Date.valueOf("2026-12-06"));
                        assertThat(rows.getTimestamp(10)).isEqualTo(Timestamp.valueOf("2026-12-06 07:08:09.123456"));
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getInt(3)).isEqualTo(320_001);
                        assertThat(rows.next()).isFalse();
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE i32 = 7")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getObject(1)).isNull();
                assertThat(rows.getString(8)).isNull();
                assertThat(rows.getTimestamp(10)).isNull();
            }
            ResultSet described = statement.executeQuery("SELECT * FROM " + table + " LIMIT 0");
            assertThat(described.getMetaData().getColumnType(3)).isEqualTo(Types.INTEGER);
            assertThat(described.getMetaData().getColumnType(7)).isEqualTo(Types.NUMERIC);
            assertThat(described.getMetaData().getColumnType(10)).isEqualTo(Types.TIMESTAMP);
        }
    }

    @Test
    void fetchSizeReadsALargeResultInPortions() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret", "")) {
            connection.setAutoCommit(false); // the driver fetches in portions only inside a transaction
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(1000);
                long sum = 0;
                int count = 0;
                try (ResultSet rows = statement.executeQuery("SELECT range AS n FROM range(250000)")) {
                    while (rows.next()) {
                        sum += rows.getLong(1);
                        count++;
                    }
                }
                assertThat(count).isEqualTo(250_000);
                assertThat(sum).isEqualTo(250_000L * 249_999 / 2);
            }
            connection.commit();
        }
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlike() {
        assertThatThrownBy(() -> connect("alice", "wrong", "").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
                .hasMessageContaining("authentication failed");
        assertThatThrownBy(() -> connect("mallory", "wrong", "").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
                .hasMessageContaining("authentication failed");
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .contains("failed login user=mallory reason=unknown user front=pg")
                .doesNotContain("wrong\n");
    }

    @Test
    void aReaderMayQueryButNotCreate() throws SQLException {
        try (Connection connection = connect("rita", "rita-secret", "");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE TABLE sneaky (x INTEGER)"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                    .hasMessageContaining("role reader");
            try (ResultSet rows = statement.executeQuery("SELECT 40 + 2")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void errorsCarryTheirSqlStateAndTheConnectionGoesOn() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret", "");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
            try (PreparedStatement bad = connection.prepareStatement("SELECT CAST(? AS INTEGER)")) {
                bad.setString(1, "not a number");
                assertThatThrownBy(bad::executeQuery).isInstanceOf(SQLException.class);
            }
            try (ResultSet rows = statement.executeQuery("SELECT 'still here'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("still here");
            }
        }
    }

    /**
     * A prepared query runs on the plan its first execution made (the engine's prepared path, also
     * for the driver's unnamed statements before its prepare threshold) and still sees every change
     * between executions: rows of this connection or another, a new column, the table dropped and
     * made again, its own uncommitted rows inside a transaction.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "&prepareThreshold=1", "&prepareThreshold=0"})
    void preparedQueriesSeeChangesBetweenExecutions(String options) throws SQLException {
        String table = "prepared_points" + options.replaceAll("\\D", "");
        try (Connection connection = connect("alice", "alice-secret", options);
                Connection other = connect("alice", "alice-secret", options);
                Statement statement = connection.createStatement();
                Statement otherStatement = other.createStatement()) {
            statement.executeUpdate(
                    "CREATE TABLE " + table + " AS SELECT range AS id, 'p' || range AS name" + " FROM range(50)");
            try (PreparedStatement point = connection.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
                for (long id = 0; id < 50; id += 7) {
                    assertThat(JdbcRows.of(point, id)).containsExactly(id + ",p" + id);
                }
                otherStatement.executeUpdate("INSERT INTO " + table + " VALUES (50, 'inserted')");
                assertThat(JdbcRows.of(point, 50L)).containsExactly("50,inserted");
                statement.executeUpdate("UPDATE " + table + " SET name = 'updated' WHERE id = 3");
                assertThat(JdbcRows.of(point, 3L)).containsExactly("3,updated");
                connection.setAutoCommit(false);
                statement.executeUpdate("INSERT INTO " + table + " VALUES (51, 'uncommitted')");
                assertThat(JdbcRows.of(point, 51L)).containsExactly("51,uncommitted");
                connection.rollback();
                assertThat(JdbcRows.of(point, 51L)).isEmpty();
                connection.setAutoCommit(true);
                otherStatement.executeUpdate("ALTER TABLE " + table + " ADD COLUMN note VARCHAR DEFAULT 'added'");
                // a server-side prepared statement's result may not change shape: the server
                // refuses as PostgreSQL does, and the driver parses it again and retries
                assertThat(JdbcRows.of(point, 4L)).containsExactly("4,p4,added");
                otherStatement.executeUpdate("ALTER TABLE " + table + " RENAME COLUMN note TO remark");
                point.setLong(1, 5L);
                try (ResultSet rows = point.executeQuery()) {
                    assertThat(rows.getMetaData().getColumnName(3)).isEqualTo("remark");
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString("remark")).isEqualTo("added");
                }
                try (PreparedStatement fresh =
                        connection.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
                    assertThat(JdbcRows.of(fresh, 4L)).containsExactly("4,p4,added");
                }
                otherStatement.executeUpdate("DROP TABLE " + table);
                otherStatement.executeUpdate(
                        "CREATE TABLE " + table + " AS SELECT range * 10 AS id, 'again' AS name FROM range(3)");
                assertThat(JdbcRows.of(point, 20L)).containsExactly("20,again");
                assertThat(JdbcRows.of(point, 4L)).isEmpty();
            }
        }
    }

    @Test
    void transactionsCommitAndRollBack() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE ledger (amount INTEGER)");
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO ledger VALUES (1)");
            connection.rollback();
            statement.executeUpdate("INSERT INTO ledger VALUES (2)");
            connection.commit();
            connection.setAutoCommit(true);
            try (ResultSet rows = statement.executeQuery("SELECT sum(amount) FROM ledger")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void metadataListsTablesAndColumns() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE listed_cities (name VARCHAR NOT NULL, people BIGINT, area DOUBLE)");
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(null, "main", "listed%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_SCHEM") + "." + rows.getString("TABLE_NAME") + ":"
                            + rows.getString("TABLE_TYPE"));
                }
            }
            assertThat(tables).containsExactly("main.listed_cities:TABLE");
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, null, "listed_cities", "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME") + ":" + rows.getString("TYPE_NAME") + ":"
                            + rows.getInt("DATA_TYPE") + ":" + rows.getInt("NULLABLE"));
                }
            }
            assertThat(columns)
                    .containsExactly(
                            "name:varchar:" + Types.VARCHAR + ":" + DatabaseMetaData.columnNoNulls,
                            "people:int8:" + Types.BIGINT + ":" + DatabaseMetaData.columnNullable,
                            "area:float8:" + Types.DOUBLE + ":" + DatabaseMetaData.columnNullable);
            try (ResultSet rows = metadata.getSchemas()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("TABLE_SCHEM")).isEqualTo("main");
            }
            try (ResultSet rows = metadata.getPrimaryKeys(null, "main", "listed_cities")) {
                assertThat(rows.next()).isFalse();
            }
        }
    }

    /**
     * Catalog queries modelled on those DBeaver's PostgreSQL connection sends on connect and when a
     * schema or table is expanded: joins, {@code n.*}, {@code ::regclass}, catalog functions, bound
     * parameters. They run in the engine over the virtual pg_catalog relations.
     */
    @Test
    void dbeaverStyleCatalogQueriesListSchemasTablesAndColumns(@TempDir Path directory) throws SQLException {
        Path file = directory.resolve("shop.duckdb");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TABLE items (id BIGINT, name VARCHAR)");
        }
        try (Connection connection = connect("alice", "alice-secret", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE dbv_orders (id BIGINT NOT NULL, note VARCHAR, amount DECIMAL(10,2))");
            statement.execute("ATTACH '" + file + "' AS dbv_shop");
            try {
                List<String> schemas = PgRows.column(
                        connection,
                        "SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n"
                                + " LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0"
                                + " AND d.classoid='pg_namespace'::regclass ORDER BY nspname",
                        "nspname");
                assertThat(schemas)
                        .as(() -> logged.toString(StandardCharsets.UTF_8))
                        .contains("main", "dbv_shop", "pg_catalog", "information_schema");
                assertThat(PgRows.column(
                                connection,
                                "SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=?",
                                "datname",
                                "quiver"))
                        .containsExactly("quiver");
                long mainOid = Long.parseLong(PgRows.column(
                                connection, "SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?", "oid", "main")
                        .getFirst());
                String tables = "SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace,"
                        + "d.description FROM pg_catalog.pg_class c"
                        + " LEFT OUTER JOIN pg_catalog.pg_class t ON t.oid=c.reltoastrelid"
                        + " LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.reloftype"
                        + " LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0"
                        + " AND d.classoid='pg_class'::regclass"
                        + " WHERE c.relnamespace=? AND c.relkind not in ('i','I','c')";
                assertThat(PgRows.column(connection, tables, "relname", mainOid))
                        .contains("dbv_orders");
                long orders =
                        Long.parseLong(PgRows.column(connection, "SELECT 'dbv_orders'::regclass::oid AS oid", "oid")
                                .getFirst());
                String columns = "SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,"
                        + "dsc.description,pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_name"
                        + " FROM pg_catalog.pg_attribute a INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)"
                        + " LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)"
                        + " LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid"
                        + " AND a.attnum = dsc.objsubid)"
                        + " WHERE NOT a.attisdropped AND c.relkind not in ('i','I','c') AND c.oid=? ORDER BY a.attnum";
                assertThat(PgRows.column(connection, columns, "type_name", orders))
                        .containsExactly("bigint", "character varying", "numeric");
                assertThat(PgRows.column(
                                connection,
                                "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                                        + " ON n.oid = c.relnamespace WHERE n.nspname OPERATOR(pg_catalog.~) '^dbv_'"
                                        + " AND c.relname !~ '^pg_' AND pg_catalog.pg_table_is_visible(c.oid)",
                                "relname"))
                        .containsExactly("items");
                assertThat(PgRows.column(
                                connection,
                                "SELECT column_name FROM information_schema.columns"
                                        + " WHERE table_schema = 'main' AND table_name = 'dbv_orders'"
                                        + " ORDER BY ordinal_position",
                                "column_name"))
                        .containsExactly("id", "note", "amount");
                assertThat(PgRows.column(connection, "SELECT current_schema(), session_user AS u", "u"))
                        .containsExactly("alice");
                DatabaseMetaData metadata = connection.getMetaData();
                List<String> listed = new ArrayList<>();
                try (ResultSet rows = metadata.getTables(null, "dbv_shop", "%", null)) {
                    while (rows.next()) {
                        listed.add(rows.getString("TABLE_SCHEM") + "." + rows.getString("TABLE_NAME"));
                    }
                }
                assertThat(listed).containsExactly("dbv_shop.items");
                List<String> schemaNames = new ArrayList<>();
                try (ResultSet rows = metadata.getSchemas()) {
                    while (rows.next()) {
                        schemaNames.add(rows.getString("TABLE_SCHEM"));
                    }
                }
                assertThat(schemaNames).contains("main", "dbv_shop");
            } finally {
                statement.execute("DETACH dbv_shop");
            }
        }
    }

    /**
     * Keys through the catalog: the JDBC driver's getPrimaryKeys and getIndexInfo, and the
     * constraint and index queries modelled on DBeaver's (conkey as {@code {1,2}}, indkey as
     * {@code 1 2}, pg_get_constraintdef, pg_get_indexdef), information_schema's key views.
     */
    @Test
    void keysAreListedAsConstraintsAndUniqueIndexes() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE keyed_orders (region VARCHAR, id BIGINT, code VARCHAR, note VARCHAR,"
                    + " PRIMARY KEY (region, id), UNIQUE (code))");
            statement.execute("CREATE TABLE keyless_notes (note VARCHAR)");
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> primaryKey = new ArrayList<>();
            try (ResultSet rows = metadata.getPrimaryKeys(null, "main", "keyed_orders")) {
                while (rows.next()) {
                    primaryKey.add(rows.getString("COLUMN_NAME") + ":" + rows.getInt("KEY_SEQ") + ":"
                            + rows.getString("PK_NAME"));
                }
            }
            assertThat(primaryKey).containsExactly("region:1:keyed_orders_pkey", "id:2:keyed_orders_pkey");
            try (ResultSet rows = metadata.getPrimaryKeys(null, "main", "keyless_notes")) {
                assertThat(rows.next()).isFalse();
            }
            List<String> indexes = new ArrayList<>();
            try (ResultSet rows = metadata.getIndexInfo(null, "main", "keyed_orders", true, true)) {
                while (rows.next()) {
                    indexes.add(rows.getString("INDEX_NAME") + ":" + rows.getInt("ORDINAL_POSITION") + ":"
                            + rows.getString("COLUMN_NAME") + ":" + rows.getBoolean("NON_UNIQUE"));
                }
            }
            assertThat(indexes)
                    .containsExactlyInAnyOrder(
                            "keyed_orders_pkey:1:region:false",
                            "keyed_orders_pkey:2:id:false",
                            "keyed_orders_code_key:1:code:false");
            long orders = Long.parseLong(PgRows.column(connection, "SELECT 'keyed_orders'::regclass::oid AS oid", "oid")
                    .getFirst());
            String constraints = "SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace,"
                    + "d.description, case when c.contype='c' then \"substring\"(pg_get_constraintdef(c.oid), 7)"
                    + " else null end consrc_copy\nFROM pg_catalog.pg_constraint c"
                    + "\nINNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid"
                    + "\nLEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid"
                    + "\nLEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0"
                    + " AND d.classoid='pg_constraint'::regclass\nWHERE c.conrelid=?\nORDER BY c.oid";
            List<String> constraintRows = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(constraints)) {
                query.setLong(1, orders);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        constraintRows.add(rows.getString("conname") + ":" + rows.getString("contype") + ":"
                                + rows.getString("conkey") + ":" + rows.getString("tabrelname"));
                    }
                }
            }
            assertThat(constraintRows)
                    .as(() -> logged.toString(StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(
                            "keyed_orders_pkey:p:{1,2}:keyed_orders", "keyed_orders_code_key:u:{3}:keyed_orders");
            assertThat(PgRows.column(
                            connection,
                            "SELECT pg_catalog.pg_get_constraintdef(c.oid, true) AS def FROM pg_catalog.pg_constraint c"
                                    + " WHERE c.conrelid = ? AND c.contype = 'p'",
                            "def",
                            orders))
                    .containsExactly("PRIMARY KEY (region, id)");
            String indexQuery = "SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,c.reltablespace,"
                    + "tc.relname as tabrelname,dsc.description,pg_catalog.pg_get_expr(i.indpred, i.indrelid)"
                    + " as pred_expr,pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr,"
                    + "pg_catalog.pg_relation_size(i.indexrelid) as index_rel_size,"
                    + "pg_catalog.pg_stat_get_numscans(i.indexrelid) as index_num_scans"
                    + "\nFROM pg_catalog.pg_index i\nINNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid"
                    + "\nINNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid"
                    + "\nLEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid"
                    + "\nWHERE  i.indrelid=? ORDER BY c.relname";
            List<String> indexRows = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(indexQuery)) {
                query.setLong(1, orders);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        indexRows.add(rows.getString("relname") + ":" + rows.getString("keys") + ":"
                                + rows.getBoolean("indisprimary") + ":" + rows.getLong("relam"));
                    }
                }
            }
            assertThat(indexRows)
                    .containsExactly("keyed_orders_code_key:3:false:403", "keyed_orders_pkey:1 2:true:403");
            long primaryIndex = Long.parseLong(PgRows.column(
                            connection,
                            "SELECT indexrelid FROM pg_catalog.pg_index WHERE indrelid = ? AND indisprimary",
                            "indexrelid",
                            orders)
                    .getFirst());
            assertThat(PgRows.column(
                            connection, "SELECT pg_catalog.pg_get_indexdef(?, 2, true) AS col", "col", primaryIndex))
                    .containsExactly("id");
            assertThat(PgRows.column(
                            connection,
                            "SELECT tc.constraint_name, kcu.column_name FROM information_schema.table_constraints tc"
                                    + " JOIN information_schema.key_column_usage kcu"
                                    + " ON tc.constraint_name = kcu.constraint_name"
                                    + " WHERE tc.table_name = 'keyed_orders' AND tc.constraint_type = 'PRIMARY KEY'"
                                    + " ORDER BY kcu.ordinal_position",
                            "column_name"))
                    .containsExactly("region", "id");
        }
    }

    /**
     * The queries DBeaver's PostgreSQL connection sends when it connects and reads the database's
     * objects (databases, settings, data types, roles, access methods, tablespaces, statistics),
     * written here after their shape: each answers at least the row a client looks for.
     */
    @Test
    void dbeaverStyleConnectQueriesAnswer() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret", "")) {
            assertThat(PgRows.column(
                            connection,
                            "SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE 1 = 1 AND datallowconn"
                                    + " AND NOT datistemplate OR db.datname =?\nORDER BY db.datname",
                            "datname",
                            "quiver"))
                    .containsExactly("quiver");
            assertThat(PgRows.column(
                            connection, "select * from pg_catalog.pg_settings where name=?", "setting", "search_path"))
                    .containsExactly("main");
            assertThat(PgRows.column(
                            connection,
                            "SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod)"
                                    + " as base_type_name, d.description\nFROM pg_catalog.pg_type t"
                                    + "\nLEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem "
                                    + "\nLEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid"
                                    + "\nLEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid"
                                    + "\nWHERE t.typname IS NOT NULL\nAND (c.relkind IS NULL OR c.relkind = 'c')"
                                    + " AND (et.typcategory IS NULL OR et.typcategory <> 'C')",
                            "typname"))
                    .contains("int4", "varchar", "bool", "timestamp");
            assertThat(PgRows.column(
                            connection,
                            "SELECT a.oid,a.*,pd.description FROM pg_catalog.pg_roles a "
                                    + "\nleft join pg_catalog.pg_shdescription pd on a.oid = pd.objoid"
                                    + "\nORDER BY a.rolname",
                            "rolname"))
                    .containsExactly("alice");
            assertThat(PgRows.column(
                            connection, "SELECT am.oid,am.* FROM pg_catalog.pg_am am \nORDER BY am.oid", "amname"))
                    .containsExactly("heap", "btree");
            assertThat(PgRows.column(
                            connection,
                            "SELECT t.oid,t.*,pg_tablespace_location(t.oid) loc\nFROM pg_catalog.pg_tablespace t "
                                    + "\nORDER BY t.oid",
                            "spcname"))
                    .containsExactly("pg_default");
            assertThat(PgRows.column(
                            connection,
                            "select pg_catalog.pg_total_relation_size(?) as total_rel_size,"
                                    + "pg_catalog.pg_relation_size(?) as rel_size",
                            "rel_size",
                            16_400L,
                            16_400L))
                    .containsExactly("0");
            assertThat(PgRows.column(
                            connection, "SELECT l.oid,l.* FROM pg_catalog.pg_language l \nORDER BY l.oid", "lanname"))
                    .containsExactly("internal", "plpython3u");
        }
    }

    @Test
    void cancelStopsARunningQuery() throws Exception {
        try (Connection connection = connect("alice", "alice-secret", "");
                Statement statement = connection.createStatement()) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT sum(range % 7) FROM range(100000000000)")) {
                    rows.next();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(500);
            statement.cancel();
            Throwable failure = outcome.get(30, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(SQLException.class);
            assertThat(((SQLException) failure).getSQLState()).isEqualTo("57014");
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    void copyInAndOutThroughTheDriversCopyManager() throws Exception {
        try (Connection connection = connect("alice", "alice-secret", "");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(
                    "CREATE TABLE copied (id INTEGER NOT NULL, note VARCHAR, amount DECIMAL(8,2), d DATE DEFAULT DATE '2026-01-01')");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            // text format: tabs, \N for NULL, backslash escapes; a line may arrive in two CopyData messages
            String text = "1\ttab\\\\there\t1.50\t2026-12-06\n2\t\\N\t\\N\t\\N\n3\tline\\nbreak\t-2\t2026-02-28\n";
            assertThat(copy.copyIn("COPY copied FROM STDIN", new StringReader(text), 7))
                    .isEqualTo(3);
            // CSV with a header, a column list (d takes its DEFAULT) and quoted delimiters
            String csv = "id,note\n4,\"a, b\"\n5,\n6,\"\"\n";
            assertThat(copy.copyIn(
                            "COPY copied (id, note) FROM STDIN WITH (FORMAT csv, HEADER true)", new StringReader(csv)))
                    .isEqualTo(3);
            try (ResultSet rows =
                    statement.executeQuery("SELECT id, note, note IS NULL, amount, d FROM copied ORDER BY id")) {
                List<String> seen = new ArrayList<>();
                while (rows.next()) {
                    seen.add(rows.getInt(1) + "|" + rows.getString(2) + "|" + rows.getBoolean(3) + "|"
                            + rows.getBigDecimal(4) + "|" + rows.getString(5));
                }
                assertThat(seen)
                        .containsExactly(
                                "1|tab\\there|false|1.50|2026-12-06",
                                "2|null|true|null|null",
                                "3|line\nbreak|false|-2.00|2026-02-28",
                                "4|a, b|false|null|2026-01-01",
                                "5|null|true|null|2026-01-01",
                                "6||false|null|2026-01-01");
            }
            StringWriter out = new StringWriter();
            assertThat(copy.copyOut(
                            "COPY (SELECT id, note FROM copied WHERE id IN (1, 2, 3, 6) ORDER BY id) TO STDOUT", out))
                    .isEqualTo(4);
            assertThat(out.toString()).isEqualTo("1\ttab\\\\there\n2\t\\N\n3\tline\\nbreak\n6\t\n");
            StringWriter csvOut = new StringWriter();
            copy.copyOut("COPY copied (id, note) TO STDOUT WITH (FORMAT csv, HEADER)", csvOut);
            assertThat(csvOut.toString())
                    .startsWith("id,note\n")
                    .contains("4,\"a, b\"\n")
                    .contains("5,\n")
                    .contains("6,\"\"\n");

            // a bad row fails the whole COPY and adds nothing; the connection carries on
            assertThatThrownBy(() -> copy.copyIn(
                            "COPY copied FROM STDIN",
                            new StringReader("7\tok\t1\t2026-01-01\nx\tbad\t1\t2026-01-01\n")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("COPY could not read file");
            assertThatThrownBy(() ->
                            copy.copyIn("COPY copied FROM STDIN", new StringReader("\\N\tnull id\t1\t2026-01-01\n")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("NULL value in column id");
            assertThatThrownBy(() -> copy.copyIn("COPY copied FROM STDIN (FORMAT binary)", new StringReader("")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("binary format");
            assertThatThrownBy(() -> copy.copyIn("COPY copied FROM '/etc/passwd' -- FROM STDIN", new StringReader("")))
                    .isInstanceOf(SQLException.class);
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM copied")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(6);
            }
        }
        try (Connection reader = connect("rita", "rita-secret", "")) {
            CopyManager copy = reader.unwrap(PGConnection.class).getCopyAPI();
            assertThatThrownBy(() -> copy.copyIn("COPY copied FROM STDIN", new StringReader("8\tx\t1\t2026-01-01\n")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("reader");
            StringWriter out = new StringWriter();
            assertThat(copy.copyOut("COPY (SELECT count(*) FROM copied) TO STDOUT", out))
                    .isEqualTo(1);
            assertThat(out.toString()).isEqualTo("6\n");
        }
    }
}
