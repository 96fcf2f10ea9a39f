package dev.quiver.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.junit.jupiter.api.Test;

/** Statements the parser cannot take get a syntax error that says why, never an internal error. */
class DeepNestingAndReservedNameTest {

    private static QuiverException syntaxError(String sql) {
        QuiverException error = catchThrowableOfType(QuiverException.class, () -> SqlParsing.parseScript(sql));
        assertThat(error)
                .as("expected a syntax error for %s", sql.length() > 80 ? sql.substring(0, 80) : sql)
                .isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        return error;
    }

    @Test
    void hundredThousandNestedParenthesesAreTooDeep() {
        String sql = "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000);
        assertThat(syntaxError(sql).getMessage()).contains("nested too deeply");
    }

    @Test
    void aFunctionNamedLikeAReservedWordSaysSo() {
        for (String name : new String[] {"collect", "order"}) {
            QuiverException error =
                    syntaxError("CREATE FUNCTION " + name + "(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x'");
            assertThat(error.getMessage())
                    .as(name)
                    .contains(
                            "cannot create a function named " + name,
                            "reserved word or the name of a built-in function",
                            "py_" + name)
                    .doesNotContain("expected TABLE");
        }
        assertThat(syntaxError("CREATE OR REPLACE FUNCTION Collect (x VARCHAR) RETURNS VARCHAR LANGUAGE PYTHON"
                                + " AS 'return x'")
                        .getMessage())
                .contains("cannot create a function named Collect");
    }
}
