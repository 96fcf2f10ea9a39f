package dev.quiver.engine.source;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * COPY ... TO and COPY ... FROM through DuckDB's own COPY, so that file formats (CSV, Parquet, JSON),
 * their options and their errors are DuckDB's. Rows to write reach DuckDB in place through the Arrow C
 * stream interface; a file read lands in a DuckDB table of the target columns' types (DuckDB converts
 * each value as its COPY would) and comes back as Arrow batches of exactly those types.
 */
public final class DuckDbCopy {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final AtomicLong TABLE_COUNTER = new AtomicLong();

    private DuckDbCopy() {}

    /** One option of a COPY: its name and its value as DuckDB text; built only by the factories below. */
    public record Option(String name, String value) {
        /** An option given without a value ({@code HEADER}). */
        public static Option flag(String name) {
            return new Option(checkedName(name), "");
        }

        /** An option whose value is a string ({@code DELIMITER '|'}). */
        public static Option text(String name, String value) {
            return new Option(checkedName(name), DuckDb.literal(value));
        }

        /** An option whose value is a number ({@code ROW_GROUP_SIZE 100000}). */
        public static Option number(String name, BigDecimal value) {
            return new Option(checkedName(name), value.toPlainString());
        }

        /** An option whose value is true or false ({@code HEADER false}). */
        public static Option bool(String name, boolean value) {
            return new Option(checkedName(name), Boolean.toString(value));
        }

        /** An option whose value is a bare word ({@code FORMAT parquet}, {@code COMPRESSION zstd}). */
        public static Option word(String name, String value) {
            return new Option(checkedName(name), WORD.matcher(value).matches() ? value : DuckDb.identifier(value));
        }

        /** An option whose value is a list of column names ({@code PARTITION_BY (year, month)}). */
        public static Option columns(String name, List<String> columns) {
            return new Option(
                    checkedName(name),
                    columns.stream().map(DuckDb::identifier).collect(Collectors.joining(", ", "(", ")")));
        }

        /** An option whose value is {@code *} ({@code FORCE_QUOTE *}). */
        public static Option all(String name) {
            return new Option(checkedName(name), "*");
        }

        private static String checkedName(String name) {
            if (!WORD.matcher(name).matches()) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, "COPY option " + name + " is not a valid option name");
            }
            return name;
        }

        private String render() {
            return value.isEmpty() ? name : name + " " + value;
        }
    }

    /**
     * Writes {@code batches} (of {@code schema}) to {@code path} with DuckDB's COPY ... TO; returns the
     * number of rows written. The batches are only read.
     */
    public static long write(
            DuckDbReader duckDb,
            Schema schema,
            List<Batch> batches,
            String path,
            List<Option> options,
            BufferAllocator allocator) {
        try (DuckDBConnection connection = duckDb.newConnection()) {
            DuckDbWriter.overBatches(
                    connection,
                    schema,
                    batches,
                    allocator,
                    view -> "COPY (SELECT * FROM " + DuckDb.identifier(view) + ") TO " + DuckDb.literal(path)
                            + clause(options));
        } catch (SQLException | RuntimeException e) {
            throw failure("write", path, e);
        }
        return batches.stream().mapToLong(Batch::rowCount).sum();
    }

    /**
     * Reads {@code path} with DuckDB's COPY ... FROM into rows of {@code fields}' names and types,
     * in batches of at most {@code batchRows} rows allocated from {@code allocator} and owned by the
     * caller.
     */
    public static List<Batch> read(
            DuckDbReader duckDb,
            List<Field> fields,
            String path,
            List<Option> options,
            int batchRows,
            BufferAllocator allocator) {
        String table = DuckDb.identifier("quiver_copy_" + TABLE_COUNTER.incrementAndGet());
        String columns = fields.stream()
                .map(field ->
                        DuckDb.identifier(field.getName()) + " " + DuckDbCatalogStore.duckDbType(field, "COPY target"))
                .collect(Collectors.joining(", "));
        DuckDBConnection connection = duckDb.newConnection();
        try {
            // a temporary table lives in this connection only, which the scan below owns and closes
            DuckDb.execute(connection, "CREATE TEMP TABLE " + table + " (" + columns + ")");
            DuckDb.execute(connection, "COPY " + table + " FROM " + DuckDb.literal(path) + clause(options));
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw failure("read", path, e);
        }
        List<Batch> batches = new ArrayList<>();
        try (DuckDbScan scan = new DuckDbScan(
                connection, "SELECT * FROM " + table, new DuckDbSource.CopiedFile(path), batchRows, allocator)) {
            for (Batch next = scan.next(); next != null; next = scan.next()) {
                try (Batch exported = next) {
                    batches.add(DuckDbCatalogStore.copy(exported, fields, allocator));
                }
            }
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
        return batches;
    }

    private static String clause(List<Option> options) {
        return options.isEmpty()
                ? ""
                : options.stream().map(Option::render).collect(Collectors.joining(", ", " (", ")"));
    }

    /** DuckDB's error, named as COPY's: a wrong option is the user's argument, anything else the file's. */
    private static QuiverException failure(String verb, String path, Throwable error) {
        if (error instanceof QuiverException quiver) {
            return quiver;
        }
        String message = DuckDbScan.userMessage(error.getMessage());
        ErrorCode code = message.startsWith("Conversion Error")
                ? ErrorCode.INVALID_CAST
                : message.startsWith("Binder Error")
                                || message.startsWith("Parser Error")
                                || message.startsWith("Invalid Input Error")
                                || message.startsWith("Not implemented Error")
                        ? ErrorCode.INVALID_ARGUMENT
                        : ErrorCode.IO_ERROR;
        return new QuiverException(code, "COPY could not " + verb + " file '" + path + "': " + message, error);
    }
}
