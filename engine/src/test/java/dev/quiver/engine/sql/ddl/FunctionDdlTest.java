package dev.quiver.engine.sql.ddl;

import static dev.quiver.engine.sql.ddl.TableDdlTest.assertRoundTrips;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.FunctionOptions.Kind;
import dev.quiver.engine.sql.ddl.FunctionOptions.NullInput;
import dev.quiver.engine.sql.ddl.FunctionOptions.OnError;
import dev.quiver.engine.sql.ddl.FunctionOptions.Volatility;
import java.util.Optional;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionDdlTest {

    @Test
    void minimalDefinitionGetsTheDefaults() {
        SqlCreateFunction create =
                parse("CREATE FUNCTION Plus1(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x + 1'");

        assertThat(create.getKind()).isEqualTo(SqlKind.CREATE_FUNCTION);
        assertThat(create.name().names).containsExactly("Plus1");
        assertThat(create.replace()).isFalse();
        assertThat(create.ifNotExists()).isFalse();
        assertThat(create.parameters()).singleElement().satisfies(parameter -> {
            assertThat(parameter.name()).map(SqlIdentifier::getSimple).contains("x");
            assertThat(parameter.type().getTypeName().getSimple()).isEqualTo("BIGINT");
        });
        assertThat(create.returnType().getTypeName().getSimple()).isEqualTo("BIGINT");
        assertThat(create.body()).isEqualTo("return x + 1");
        assertThat(create.options()).isEqualTo(FunctionOptions.DEFAULTS);
        assertThat(FunctionOptions.DEFAULTS)
                .isEqualTo(new FunctionOptions(
                        Optional.empty(),
                        Volatility.VOLATILE,
                        NullInput.CALLED_ON_NULL_INPUT,
                        Kind.SCALAR,
                        OnError.RAISE));
    }

    @Test
    void everyOptionInAnyOrder() {
        SqlCreateFunction create = parse("""
                CREATE OR REPLACE FUNCTION score(price DOUBLE, "Qty" INT, TEXT)
                RETURNS DOUBLE
                ON ERROR NULL
                KIND VECTORIZED
                STRICT
                IMMUTABLE
                HANDLER 'compute'
                LANGUAGE python
                AS $$
                def compute(price, qty, note):
                    return price * qty
                $$
                """);

        assertThat(create.replace()).isTrue();
        assertThat(create.parameters())
                .extracting(parameter -> parameter.name().map(SqlIdentifier::getSimple))
                .containsExactly(Optional.of("price"), Optional.of("Qty"), Optional.empty());
        assertThat(create.parameters())
                .extracting(parameter -> parameter.type().getTypeName().getSimple())
                .containsExactly("DOUBLE", "INTEGER", "VARCHAR");
        assertThat(create.options())
                .isEqualTo(new FunctionOptions(
                        Optional.of("compute"),
                        Volatility.IMMUTABLE,
                        NullInput.RETURNS_NULL_ON_NULL_INPUT,
                        Kind.VECTORIZED,
                        OnError.NULL));
        assertThat(create.body()).isEqualTo("\ndef compute(price, qty, note):\n    return price * qty\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "IMMUTABLE | IMMUTABLE",
                "STABLE | STABLE",
                "VOLATILE | VOLATILE",
            })
    void volatility(String clause, Volatility expected) {
        assertThat(withClause(clause).volatility()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CALLED ON NULL INPUT | CALLED_ON_NULL_INPUT",
                "RETURNS NULL ON NULL INPUT | RETURNS_NULL_ON_NULL_INPUT",
                "STRICT | RETURNS_NULL_ON_NULL_INPUT",
            })
    void nullInput(String clause, NullInput expected) {
        assertThat(withClause(clause).nullInput()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "KIND SCALAR | SCALAR", "KIND VECTORIZED | VECTORIZED",
                "WITH (kind = 'scalar') | SCALAR", "WITH (KIND = 'Vectorized') | VECTORIZED",
            })
    void kind(String clause, Kind expected) {
        assertThat(withClause(clause).kind()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ON ERROR RAISE | RAISE", "ON ERROR NULL | NULL",
                "WITH (on_error = 'raise') | RAISE", "WITH (on_error = 'null') | NULL",
            })
    void onError(String clause, OnError expected) {
        assertThat(withClause(clause).onError()).isEqualTo(expected);
    }

    @Test
    void handler() {
        assertThat(withClause("HANDLER 'main'").handler()).contains("main");
        assertThat(withClause("HANDLER $$main$$").handler()).contains("main");
        assertThat(withClause("WITH (handler = 'main')").handler()).contains("main");
    }

    @Test
    void issueFourWithForm() {
        SqlCreateFunction create = parse("""
                CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON IMMUTABLE
                  WITH (handler = 'g', kind = 'vectorized', on_error = 'null')
                  AS 'def g(x): return x'
                """);

        assertThat(create.options())
                .isEqualTo(new FunctionOptions(
                        Optional.of("g"),
                        Volatility.IMMUTABLE,
                        NullInput.CALLED_ON_NULL_INPUT,
                        Kind.VECTORIZED,
                        OnError.NULL));
    }

    @Test
    void bodyAsQuotedStringUnescapesDoubledQuotes() {
        SqlCreateFunction create =
                parse("CREATE FUNCTION f() RETURNS VARCHAR LANGUAGE PYTHON AS 'return ''it''''s'' + \"!\"'");

        assertThat(create.body()).isEqualTo("return 'it''s' + \"!\"");
    }

    @Test
    void dollarBodyIsTakenVerbatim() {
        SqlCreateFunction create = parse(
                "CREATE FUNCTION f(s TEXT) RETURNS TEXT LANGUAGE PYTHON AS $$return s.replace('\\\\n', \"''\") + '$'$$");

        assertThat(create.body()).isEqualTo("return s.replace('\\\\n', \"''\") + '$'");
        assertThat(parse("CREATE FUNCTION f() RETURNS TEXT LANGUAGE PYTHON AS $$return '日本 ü'$$")
                        .body())
                .isEqualTo("return '日本 ü'");
    }

    @Test
    void noParametersAndQualifiedName() {
        SqlCreateFunction create =
                parse("CREATE FUNCTION IF NOT EXISTS udfs.now_ms() RETURNS BIGINT LANGUAGE PYTHON AS 'x'");

        assertThat(create.parameters()).isEmpty();
        assertThat(create.name().names).containsExactly("udfs", "now_ms");
        assertThat(create.ifNotExists()).isTrue();
    }

    @Test
    void parameterTypesUseCalcitesTypeSpecs() {
        SqlCreateFunction create =
                parse("CREATE FUNCTION f(a DECIMAL(10, 2), b VARCHAR(5), c DATE, d TIMESTAMP, e BLOB, f BOOLEAN)"
                        + " RETURNS VARCHAR LANGUAGE PYTHON AS 'x'");

        assertThat(create.parameters())
                .extracting(parameter -> parameter.type().toString())
                .containsExactly("DECIMAL(10, 2)", "VARCHAR(5)", "DATE", "TIMESTAMP", "VARBINARY", "BOOLEAN");
    }

    @Test
    void dropFunction() {
        SqlDropFunction drop = (SqlDropFunction) SqlParsing.parseStatement("DROP FUNCTION Plus1");
        SqlDropFunction ifExists = (SqlDropFunction) SqlParsing.parseStatement("DROP FUNCTION IF EXISTS udfs.plus1");

        assertThat(drop.getKind()).isEqualTo(SqlKind.DROP_FUNCTION);
        assertThat(drop.name().names).containsExactly("Plus1");
        assertThat(drop.ifExists()).isFalse();
        assertThat(ifExists.ifExists()).isTrue();
        assertThat(ifExists.name().names).containsExactly("udfs", "plus1");
    }

    @Test
    void showTablesAndFunctions() {
        assertThat(((SqlShow) SqlParsing.parseStatement("SHOW TABLES")).what()).isEqualTo(SqlShow.What.TABLES);
        assertThat(((SqlShow) SqlParsing.parseStatement("show functions")).what())
                .isEqualTo(SqlShow.What.FUNCTIONS);
    }

    @Test
    void unparsedStatementsParseBackToTheSame() {
        assertRoundTrips("CREATE FUNCTION f(x BIGINT, TEXT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x'");
        assertRoundTrips("CREATE OR REPLACE FUNCTION f() RETURNS INT LANGUAGE PYTHON STRICT STABLE KIND VECTORIZED"
                + " ON ERROR NULL HANDLER 'it''s' AS 'ends with a dollar $'");
        assertRoundTrips("CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON AS 'has $$ inside'");
        assertRoundTrips("DROP FUNCTION IF EXISTS f");
        assertRoundTrips("SHOW FUNCTIONS");
    }

    @Test
    void bodyAndHandlerSurviveUnparsing() {
        String sql = "CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON HANDLER 'it''s' AS 'a $$ b ''c'' $'";
        SqlCreateFunction create = parse(sql);
        SqlCreateFunction again = parse(create.toSqlString(SqlParsing.DIALECT).getSql());

        assertThat(again.body()).isEqualTo("a $$ b 'c' $");
        assertThat(again.options()).isEqualTo(create.options());
    }

    private static FunctionOptions withClause(String clause) {
        return parse("CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON " + clause + " AS 'return x'")
                .options();
    }

    private static SqlCreateFunction parse(String sql) {
        return (SqlCreateFunction) SqlParsing.parseStatement(sql);
    }
}
