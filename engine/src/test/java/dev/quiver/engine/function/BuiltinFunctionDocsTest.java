package dev.quiver.engine.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.junit.jupiter.api.Test;

/** docs/sql.md's function list is the registry's; run with -Dquiver.docs.update=true to regenerate it. */
class BuiltinFunctionDocsTest {
    private static final Path SQL_DOC = Path.of("..", "docs", "sql.md");

    @Test
    void docsListEveryBuiltinAsTheRegistryDefinesIt() throws IOException {
        String document = Files.readString(SQL_DOC, StandardCharsets.UTF_8);
        String generated = BuiltinFunctionDocs.replaceSection(document);
        if (Boolean.getBoolean("quiver.docs.update")) {
            Files.writeString(SQL_DOC, generated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(document)
                .as(
                        "docs/sql.md's function list is out of date with the built-in function registry;"
                                + " regenerate it: mvn -o -pl engine test -Dtest=BuiltinFunctionDocsTest -Dquiver.docs.update=true")
                .isEqualTo(generated);
    }

    @Test
    void everyBuiltinHasASignatureAndADescription() {
        assertThat(BuiltinFunctions.all()).allSatisfy(function -> {
            assertThat(function.signature()).as(function.name()).isNotBlank();
            assertThat(function.description()).as(function.name()).endsWith(".");
        });
    }

    @Test
    void ownOperatorsAreTheOnlyOnesOfTheirName() {
        // a standard operator of the same name would win the validator's lookup, and its calls
        // would find no kernel: each must be replaced, or the definition use the standard one
        SqlOperatorTable table = FunctionRegistry.operatorTable(() -> null);
        for (SqlOperator own : BuiltinFunctions.ownOperators()) {
            List<SqlOperator> found = new ArrayList<>();
            table.lookupOperatorOverloads(
                    new SqlIdentifier(own.getName(), SqlParserPos.ZERO),
                    null,
                    SqlSyntax.FUNCTION,
                    found,
                    SqlNameMatchers.withCaseSensitive(false));
            assertThat(found).as(own.getName()).containsExactly(own);
        }
    }

    @Test
    void kernelsAreFoundByOperatorNotByName() {
        BuiltinFunction repeat = BuiltinFunctions.all().stream()
                .filter(function -> function.name().equals("repeat"))
                .findFirst()
                .orElseThrow();
        assertThat(BuiltinFunctions.forOperator(repeat.operators().getFirst())).isSameAs(repeat);
        assertThat(BuiltinFunctions.forOperator(new org.apache.calcite.sql.SqlFunction(
                        "REPEAT",
                        org.apache.calcite.sql.SqlKind.OTHER_FUNCTION,
                        null,
                        null,
                        null,
                        org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION)))
                .isNull();
    }
}
