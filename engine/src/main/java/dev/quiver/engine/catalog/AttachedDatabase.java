package dev.quiver.engine.catalog;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.schema.Schema;

/**
 * A database file attached under an alias ({@code ATTACH 'f.duckdb' AS alias}), read and never
 * written. The catalog only names and lists it; the {@code source} package reads it.
 *
 * <p>OWNERSHIP: the catalog owns an attached database from {@link Catalog#attach} on and closes it
 * at DETACH or when the Quiver database closes, which releases the file.
 */
public interface AttachedDatabase extends AutoCloseable {

    /** The name SQL uses for the database, e.g. {@code shop} in {@code shop.items}. */
    String alias();

    /** The database file, absolute. */
    Path path();

    /** The names of its base tables, sorted ({@code SHOW TABLES FROM alias}). */
    List<String> tableNames();

    /** A base table of the file: its schema there ({@code main} or another) and its name. */
    record TableName(String schema, String name) {}

    /** Every base table, ordered by schema and name, for metadata listings. */
    List<TableName> listedTables();

    /** The columns of {@code table} as Quiver reads them (asked of the file once). */
    List<Field> columns(TableName table);

    /** The database as Calcite sees it, a sub-schema of Quiver's root schema under {@link #alias()}. */
    Schema calciteSchema();

    @Override
    void close();

    /** The error for any attempt to change an attached database. */
    static QuiverException readOnly(String alias, String what) {
        return new QuiverException(
                ErrorCode.UNSUPPORTED,
                "cannot " + what + ": attached database " + alias
                        + " is read-only (Quiver only reads DuckDB database files)");
    }

    /** The key aliases are compared by: SQL names are case-insensitive. */
    static String key(String alias) {
        return alias.toLowerCase(Locale.ROOT);
    }
}
