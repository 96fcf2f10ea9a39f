package dev.quiver.sqltest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sqltest.runner.Condition;
import dev.quiver.sqltest.runner.DuckDbEngine;
import dev.quiver.sqltest.runner.KnownDivergences;
import dev.quiver.sqltest.runner.QuiverEngine;
import dev.quiver.sqltest.runner.SltFile;
import dev.quiver.sqltest.runner.SltParser;
import dev.quiver.sqltest.runner.SltRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the suite's files without running any SQL, so that it runs in every build even while the
 * suite itself can be switched off: every file parses, is named after its path, names only known engines, and
 * every known divergence points at a record.
 */
class SuiteFilesTest {
    private static final Set<String> ENGINES = Set.of(QuiverEngine.NAME, DuckDbEngine.NAME);

    private static Map<String, SltFile> parseAll() {
        Map<String, SltFile> files = new HashMap<>();
        for (String testFile : SuiteFiles.testFiles()) {
            files.put(testFile, SltParser.parse(testFile, SuiteFiles.read(testFile)));
        }
        return files;
    }

    @Test
    void everyFileParsesAndIsNamedAfterItsPath() {
        Map<String, SltFile> files = parseAll();

        assertThat(files).isNotEmpty();
        files.forEach((path, file) -> {
            assertThat(file.headers().get("name"))
                    .as(path + " '# name:' header")
                    .isEqualTo(path);
            assertThat(file.records()).as(path + " records").isNotEmpty();
        });
    }

    @Test
    void skipifAndOnlyifNameAKnownEngine() {
        parseAll().forEach((path, file) -> {
            for (SltRecord record : file.records()) {
                for (Condition condition : record.conditions()) {
                    if (condition.kind() != Condition.Kind.MODE_SKIP && condition.kind() != Condition.Kind.FIXTURE) {
                        assertThat(condition.engine())
                                .as(path + ":" + record.line())
                                .isIn(ENGINES);
                    }
                }
            }
        });
    }

    @Test
    void everyKnownDivergencePointsAtARecord() {
        Map<String, SltFile> files = parseAll();
        List<KnownDivergences.Entry> entries = SuiteFiles.knownDivergences().entries();

        for (KnownDivergences.Entry entry : entries) {
            SltFile file = files.get(entry.file());
            assertThat(file)
                    .as("known-divergences.txt:" + entry.sourceLine() + ": no file " + entry.file())
                    .isNotNull();
            assertThat(file.records())
                    .extracting(SltRecord::line)
                    .as("known-divergences.txt:" + entry.sourceLine() + ": no record starts on " + entry.key())
                    .contains(entry.line());
        }
    }
}
