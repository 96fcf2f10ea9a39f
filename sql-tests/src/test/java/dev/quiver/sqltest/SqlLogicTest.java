package dev.quiver.sqltest;

import dev.quiver.sqltest.runner.FileRunner;
import dev.quiver.sqltest.runner.KnownDivergences;
import dev.quiver.sqltest.runner.Outcome;
import dev.quiver.sqltest.runner.QuiverEngine;
import dev.quiver.sqltest.runner.SltFile;
import dev.quiver.sqltest.runner.SltParseException;
import dev.quiver.sqltest.runner.SltParser;
import dev.quiver.sqltest.runner.SltRecord;
import java.net.URI;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The sqllogictest suite as JUnit 5 dynamic tests: one container per {@code .test} file, one test per
 * record named {@code <file>:<line> <record>}, run in file order against one fresh engine (and oracle)
 * per file, then one test that closes them. Opt-in; see {@link SuiteSettings}.
 */
class SqlLogicTest {
    private static final int SQL_SHOWN_IN_NAME = 60;

    @TestFactory
    Stream<DynamicNode> sqlLogicTests() {
        SuiteSettings settings = SuiteSettings.fromSystemProperties();
        if (!settings.enabled()) {
            // One visible skipped test with the reason, rather than a silently empty factory.
            return Stream.of(DynamicTest.dynamicTest(
                    "sqllogictest suite (switched off)", () -> Assumptions.abort(settings.disabledMessage())));
        }
        KnownDivergences divergences = SuiteFiles.knownDivergences();
        return SuiteFiles.testFiles().stream()
                .filter(settings::selects)
                .map(testFile -> fileContainer(testFile, settings, divergences));
    }

    private static DynamicNode fileContainer(String testFile, SuiteSettings settings, KnownDivergences divergences) {
        SltFile file;
        try {
            file = SltParser.parse(testFile, SuiteFiles.read(testFile));
        } catch (SltParseException e) {
            return DynamicContainer.dynamicContainer(
                    testFile,
                    source(testFile, 0),
                    Stream.of(DynamicTest.dynamicTest(testFile + " parses", () -> Assertions.fail(e.getMessage()))));
        }
        Optional<String> unmet = file.unmetRequirement();
        if (unmet.isPresent()) {
            return DynamicContainer.dynamicContainer(
                    testFile,
                    source(testFile, 0),
                    Stream.of(DynamicTest.dynamicTest(
                            testFile + " requirements",
                            () -> Assumptions.abort(
                                    "requires '" + unmet.get() + "', which this runner does not provide"))));
        }
        Optional<String> skipped = settings.skipReason(file.requirements());
        if (skipped.isPresent()) {
            return DynamicContainer.dynamicContainer(
                    testFile,
                    source(testFile, 0),
                    Stream.of(DynamicTest.dynamicTest(
                            testFile + " requirements", () -> Assumptions.abort(skipped.get()))));
        }
        if (file.needsPython() && !settings.engine().equals(QuiverEngine.NAME)) {
            return DynamicContainer.dynamicContainer(
                    testFile,
                    source(testFile, 0),
                    Stream.of(DynamicTest.dynamicTest(
                            testFile + " requirements",
                            () -> Assumptions.abort("defines Python functions, which only Quiver runs"))));
        }
        // DuckDB's SQL has no CREATE FUNCTION … LANGUAGE PYTHON: such files are checked against their own results
        FileRunner runner = new FileRunner(
                testFile,
                settings.engine(),
                settings.engineUnderTest(),
                file.needsPython() ? null : settings.oracle(),
                divergences);
        Stream<DynamicNode> records = file.records().stream()
                .map(record -> DynamicTest.dynamicTest(
                        displayName(testFile, record),
                        source(testFile, record.line()),
                        () -> report(runner.run(record))));
        Stream<DynamicNode> finish =
                Stream.of(DynamicTest.dynamicTest(testFile + " closes its engines", () -> report(runner.finish())));
        return DynamicContainer.dynamicContainer(
                testFile, source(testFile, 0), Stream.concat(records, finish).onClose(runner::close));
    }

    private static void report(Outcome outcome) {
        switch (outcome) {
            case Outcome.Passed passed -> {}
            case Outcome.Failed failed -> Assertions.fail(failed.message());
            case Outcome.Skipped skipped -> Assumptions.abort(skipped.reason());
        }
    }

    private static String displayName(String testFile, SltRecord record) {
        String sql = record.sql().replaceAll("\\s+", " ");
        if (sql.length() > SQL_SHOWN_IN_NAME) {
            sql = sql.substring(0, SQL_SHOWN_IN_NAME) + "…";
        }
        String binding = record.loopBinding().isEmpty() ? "" : " [" + record.loopBinding() + "]";
        return testFile + ":" + record.line() + " " + record.header() + binding + ": " + sql;
    }

    /** A classpath URI IDEs can open at the line. */
    private static URI source(String testFile, int line) {
        return URI.create("classpath:" + SuiteFiles.ROOT_RESOURCE + "/" + testFile + (line > 0 ? "?line=" + line : ""));
    }
}
