package dev.quiver.engine;

import dev.quiver.udf.pool.PoolOptions;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Quiver database runs.
 *
 * @param threads           worker threads per query (morsel-driven parallelism); default: available processors
 * @param queryMemoryLimit  bytes of Arrow memory one query may allocate; going over fails the query
 * @param batchRows         rows per Arrow batch (morsel size)
 * @param interpreters      Python sub-interpreters (each with its own GIL) that run UDFs; default: available processors
 * @param sourcePushdown    whether scans DuckDB runs (read_parquet, read_csv, attached tables) read only
 *                          the columns a query needs and apply its simple filters themselves; off only
 *                          to compare (the answers are the same)
 * @param pythonMemoryLimit resident memory of the whole process, in bytes, above which running Python
 *                          calls fail with MEMORY_LIMIT (Python's own memory is not Arrow memory, so
 *                          the query limit cannot see it); 0 for no cap; default 80 % of the machine's
 *                          or container's memory
 * @param python            the other Python settings: the per-query Python memory limit and the
 *                          package path
 */
public record QuiverConfig(
        int threads,
        long queryMemoryLimit,
        int batchRows,
        int interpreters,
        boolean sourcePushdown,
        long pythonMemoryLimit,
        PythonSettings python) {
    private static final Pattern BYTE_SIZE =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\\s*", Pattern.CASE_INSENSITIVE);

    public QuiverConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (queryMemoryLimit < 1) {
            throw new IllegalArgumentException("query memory limit must be positive, got " + queryMemoryLimit);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batch rows must be positive, got " + batchRows);
        }
        if (interpreters < 1) {
            throw new IllegalArgumentException("interpreters must be at least 1, got " + interpreters);
        }
        if (pythonMemoryLimit < 0) {
            throw new IllegalArgumentException(
                    "python memory limit must be 0 (no cap) or positive, got " + pythonMemoryLimit);
        }
        java.util.Objects.requireNonNull(python, "python");
    }

    /**
     * All cores, 4 GiB per query, 64K-row batches, one interpreter per core, source pushdown on,
     * Python stopped above 80 % of the memory for the process and 50 % for one query.
     */
    public static QuiverConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new QuiverConfig(
                cores, 4L << 30, 65_536, cores, true, PoolOptions.defaults().memoryLimit(), PythonSettings.defaults());
    }

    /**
     * Bytes from a size as DuckDB's memory settings spell it: a number and an optional unit, {@code B},
     * {@code KB}/{@code MB}/{@code GB}/{@code TB} (powers of 1000) or {@code KiB}/{@code MiB}/{@code GiB}/{@code TiB}
     * (powers of 1024), any case: {@code 512MB}, {@code 1.5GiB}, {@code 0}.
     *
     * @throws IllegalArgumentException naming the text when it is not such a size
     */
    public static long parseByteSize(String text) {
        Matcher match = BYTE_SIZE.matcher(text);
        if (!match.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (write e.g. 512MB, 4GB or 2GiB)");
        }
        String unit = match.group(2) == null ? "b" : match.group(2).toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> 1L;
        };
        BigDecimal bytes = new BigDecimal(match.group(1)).multiply(BigDecimal.valueOf(scale));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return bytes.longValue();
    }

    public QuiverConfig withThreads(int value) {
        return new QuiverConfig(
                value, queryMemoryLimit, batchRows, interpreters, sourcePushdown, pythonMemoryLimit, python);
    }

    public QuiverConfig withQueryMemoryLimit(long value) {
        return new QuiverConfig(threads, value, batchRows, interpreters, sourcePushdown, pythonMemoryLimit, python);
    }

    public QuiverConfig withBatchRows(int value) {
        return new QuiverConfig(
                threads, queryMemoryLimit, value, interpreters, sourcePushdown, pythonMemoryLimit, python);
    }

    public QuiverConfig withInterpreters(int value) {
        return new QuiverConfig(threads, queryMemoryLimit, batchRows, value, sourcePushdown, pythonMemoryLimit, python);
    }

    public QuiverConfig withSourcePushdown(boolean value) {
        return new QuiverConfig(threads, queryMemoryLimit, batchRows, interpreters, value, pythonMemoryLimit, python);
    }

    public QuiverConfig withPython(PythonSettings value) {
        return new QuiverConfig(
                threads, queryMemoryLimit, batchRows, interpreters, sourcePushdown, pythonMemoryLimit, value);
    }

    /** Bytes of Python memory one query may hold; 0 for no per-query cap. */
    public QuiverConfig withPythonQueryMemoryLimit(long bytes) {
        return withPython(python.withQueryMemoryLimit(bytes));
    }

    /** Directories (or .zip files) put first on every interpreter's sys.path. */
    public QuiverConfig withPythonPath(java.util.List<java.nio.file.Path> directories) {
        return withPython(python.withPath(directories));
    }

    public QuiverConfig withPythonMemoryLimit(long bytes) {
        return new QuiverConfig(threads, queryMemoryLimit, batchRows, interpreters, sourcePushdown, bytes, python);
    }
}
