package dev.quiver.sqltest;

import dev.quiver.sqltest.runner.KnownDivergences;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the suite's files are: the {@code .test} files under the {@code sql/} test resource directory
 * (one sub-directory per area) and {@code known-divergences.txt} beside it.
 */
final class SuiteFiles {
    static final String ROOT_RESOURCE = "/sql";
    static final String KNOWN_DIVERGENCES_RESOURCE = "/known-divergences.txt";

    private SuiteFiles() {}

    /** The directory the {@code sql/} resources were copied to (target/test-classes/sql). */
    static Path root() {
        URL url = SuiteFiles.class.getResource(ROOT_RESOURCE);
        if (url == null) {
            throw new IllegalStateException("no " + ROOT_RESOURCE + " directory on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code .test} file's path below the root, with {@code /} separators, sorted. */
    static List<String> testFiles() {
        Path root = root();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.toString().endsWith(".test"))
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String testFile) {
        try {
            return Files.readString(root().resolve(testFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KnownDivergences knownDivergences() {
        try (InputStream stream = SuiteFiles.class.getResourceAsStream(KNOWN_DIVERGENCES_RESOURCE)) {
            if (stream == null) {
                throw new IllegalStateException("no " + KNOWN_DIVERGENCES_RESOURCE + " on the test classpath");
            }
            return KnownDivergences.parse(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
