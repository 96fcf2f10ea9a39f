package dev.quiver.sqltest.runner;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code .test} file: its records in file order, the {@code require} lines it has, and
 * its {@code # name:}/{@code # description:}/{@code # group:} headers.
 *
 * @param path         the file's path relative to the suite root, e.g. {@code basics/select_literals.test}
 * @param records      every record up to {@code halt} or the end, loops expanded
 * @param requirements the arguments of its {@code require} lines, e.g. {@code tpch}
 * @param headers      {@code name}, {@code description}, {@code group} → text, where present
 */
public record SltFile(String path, List<SltRecord> records, List<String> requirements, Map<String, String> headers) {
    /** The requirement of files that define Python functions with CREATE FUNCTION … LANGUAGE PYTHON. */
    public static final String PYTHON = "python";

    /**
     * What a {@code require} line may ask for: {@code tpch} ({@code CALL tpch}), DuckDB's built-in
     * {@code parquet} and {@code json} readers, which Quiver reads through, and {@code python}
     * (Quiver's Python functions, see {@link #needsPython()}). A file requiring anything else is
     * skipped as a whole.
     */
    public static final Set<String> KNOWN_REQUIREMENTS = Set.of("tpch", "parquet", "json", PYTHON);

    public SltFile {
        records = List.copyOf(records);
        requirements = List.copyOf(requirements);
        headers = Map.copyOf(headers);
    }

    /**
     * Whether the file defines Python functions, which DuckDB's SQL cannot: such a file runs on
     * Quiver alone, checked against the results written in it, with no oracle.
     */
    public boolean needsPython() {
        return requirements.contains(PYTHON);
    }

    /** The first requirement this runner cannot meet, if any. */
    public Optional<String> unmetRequirement() {
        return requirements.stream()
                .filter(requirement -> !KNOWN_REQUIREMENTS.contains(requirement))
                .findFirst();
    }
}
