package dev.quiver.server.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

/** The translation of PostgreSQL catalog queries into SQL over the virtual catalog relations. */
class PgCatalogSqlTest {
    private final PgCatalogTables tables = new PgCatalogTables(
            List.of(new PgCatalog.Relation(
                    "main",
                    "orders",
                    'r',
                    List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)))),
            "alice");

    private String rewrite(String sql, String... parameters) {
        return PgCatalogSql.rewrite(sql, List.of(parameters), tables, "alice");
    }

    @Test
    void namedRelationsBecomeCommonTableExpressions() {
        String sql = rewrite("SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relnamespace = $1", "2200");
        assertThat(sql).startsWith("WITH pg_class AS (SELECT * FROM (VALUES (CAST(");
        assertThat(sql).contains("CAST('orders' AS varchar)").endsWith("FROM pg_class c WHERE c.relnamespace = 2200");
    }

    @Test
    void regexOperatorsCastsAndFunctionsBecomeQuiverSql() {
        String sql = rewrite("SELECT pg_catalog.format_type(a.atttypid, a.atttypmod), c.oid::pg_catalog.regclass"
                + " FROM pg_catalog.pg_attribute a, pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(orders)$'"
                + " COLLATE pg_catalog.default AND n.nspname !~ '^pg_' AND a.attrelid = 'orders'::regclass"
                + " AND pg_catalog.pg_table_is_visible(c.oid)");
        String query = sql.substring(sql.indexOf(") SELECT ") + 2);
        assertThat(query)
                .startsWith("SELECT CASE (a.atttypid) WHEN 16 THEN 'boolean'")
                .contains("c.oid::integer")
                .contains("regexp_matches(c.relname, '^(orders)$')")
                .contains("NOT regexp_matches(n.nspname, '^pg_')")
                .contains("a.attrelid = " + tables.regclass("orders"))
                .endsWith("AND TRUE")
                .doesNotContain("COLLATE");
    }

    @Test
    void boundTextBecomesAnEscapedLiteral() {
        assertThat(rewrite("SELECT datname FROM pg_catalog.pg_database WHERE datname = $1", "o'brien"))
                .endsWith("FROM pg_database WHERE datname = 'o''brien'");
    }
}
