package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SHOW FUNCTIONS lists the built-ins from the registry beside the Python functions. */
class ShowFunctionsTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withInterpreters(1));
        session = database.newSession();
    }

    @AfterEach
    void close() {
        session.close();
        database.close(); // fails if a query leaked memory
    }

    private List<List<Object>> rows(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void listsBuiltinsWithSignatureDescriptionAndExample() {
        List<List<Object>> rows = rows("SHOW FUNCTIONS");
        assertThat(rows)
                .contains(List.of(
                        "repeat",
                        "scalar",
                        "repeat(string, count) -> VARCHAR",
                        "The string repeated count times.",
                        "repeat('ab', 3) = 'ababab'"));
        assertThat(rows).anySatisfy(row -> assertThat(row.subList(0, 2)).containsExactly("strpos, instr", "scalar"));
        assertThat(rows).anySatisfy(row -> assertThat(row.subList(0, 2)).containsExactly("like", "operator"));
        assertThat(rows).anySatisfy(row -> assertThat(row.subList(0, 2)).containsExactly("range", "table"));
        assertThat(rows("SHOW FUNCTIONS FROM builtin")).isEqualTo(rows);
    }

    @Test
    void listsPythonFunctionsFirstAndFromPythonWithTheirOptions() {
        session.execute("CREATE FUNCTION plus1(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x + 1 $$")
                .close();
        List<List<Object>> all = rows("SHOW FUNCTIONS");
        assertThat(all.getFirst())
                .isEqualTo(List.of(
                        "plus1",
                        "python",
                        "plus1(x BIGINT) -> BIGINT",
                        "VOLATILE, CALLED_ON_NULL_INPUT, SCALAR, RAISE",
                        ""));
        assertThat(rows("SHOW FUNCTIONS FROM python"))
                .containsExactly(
                        List.of("plus1", "x BIGINT", "BIGINT", "VOLATILE", "CALLED_ON_NULL_INPUT", "SCALAR", "RAISE"));
        assertThat(rows("SHOW FUNCTIONS FROM builtin"))
                .noneSatisfy(row -> assertThat(row.getFirst()).isEqualTo("plus1"));
    }

    @Test
    void rejectsAnUnknownSource() {
        QuiverException error = catchThrowableOfType(QuiverException.class, () -> rows("SHOW FUNCTIONS FROM nowhere"));
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_QUERY);
        assertThat(error.getMessage()).contains("expected python or builtin");
    }
}
