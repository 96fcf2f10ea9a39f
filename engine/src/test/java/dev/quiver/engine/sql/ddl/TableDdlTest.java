package dev.quiver.engine.sql.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.sql.SqlParsing;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableDdlTest {
    private static final int UNSPECIFIED_PRECISION = RelDataType.PRECISION_NOT_SPECIFIED;
    private static final int UNSPECIFIED_SCALE = RelDataType.SCALE_NOT_SPECIFIED;

    @Test
    void createTableWithColumns() {
        SqlCreateTable create =
                parse("CREATE TABLE Orders (id BIGINT NOT NULL, note VARCHAR(20) NULL, \"Total\" DECIMAL(12, 2))");

        assertThat(create.getKind()).isEqualTo(SqlKind.CREATE_TABLE);
        assertThat(create.name().names).containsExactly("Orders");
        assertThat(create.replace()).isFalse();
        assertThat(create.ifNotExists()).isFalse();
        assertThat(create.query()).isEmpty();

        List<SqlColumnDeclaration> columns = create.columns();
        assertThat(columns).extracting(column -> column.name().getSimple()).containsExactly("id", "note", "Total");
        assertThat(columns).extracting(SqlColumnDeclaration::notNull).containsExactly(true, false, false);
        assertThat(columns.get(0).type().getNullable()).isFalse();
        assertThat(columns.get(1).type().getNullable()).isTrue();
        assertType(columns.get(0).type(), SqlTypeName.BIGINT, UNSPECIFIED_PRECISION, UNSPECIFIED_SCALE);
        assertType(columns.get(1).type(), SqlTypeName.VARCHAR, 20, UNSPECIFIED_SCALE);
        assertType(columns.get(2).type(), SqlTypeName.DECIMAL, 12, 2);
    }

    @Test
    void createOrReplaceAndIfNotExists() {
        SqlCreateTable replace = parse("CREATE OR REPLACE TABLE t (a INT)");
        SqlCreateTable ifNotExists = parse("CREATE TABLE IF NOT EXISTS main.t (a INT)");

        assertThat(replace.replace()).isTrue();
        assertThat(replace.ifNotExists()).isFalse();
        assertThat(ifNotExists.replace()).isFalse();
        assertThat(ifNotExists.ifNotExists()).isTrue();
        assertThat(ifNotExists.name().names).containsExactly("main", "t");
    }

    @Test
    void createTableAsQuery() {
        SqlCreateTable create = parse("CREATE OR REPLACE TABLE big AS SELECT * FROM orders WHERE total > 100");

        assertThat(create.columns()).isEmpty();
        assertThat(create.replace()).isTrue();
        assertThat(create.query()).get().isInstanceOf(SqlSelect.class);
        assertThat(parse("CREATE TABLE t AS (VALUES (1), (2))").query())
                .get()
                .extracting(query -> query.getKind())
                .isEqualTo(SqlKind.VALUES);
    }

    @Test
    void tableAndColumnsMayBeNamedLikeNewKeywords() {
        SqlCreateTable create = parse("CREATE TABLE if (kind TEXT, handler INT, strict BOOLEAN)");

        assertThat(create.name().getSimple()).isEqualTo("if");
        assertThat(create.columns())
                .extracting(column -> column.name().getSimple())
                .containsExactly("kind", "handler", "strict");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "BOOLEAN, BOOLEAN",
        "BOOL, BOOLEAN",
        "LOGICAL, BOOLEAN",
        "TINYINT, TINYINT",
        "INT1, TINYINT",
        "SMALLINT, SMALLINT",
        "INT2, SMALLINT",
        "SHORT, SMALLINT",
        "INTEGER, INTEGER",
        "INT, INTEGER",
        "INT4, INTEGER",
        "SIGNED, INTEGER",
        "BIGINT, BIGINT",
        "INT8, BIGINT",
        "LONG, BIGINT",
        "REAL, REAL",
        "FLOAT, REAL",
        "FLOAT4, REAL",
        "DOUBLE, DOUBLE",
        "DOUBLE PRECISION, DOUBLE",
        "FLOAT8, DOUBLE",
        "DECIMAL, DECIMAL",
        "NUMERIC, DECIMAL",
        "VARCHAR, VARCHAR",
        "TEXT, VARCHAR",
        "STRING, VARCHAR",
        "VARBINARY, VARBINARY",
        "BLOB, VARBINARY",
        "BYTEA, VARBINARY",
        "DATE, DATE",
        "TIMESTAMP, TIMESTAMP",
        "DATETIME, TIMESTAMP",
    })
    void typeNamesAndDuckDbAliases(String written, SqlTypeName expected) {
        SqlCreateTable create = parse("CREATE TABLE t (c " + written + ")");

        assertThat(create.columns().getFirst().type().getTypeName().getSimple()).isEqualTo(expected.getName());
    }

    @Test
    void aliasesWorkInCastsToo() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT CAST(x AS text), CAST(y AS float) FROM t");

        assertThat(select.getSelectList().toString()).isEqualTo("CAST(`x` AS VARCHAR), CAST(`y` AS REAL)");
    }

    @Test
    void unknownTypeNameIsLeftForTheCatalogToReject() {
        SqlCreateTable create = parse("CREATE TABLE t (c money)");

        assertThat(create.columns().getFirst().type().getTypeName().getSimple()).isEqualTo("money");
        assertThat(create.columns().getFirst().type().getTypeNameSpec()).isNotInstanceOf(SqlBasicTypeNameSpec.class);
    }

    @Test
    void dropTable() {
        SqlDropTable drop = (SqlDropTable) SqlParsing.parseStatement("DROP TABLE Orders");
        SqlDropTable ifExists = (SqlDropTable) SqlParsing.parseStatement("DROP TABLE IF EXISTS main.orders");

        assertThat(drop.getKind()).isEqualTo(SqlKind.DROP_TABLE);
        assertThat(drop.name().names).containsExactly("Orders");
        assertThat(drop.ifExists()).isFalse();
        assertThat(ifExists.ifExists()).isTrue();
        assertThat(ifExists.name().names).containsExactly("main", "orders");
    }

    @Test
    void unparsedStatementsParseBackToTheSame() {
        assertRoundTrips("CREATE OR REPLACE TABLE t (a INT NOT NULL, b VARCHAR(3), c DECIMAL(5, 2), d TEXT)");
        assertRoundTrips("CREATE TABLE IF NOT EXISTS t AS SELECT a, b FROM u WHERE a > 1");
        assertRoundTrips("DROP TABLE IF EXISTS s.t");
        assertRoundTrips("DROP TABLE t");
    }

    static void assertRoundTrips(String sql) {
        String once =
                SqlParsing.parseStatement(sql).toSqlString(SqlParsing.DIALECT).getSql();
        String twice =
                SqlParsing.parseStatement(once).toSqlString(SqlParsing.DIALECT).getSql();
        assertThat(twice).as("unparsed: %s", once).isEqualTo(once);
    }

    private static SqlCreateTable parse(String sql) {
        return (SqlCreateTable) SqlParsing.parseStatement(sql);
    }

    private static void assertType(SqlDataTypeSpec type, SqlTypeName name, int precision, int scale) {
        SqlBasicTypeNameSpec spec = (SqlBasicTypeNameSpec) type.getTypeNameSpec();
        assertThat(spec.getTypeName().getSimple()).isEqualTo(name.getName());
        assertThat(spec.getPrecision()).isEqualTo(precision);
        assertThat(spec.getScale()).isEqualTo(scale);
    }
}
