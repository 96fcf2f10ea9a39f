package dev.quiver.engine.source;

import java.util.Objects;

/** Something {@link DuckDbReader} reads with DuckDB's own readers: a Parquet file, a CSV file, a file COPY reads, or a table of a DuckDB database file. */
public sealed interface DuckDbSource {

    /** The source as a user would name it in an error message, e.g. {@code parquet file 'data/x.parquet'}. */
    String describe();

    /** Parquet file(s) read with {@code read_parquet(path)}; the path may be a glob as in DuckDB. */
    record ParquetFile(String path) implements DuckDbSource {
        public ParquetFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "parquet file '" + path + "'";
        }
    }

    /** CSV file(s) read with {@code read_csv(path)}: DuckDB detects dialect, header and column types. */
    record CsvFile(String path) implements DuckDbSource {
        public CsvFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "CSV file '" + path + "'";
        }
    }

    /**
     * A file COPY ... FROM reads: DuckDB's COPY loads it into a table of the target's column types,
     * which is then scanned (see {@link DuckDbCopy}); never scanned by name.
     */
    record CopiedFile(String path) implements DuckDbSource {
        public CopiedFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "file '" + path + "'";
        }
    }

    /** Table {@code schema.table} of the DuckDB database file {@code databasePath}, attached read-only. */
    record DatabaseTable(String databasePath, String schema, String table) implements DuckDbSource {
        public DatabaseTable {
            Objects.requireNonNull(databasePath, "databasePath");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(table, "table");
        }

        /** Table {@code table} of the database's {@code main} schema. */
        public DatabaseTable(String databasePath, String table) {
            this(databasePath, "main", table);
        }

        @Override
        public String describe() {
            return "table " + schema + "." + table + " of DuckDB database '" + databasePath + "'";
        }
    }
}
