package dev.quiver.server.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.TestServers;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DBeaver session over the PostgreSQL front, replayed through the PostgreSQL JDBC driver (no GUI
 * here): the catalog queries DBeaver's PostgreSQL connection sends when it connects, when the
 * navigator opens the database, a schema, a table and a view, and when it reads a table's data,
 * written here after the shape of those in DBeaver's source (ext.postgresql: PostgreDataSource,
 * PostgreExecutionContext, PostgreDatabase, PostgreSchema, PostgreTableReal, PostgreViewBase). Each
 * must run — not fall back to the empty answer the server gives a catalog query it cannot run —
 * and answer what DBeaver looks for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgWireDbeaverTest {
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    QuiverServer server;
    Connection connection;

    @BeforeAll
    void start(@TempDir Path directory) throws IOException, SQLException {
        Path users = directory.resolve("users");
        UsersFile.setPassword(users, "dora", Role.ADMIN, "dora-secret".toCharArray(), 1_000);
        server = TestServers.withPostgres(directory, users, logged);
        connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.pgPort() + "/quiver?user=dora&password=dora-secret");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE harbours (id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, depth DOUBLE)");
            statement.execute("INSERT INTO harbours VALUES (1, 'Brest', 12.5), (2, 'Sète', 7.0)");
            statement.execute("CREATE VIEW deep_harbours AS SELECT name FROM harbours WHERE depth > 10");
            statement.execute(
                    "CREATE FUNCTION knots(speed DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$ return speed / 1.852 $$");
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void connecting() throws SQLException {
        assertThat(column(
                        "SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE 1 = 1 AND datallowconn"
                                + " AND NOT datistemplate OR db.datname =?\nORDER BY db.datname",
                        "datname",
                        "quiver"))
                .containsExactly("quiver");
        assertThat(row("SELECT current_database()")).containsExactly("quiver");
        assertThat(row("SELECT version()").getFirst()).startsWith("PostgreSQL");
        assertThat(column("select * from pg_catalog.pg_settings where name=?", "name", "standard_conforming_strings"))
                .containsExactly("standard_conforming_strings");
        assertThat(row("SELECT current_schema(),session_user")).containsExactly("main", "dora");
        assertThat(column("SHOW search_path", "search_path")).containsExactly("main");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = main");
        }
        assertThat(column("SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=?", "encoding", "quiver"))
                .containsExactly("6");
        assertThat(column(
                        "select description from pg_shdescription join pg_database on objoid = pg_database.oid"
                                + " where datname = ?",
                        "description",
                        "quiver"))
                .isEmpty();
        assertNoCatalogFallback();
    }

    @Test
    void openingTheDatabase() throws SQLException {
        assertThat(column(
                        "SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n\n"
                                + "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0"
                                + " AND d.classoid='pg_namespace'::regclass\nORDER BY nspname",
                        "nspname"))
                .contains("main", "pg_catalog", "information_schema");
        assertThat(column("SELECT typcategory FROM pg_catalog.pg_type WHERE 1<>1 LIMIT 1", "typcategory"))
                .isEmpty();
        assertThat(column(
                        "SELECT a.oid,a.*,pd.description FROM pg_catalog.pg_roles a\n"
                                + "left join pg_catalog.pg_shdescription pd on a.oid = pd.objoid\nORDER BY a.rolname",
                        "rolname"))
                .containsExactly("dora");
        assertThat(column("SELECT am.oid,am.* FROM pg_catalog.pg_am am \nORDER BY am.oid", "amname"))
                .containsExactly("heap", "btree");
        assertThat(column(
                        "SELECT c.contoencoding as encid,pg_catalog.pg_encoding_to_char(c.contoencoding) as encname\n"
                                + "FROM pg_catalog.pg_conversion c\nGROUP BY c.contoencoding\nORDER BY 2\n",
                        "encname"))
                .containsExactly("UTF8");
        assertThat(column("SELECT c.oid,c.* FROM pg_catalog.pg_collation c \nORDER BY c.oid", "collname"))
                .isEmpty();
        assertThat(column("SELECT l.oid,l.* FROM pg_catalog.pg_language l \nORDER BY l.oid", "lanname"))
                .containsExactly("internal", "plpython3u");
        assertThat(column(
                        "SELECT l.oid,l.*,p.pronamespace as handler_schema_id \n"
                                + "FROM pg_catalog.pg_foreign_data_wrapper l\n"
                                + "LEFT OUTER JOIN pg_catalog.pg_proc p ON p.oid=l.fdwhandler \nORDER BY l.fdwname",
                        "fdwname"))
                .isEmpty();
        assertThat(column("SELECT l.oid,l.* FROM pg_catalog.pg_foreign_server l\nORDER BY l.srvname", "srvname"))
                .isEmpty();
        assertThat(column(
                        "SELECT t.oid,t.*,pg_tablespace_location(t.oid) loc\nFROM pg_catalog.pg_tablespace t "
                                + "\nORDER BY t.oid",
                        "spcname"))
                .containsExactly("pg_default");
        assertThat(column(
                        "SELECT name,default_version,installed_version,comment"
                                + " FROM pg_catalog.pg_available_extensions ORDER BY name",
                        "name"))
                .isEmpty();
        assertThat(column(
                        "SELECT pet.*, d.description FROM pg_catalog.pg_event_trigger pet\n"
                                + "LEFT OUTER JOIN pg_catalog.pg_description d ON pet.\"oid\" = d.objoid",
                        "evtname"))
                .isEmpty();
        assertThat(column("SELECT * FROM pg_catalog.pg_enum", "enumlabel")).isEmpty();
        assertNoCatalogFallback();
    }

    @Test
    void openingTheSchema() throws SQLException {
        long main = Long.parseLong(column(
                        "SELECT s.oid as schema_id\nfrom pg_catalog.pg_namespace s\nWHERE s.nspname =?",
                        "schema_id",
                        "main")
                .getFirst());
        Map<String, String> relations = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT c.oid,c.*,d.description,"
                + "pg_catalog.pg_get_expr(c.relpartbound, c.oid) as partition_expr,"
                + "  pg_catalog.pg_get_partkeydef(c.oid) as partition_key \nFROM pg_catalog.pg_class c\n"
                + "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0"
                + " AND d.classoid='pg_class'::regclass\nWHERE c.relnamespace=? AND c.relkind not in ('i','I','c')")) {
            query.setLong(1, main);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    relations.put(rows.getString("relname"), rows.getString("relkind"));
                }
            }
        }
        assertThat(relations).containsEntry("harbours", "r").containsEntry("deep_harbours", "v");
        assertThat(column(
                        "SELECT i.inhrelid relid, pc.relnamespace parent_ns, pc.oid parent_oid, i.inhseqno\n"
                                + "FROM pg_catalog.pg_inherits i, pg_class rc, pg_class pc\n"
                                + "WHERE rc.oid=i.inhrelid AND rc.relnamespace=? AND pc.oid=i.inhparent",
                        "relid",
                        main))
                .isEmpty();
        assertThat(column(
                        "select c.oid,pg_catalog.pg_total_relation_size(c.oid) as total_rel_size,"
                                + "pg_catalog.pg_relation_size(c.oid) as rel_size\nFROM pg_class c\nWHERE c.relnamespace=?",
                        "rel_size",
                        main))
                .isNotEmpty()
                .containsOnly("0");
        assertThat(column("SELECT * FROM pg_default_acl WHERE defaclnamespace = ?", "defaclrole", main))
                .isEmpty();
        assertThat(column(
                        "SELECT \n e.oid,\n cfg.tbls,\n e.* \nFROM \n pg_catalog.pg_extension e \n"
                                + " join pg_namespace n on n.oid =e.extnamespace\n left join  (\n"
                                + "   select ARRAY_AGG(ns.nspname || '.' ||  cls.relname) tbls, oid_ext\n"
                                + "   from (select unnest(e1.extconfig) oid , e1.oid oid_ext"
                                + " from pg_catalog.pg_extension e1 ) c \n"
                                + "   join pg_class cls on cls.oid = c.oid \n"
                                + "   join pg_namespace ns on ns.oid = cls.relnamespace\n"
                                + "   group by oid_ext\n ) cfg on cfg.oid_ext = e.oid\n"
                                + "\nWHERE e.extnamespace=?\nORDER BY e.oid",
                        "extname",
                        main))
                .isEmpty();
        assertThat(column(
                        "SELECT p.oid AS proc_oid,p.proname AS proc_name,a.*\n"
                                + "FROM pg_catalog.pg_aggregate a,pg_catalog.pg_proc p\n"
                                + "WHERE p.oid=a.aggfnoid AND p.pronamespace=?\nORDER BY p.proname",
                        "proc_name",
                        main))
                .isEmpty();
        List<String> procedures = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT p.oid as poid,p.*,"
                + "pg_catalog.pg_get_expr(p.proargdefaults, 0) as arg_defaults,d.description\n"
                + "FROM pg_catalog.pg_proc p\nLEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=p.oid"
                + " and d.classoid='pg_proc'::regclass  AND d.objsubid = 0\nWHERE p.pronamespace=?\n"
                + "ORDER BY p.proname")) {
            query.setLong(1, main);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    procedures.add(rows.getString("proname") + ":" + rows.getString("prokind") + ":"
                            + rows.getInt("pronargs") + ":" + rows.getString("prosrc"));
                }
            }
        }
        assertThat(procedures).containsExactly("knots:f:1:return speed / 1.852");
        assertThat(column(
                        "SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod)"
                                + " as base_type_name, d.description\nFROM pg_catalog.pg_type t"
                                + "\nLEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem "
                                + "\nLEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid"
                                + "\nLEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid"
                                + "\nWHERE t.typname IS NOT NULL\nAND (c.relkind IS NULL OR c.relkind = 'c')"
                                + " AND (et.typcategory IS NULL OR et.typcategory <> 'C') AND t.typnamespace=?",
                        "typname",
                        main))
                .isEmpty(); // Quiver's types live in pg_catalog
        assertNoCatalogFallback();
    }

    @Test
    void openingATableAndAView() throws SQLException {
        long harbours = Long.parseLong(
                column("SELECT 'harbours'::regclass::oid AS oid", "oid").getFirst());
        assertThat(column(
                        "SELECT x.oid,x.*,p.pronamespace as func_schema_id,d.description\n"
                                + "FROM pg_catalog.pg_trigger x\nLEFT OUTER JOIN pg_catalog.pg_proc p ON p.oid=x.tgfoid \n"
                                + "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=x.oid AND d.objsubid=0 \n"
                                + "WHERE x.tgrelid = ? AND NOT x.tgisinternal",
                        "tgname",
                        harbours))
                .isEmpty();
        assertThat(column(
                        "SELECT r.oid,r.*, pg_get_ruledef(r.oid) AS definition\nFROM pg_rewrite r\n"
                                + "WHERE r.ev_class=" + harbours + " AND r.rulename <> '_RETURN'::name",
                        "rulename"))
                .isEmpty();
        assertThat(column(
                        "SELECT pol.oid, pol.* FROM pg_catalog.pg_policy pol WHERE pol.polrelid = ?",
                        "polname",
                        harbours))
                .isEmpty();
        assertThat(column(
                        "select pg_catalog.pg_total_relation_size(?) as total_rel_size,"
                                + "pg_catalog.pg_relation_size(?) as rel_size",
                        "rel_size",
                        harbours,
                        harbours))
                .containsExactly("0");
        long view = Long.parseLong(
                column("SELECT 'deep_harbours'::regclass::oid AS oid", "oid").getFirst());
        assertThat(column("SELECT pg_get_viewdef(" + view + ", true) AS def", "def")
                        .getFirst())
                .contains("\"depth\" > 10");
        assertThat(column(
                                "SELECT definition FROM pg_catalog.pg_views WHERE viewname = ?",
                                "definition",
                                "deep_harbours")
                        .getFirst())
                .contains("\"depth\" > 10");
        assertThat(column("SELECT count(*) AS n FROM (SELECT * FROM main.harbours) dbvrcnt", "n"))
                .containsExactly("2");
        assertThat(column("SELECT * FROM main.deep_harbours", "name")).containsExactly("Brest");
        assertNoCatalogFallback();
    }

    /** No catalog query fell back to an empty answer because the engine could not run it. */
    private void assertNoCatalogFallback() {
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("answered with no rows");
    }

    private List<String> column(String sql, String column, Object... parameters) throws SQLException {
        return PgRows.column(connection, sql, column, parameters);
    }

    private List<String> row(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            ResultSetMetaData metadata = rows.getMetaData();
            for (int index = 1; index <= metadata.getColumnCount(); index++) {
                values.add(rows.getString(index));
            }
        }
        return values;
    }
}
