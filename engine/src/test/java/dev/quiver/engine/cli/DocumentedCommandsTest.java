package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code ./quiver …} command line shown in a code block of README.md and docs/*.md, so
 * the documentation stays true: each must exit with status 0. The commands run in this JVM
 * (picocli, as {@code ./quiver} would start them) with a scratch directory for the files they name.
 *
 * <p>{@link #SKIPPED} is the allow-list of commands that do not run here, each with its reason:
 * those the bash launcher runs itself (test, build, format: they would build inside the build) and
 * the benchmarks and demo, which take minutes. Add to it only with a reason.
 */
@Tag("slow") // a few JVM-internal runs of quiver sql, TPC-H SF 0.01 among them: ~10 s
class DocumentedCommandsTest {
    /** Command prefixes not run, and why. */
    static final Map<String, String> SKIPPED = Map.of(
            "./quiver test", "runs the build itself; this test is part of it",
            "./quiver build", "runs the build itself",
            "./quiver format", "rewrites the sources",
            "./quiver bench", "benchmarks take minutes (the benchmarks module tests their code)",
            "./quiver demo", "TPC-H SF 0.1 on 1 and N interpreters: about a minute",
            "./quiver sql --python-path", "needs the wheel the lines before it download with pip",
            "./quiver worker-env", "the bash launcher makes a venv with pip: minutes (.ci/run runs it)",
            "./quiver sql --worker-python", "needs ./quiver worker-env's venv; ProcessTierSqlTest runs the same",
            "./quiver server", "the server module's own tests start servers and run passwd");

    /** Files the documented commands read, as a reader would have made them. */
    private static final Map<String, String> FIXTURES = Map.of(
            "queries.sql", "CREATE TABLE t AS SELECT 1 AS x;\nSELECT x + 1 AS y FROM t;\n",
            "script.sql", "SELECT 'a;b' AS s; -- a comment; with a semicolon\nSELECT 2 AS n;\n");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandRuns() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        for (Path document : documents) {
            List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
            boolean inCode = false;
            for (int index = 0; index < lines.size(); index++) {
                String line = lines.get(index).strip();
                if (line.startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (!inCode || !line.startsWith("./quiver ")) {
                    continue;
                }
                String command = withoutComment(line);
                String where = ROOT.relativize(document) + ":" + (index + 1);
                if (SKIPPED.keySet().stream().noneMatch(command::startsWith)) {
                    tests.add(DynamicTest.dynamicTest(where + " " + command, () -> assertRuns(command)));
                }
            }
        }
        assertThat(tests).as("runnable commands found in README.md and docs/").hasSizeGreaterThan(3);
        return tests.stream();
    }

    private void assertRuns(String command) throws IOException {
        for (Map.Entry<String, String> fixture : FIXTURES.entrySet()) {
            Files.writeString(scratch.resolve(fixture.getKey()), fixture.getValue());
        }
        List<String> words = words(command);
        List<String> arguments = new ArrayList<>();
        for (int index = 1; index < words.size(); index++) {
            String word = words.get(index);
            boolean isFile = index > 1
                    && (words.get(index - 1).equals("-f")
                            || words.get(index - 1).equals("--file"));
            arguments.add(isFile ? scratch.resolve(word).toString() : word); // relative to the scratch directory
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // as main runs it: `sql -c/-f` without picocli where it can, everything else through picocli
        int status = QuiverCli.execute(arguments.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(status).as("exit status of %s; stderr: %s", command, err).isZero();
        assertThat(out.toString()).as("output of %s", command).isNotBlank();
    }

    /** The line without a trailing {@code # comment} (outside quotes). */
    static String withoutComment(String line) {
        char quote = 0;
        for (int index = 0; index < line.length(); index++) {
            char c = line.charAt(index);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && index > 0 && Character.isWhitespace(line.charAt(index - 1))) {
                return line.substring(0, index).strip();
            }
        }
        return line;
    }

    /** Shell words: blanks separate, '…' and "…" quote (no escapes inside '…', \" inside "…"). */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int index = 0; index < command.length(); index++) {
            char c = command.charAt(index);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (quote == '"' && c == '\\' && index + 1 < command.length()) {
                    word.append(command.charAt(++index));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
