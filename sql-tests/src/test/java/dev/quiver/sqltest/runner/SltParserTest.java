package dev.quiver.sqltest.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SltParserTest {

    private static SltFile parse(String text) {
        return SltParser.parse("area/file.test", text);
    }

    @Test
    void readsHeadersCommentsAndRecordsWithTheirLines() {
        SltFile file = parse("""
                # name: area/file.test
                # description: what it tests
                # group: [area]

                # a comment
                statement ok
                CREATE TABLE t (i INTEGER)

                query I
                SELECT 1
                ----
                1
                """);

        assertThat(file.headers())
                .containsEntry("name", "area/file.test")
                .containsEntry("description", "what it tests")
                .containsEntry("group", "[area]");
        assertThat(file.records()).hasSize(2);
        StatementRecord statement = (StatementRecord) file.records().get(0);
        assertThat(statement.line()).isEqualTo(6);
        assertThat(statement.sql()).isEqualTo("CREATE TABLE t (i INTEGER)");
        assertThat(statement.expectError()).isFalse();
        QueryRecord query = (QueryRecord) file.records().get(1);
        assertThat(query.line()).isEqualTo(9);
        assertThat(query.typeLetters()).isEqualTo("I");
        assertThat(query.sortMode()).isEqualTo(SortMode.NOSORT);
        assertThat(query.expectedLines()).containsExactly("1");
    }

    @Test
    void keepsMultiLineSqlAndStripsOneTrailingSemicolon() {
        SltFile file = parse("""
                query IT rowsort
                SELECT a,
                       b
                FROM t;
                ----
                1\tx
                2\t(empty)
                """);

        QueryRecord query = (QueryRecord) file.records().getFirst();
        assertThat(query.sql()).isEqualTo("SELECT a,\n       b\nFROM t");
        assertThat(query.sortMode()).isEqualTo(SortMode.ROWSORT);
        assertThat(query.expectedLines()).containsExactly("1\tx", "2\t(empty)");
        assertThat(query.header()).isEqualTo("query IT rowsort");
    }

    @Test
    void aSeparatorFollowedByABlankLineOrTheEndIsAnEmptyResult() {
        SltFile file = parse("query I\nSELECT 1 WHERE false\n----\n\nquery I\nSELECT 2 WHERE false\n----");

        assertThat(file.records()).hasSize(2);
        assertThat(((QueryRecord) file.records().get(0)).expectedLines()).isEmpty();
        assertThat(((QueryRecord) file.records().get(1)).expectedLines()).isEmpty();
    }

    @Test
    void statementErrorTakesAnOptionalMessage() {
        SltFile file = parse("""
                statement error
                SELECT * FROM missing

                statement error
                SELEC 1
                ----
                syntax error
                at or near

                statement ok
                SELECT 1
                """);

        StatementRecord withoutMessage = (StatementRecord) file.records().get(0);
        assertThat(withoutMessage.expectError()).isTrue();
        assertThat(withoutMessage.expectedError()).isEmpty();
        StatementRecord withMessage = (StatementRecord) file.records().get(1);
        assertThat(withMessage.line()).isEqualTo(4);
        assertThat(withMessage.expectedError()).isEqualTo("syntax error\nat or near");
        assertThat(file.records().get(2).line()).isEqualTo(10);
    }

    @Test
    void statementErrorTakesDuckDbsRegexForms() {
        SltFile file = parse("""
                statement error
                SELEC 1
                ----
                <REGEX>:SYNTAX_ERROR: .* \\(line 1, column \\d+\\)

                statement error
                SELEC 1
                ----
                <!REGEX>:.*INTERNAL.*
                """);

        ExpectedError matches = ((StatementRecord) file.records().get(0)).expectation();
        assertThat(matches.kind()).isEqualTo(ExpectedError.Kind.MATCHES);
        assertThat(matches.mismatch("SYNTAX_ERROR: Syntax error\nat SELEC (line 1, column 1)"))
                .isEmpty();
        assertThat(matches.mismatch("note: SYNTAX_ERROR: x (line 1, column 1)"))
                .contains("does not match the expected regular expression");
        ExpectedError doesNotMatch = ((StatementRecord) file.records().get(1)).expectation();
        assertThat(doesNotMatch.kind()).isEqualTo(ExpectedError.Kind.DOES_NOT_MATCH);
        assertThat(doesNotMatch.mismatch("SYNTAX_ERROR: x")).isEmpty();
        assertThat(doesNotMatch.mismatch("INTERNAL: y")).contains("matches the regular expression it must not match");
        assertThat(ExpectedError.parse("").mismatch("anything")).isEmpty();
        assertThat(ExpectedError.parse("<REGEX> without the colon").kind()).isEqualTo(ExpectedError.Kind.CONTAINS);
    }

    @Test
    void aRegexThatDoesNotCompileIsAParseError() {
        assertThatThrownBy(() -> parse("statement error\nSELEC 1\n----\n<REGEX>:(unclosed\n"))
                .isInstanceOf(SltParseException.class)
                .hasMessageContaining("area/file.test:1:")
                .hasMessageContaining("regular expression does not compile");
    }

    @Test
    void skipifAndOnlyifApplyToTheNextRecordOnly() {
        SltFile file = parse("""
                skipif quiver
                onlyif duckdb
                statement ok
                SELECT 1

                statement ok
                SELECT 2
                """);

        SltRecord first = file.records().get(0);
        assertThat(first.conditions()).containsExactly(Condition.skipIf("quiver"), Condition.onlyIf("duckdb"));
        assertThat(first.skipReason("quiver")).contains("skipif quiver");
        assertThat(first.skipReason("duckdb")).isEmpty();
        assertThat(file.records().get(1).conditions()).isEmpty();
    }

    @Test
    void modeSkipSkipsUntilUnskip() {
        SltFile file = parse("""
                mode skip

                statement ok
                SELECT 1

                mode unskip

                statement ok
                SELECT 2
                """);

        assertThat(file.records().get(0).skipReason("quiver")).isPresent();
        assertThat(file.records().get(1).skipReason("quiver")).isEmpty();
    }

    @Test
    void haltDropsTheRestOfTheFile() {
        SltFile file = parse("statement ok\nSELECT 1\n\nhalt\n\nstatement ok\nSELECT 2\n\nthis is not parsed\n");

        assertThat(file.records()).extracting(SltRecord::sql).containsExactly("SELECT 1");
    }

    @Test
    void collectsRequirements() {
        SltFile known = parse("require tpch\n\nstatement ok\nCALL tpch(0.01)\n");
        SltFile unknown = parse("require tpch\nrequire httpfs\n");

        assertThat(known.requirements()).containsExactly("tpch");
        assertThat(known.unmetRequirement()).isEmpty();
        assertThat(unknown.unmetRequirement()).contains("httpfs");
    }

    @Test
    void expandsLoopsAndForeachWithSubstitution() {
        SltFile file = parse("""
                loop i 0 2

                foreach type INTEGER BIGINT

                query I
                SELECT CAST(${i} AS ${type})
                ----
                ${i}

                endloop

                endloop
                """);

        assertThat(file.records()).hasSize(4);
        assertThat(file.records())
                .extracting(SltRecord::sql)
                .containsExactly(
                        "SELECT CAST(0 AS INTEGER)", "SELECT CAST(0 AS BIGINT)",
                        "SELECT CAST(1 AS INTEGER)", "SELECT CAST(1 AS BIGINT)");
        QueryRecord last = (QueryRecord) file.records().get(3);
        assertThat(last.expectedLines()).containsExactly("1");
        assertThat(last.loopBinding()).isEqualTo("i=1, type=BIGINT");
        assertThat(last.line()).isEqualTo(5);
    }

    @Test
    void acceptsWindowsLineEndings() {
        SltFile file = parse("query I\r\nSELECT 1\r\n----\r\n1\r\n");

        assertThat(((QueryRecord) file.records().getFirst()).expectedLines()).containsExactly("1");
    }

    @Test
    void rejectsWhatItDoesNotSupportWithTheLine() {
        List<String[]> cases = List.of(
                new String[] {
                    "statement ok\nSELECT 1\n\nload db.duckdb\n", "file.test:4: unknown or unsupported command 'load'"
                },
                new String[] {"statement maybe\nSELECT 1\n", "file.test:1: unsupported 'statement maybe'"},
                new String[] {"query I\nSELECT 1\n", "file.test:1: a query needs a ---- line"},
                new String[] {"query X\nSELECT 1\n----\n1\n", "type letters must be I, R or T"},
                new String[] {"query I nosort mylabel\nSELECT 1\n----\n1\n", "query labels are not supported"},
                new String[] {"query I sorted\nSELECT 1\n----\n1\n", "unknown sort mode 'sorted'"},
                new String[] {
                    "query I\nSELECT 1\n----\n3 values hashing to 0123456789abcdef0123456789abcdef\n",
                    "hashed results are not supported"
                },
                new String[] {"statement ok\nSELECT 1\n----\nx\n", "statement ok takes no ---- section"},
                new String[] {"statement ok\n\n", "file.test:1: the record has no SQL"},
                new String[] {"endloop\n", "endloop without loop"},
                new String[] {"\nloop i 0 2\n\nstatement ok\nSELECT ${i}\n", "file.test:2: loop without endloop"},
                new String[] {"skipif quiver\n\nstatement ok\nSELECT 1\n", "must be followed directly by the record"},
                new String[] {"skipif quiver\nrequire tpch\n", "apply only to statement and query records"},
                new String[] {"mode output_result\n", "unsupported mode 'output_result'"});
        for (String[] testCase : cases) {
            assertThatThrownBy(() -> parse(testCase[0]))
                    .as(testCase[0])
                    .isInstanceOf(SltParseException.class)
                    .hasMessageContaining("area/file.test:")
                    .hasMessageContaining(testCase[1]);
        }
    }
}
