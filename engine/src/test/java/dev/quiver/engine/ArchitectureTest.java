package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the module and package rules of docs/development.md by reading the main sources' package and
 * import lines: a rule broken here is a design change, to be argued in review, not an accident.
 */
class ArchitectureTest {

    private static final Path ENGINE_SOURCES = Path.of("src/main/java");
    private static final Path UDF_RUNTIME_SOURCES = Path.of("../udf-runtime/src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import\\s+(?:static\\s+)?([\\w.]+?)\\.[A-Z_*][\\w*]*(?:\\.[\\w*]+)*\\s*;", Pattern.MULTILINE);

    /** What exec may depend on: it is the runtime, and knows nothing of SQL planning or storage. */
    private static final List<String> EXEC_MAY_IMPORT = List.of(
            "java.", "org.apache.arrow.", "dev.quiver.engine.exec", "dev.quiver.engine.error", "dev.quiver.udf");

    @Test
    void udfRuntimeNeverSeesTheEngine() {
        assertThat(violations(read(UDF_RUNTIME_SOURCES), (pkg, imported) -> imported.startsWith("dev.quiver.engine")))
                .as("udf-runtime must not import the engine: other engines embed it")
                .isEmpty();
    }

    @Test
    void execImportsOnlyArrowTheJdkErrorsAndTheUdfRuntime() {
        assertThat(violations(
                        read(ENGINE_SOURCES),
                        (pkg, imported) -> isIn(pkg, "dev.quiver.engine.exec")
                                && EXEC_MAY_IMPORT.stream().noneMatch(imported::startsWith)))
                .as("exec/ is the runtime: no Calcite, plan, catalog, source or function")
                .isEmpty();
    }

    @Test
    void jdbcDoesNotDependOnTheCli() {
        assertThat(violations(
                        read(ENGINE_SOURCES),
                        (pkg, imported) ->
                                isIn(pkg, "dev.quiver.engine.jdbc") && isIn(imported, "dev.quiver.engine.cli")))
                .isEmpty();
    }

    @Test
    void onlyTheCpythonPackageUsesForeignMemory() throws IOException {
        List<String> users = new ArrayList<>();
        for (SourceFile file : concat(read(ENGINE_SOURCES), read(UDF_RUNTIME_SOURCES))) {
            if (file.text().contains("java.lang.foreign") && !file.pkg().equals("dev.quiver.udf.cpython")) {
                users.add(file.path().toString());
            }
        }
        assertThat(users)
                .as("only udf-runtime's cpython package may touch java.lang.foreign")
                .isEmpty();
    }

    @Test
    void packagesFormNoCycles() {
        for (List<SourceFile> module : List.of(read(ENGINE_SOURCES), read(UDF_RUNTIME_SOURCES))) {
            assertThat(PackageCycles.find(dependencies(module)))
                    .as("package cycles (each line: packages that import each other, directly or not)")
                    .isEmpty();
        }
    }

    @Test
    void everyPackageSaysWhatItIs() {
        List<String> undocumented = new ArrayList<>();
        for (List<SourceFile> module : List.of(read(ENGINE_SOURCES), read(UDF_RUNTIME_SOURCES))) {
            Set<Path> folders = new TreeSet<>();
            module.forEach(file -> folders.add(file.path().getParent()));
            folders.stream()
                    .filter(folder -> !Files.exists(folder.resolve("package-info.java")))
                    .forEach(folder -> undocumented.add(folder.toString()));
        }
        assertThat(undocumented).as("packages without a package-info.java").isEmpty();
    }

    /** Package name to the project packages its files import (other than itself). */
    static Map<String, Set<String>> dependencies(List<SourceFile> files) {
        Set<String> known = new TreeSet<>();
        files.forEach(file -> known.add(file.pkg()));
        Map<String, Set<String>> graph = new TreeMap<>();
        for (SourceFile file : files) {
            Set<String> edges = graph.computeIfAbsent(file.pkg(), pkg -> new TreeSet<>());
            for (String imported : file.imports()) {
                if (known.contains(imported) && !imported.equals(file.pkg())) {
                    edges.add(imported);
                }
            }
        }
        return graph;
    }

    private static boolean isIn(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private interface Rule {
        boolean forbids(String pkg, String imported);
    }

    private static List<String> violations(List<SourceFile> files, Rule rule) {
        List<String> found = new ArrayList<>();
        for (SourceFile file : files) {
            for (String imported : file.imports()) {
                if (rule.forbids(file.pkg(), imported)) {
                    found.add(file.path() + " imports " + imported);
                }
            }
        }
        return found;
    }

    private static List<SourceFile> concat(List<SourceFile> first, List<SourceFile> second) {
        List<SourceFile> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** One Java source file: its package and the packages it imports from. */
    record SourceFile(Path path, String pkg, List<String> imports, String text) {}

    static List<SourceFile> read(Path root) {
        assertThat(root).as("source root (tests run in the module's directory)").isDirectory();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.toString().endsWith(".java"))
                    .map(ArchitectureTest::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SourceFile parse(Path path) {
        try {
            String text = Files.readString(path);
            Matcher pkg = PACKAGE.matcher(text);
            String packageName = pkg.find() ? pkg.group(1) : "";
            List<String> imports = new ArrayList<>();
            Matcher imported = IMPORT.matcher(text);
            while (imported.find()) {
                imports.add(imported.group(1));
            }
            return new SourceFile(path, packageName, imports, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
