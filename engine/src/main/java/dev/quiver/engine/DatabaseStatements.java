package dev.quiver.engine;

import dev.quiver.engine.catalog.AttachedDatabase;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.ViewDefinition;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.source.DuckDbAttachedDatabase;
import dev.quiver.engine.sql.ddl.SqlAttach;
import dev.quiver.engine.sql.ddl.SqlDetach;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Statements about databases rather than tables: ATTACH and DETACH of DuckDB files, SHOW TABLES
 * (of Quiver's own database or an attached one) and SHOW DATABASES.
 */
final class DatabaseStatements {
    /** The name SHOW DATABASES gives Quiver's own in-memory database: DuckDB's name for its own. */
    /** The name DuckDB gives an in-memory database, and Quiver its own in listings. */
    static final String MAIN_DATABASE = "memory";

    private final Quiver database;

    DatabaseStatements(Quiver database) {
        this.database = database;
    }

    /**
     * {@code ATTACH 'f.duckdb' [AS alias]}: opens the file read-only in a DuckDB instance of its own.
     * The alias defaults to the file's name without its extension, as in DuckDB.
     */
    QueryResult attach(SqlAttach attach) {
        SqlParserPos position = attach.getParserPosition();
        for (SqlAttach.Option option : attach.options()) {
            checkAttachOption(option);
        }
        Path path = Path.of(attach.path());
        String alias = attach.alias() != null ? attach.alias().getSimple() : defaultAlias(path);
        if (alias.equalsIgnoreCase(MAIN_DATABASE)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "'" + alias + "' names Quiver's own database;" + " attach the file under another name with AS",
                    position.getLineNum(),
                    position.getColumnNum(),
                    null);
        }
        if (database.catalog().attached(alias).isPresent()) {
            if (attach.ifNotExists()) {
                return QueryResult.ofUpdateCount(0);
            }
        }
        AttachedDatabase attached;
        try {
            attached = DuckDbAttachedDatabase.open(alias, path);
        } catch (QuiverException e) {
            throw new QuiverException(e.code(), e.getMessage(), position.getLineNum(), position.getColumnNum(), e);
        }
        try {
            database.catalog().attach(attached);
        } catch (QuiverException e) {
            attached.close();
            if (attach.ifNotExists()) {
                return QueryResult.ofUpdateCount(0); // attached under that alias meanwhile
            }
            throw new QuiverException(e.code(), e.getMessage(), position.getLineNum(), position.getColumnNum(), null);
        }
        return QueryResult.ofUpdateCount(0);
    }

    private static void checkAttachOption(SqlAttach.Option option) {
        String name = option.name().getSimple().toLowerCase(Locale.ROOT);
        String value = option.value() == null
                ? null
                : option.value() instanceof SqlLiteral literal
                        ? String.valueOf(literal.toValue())
                        : option.value().toString();
        SqlParserPos position = option.name().getParserPosition();
        boolean fine = switch (name) {
            case "read_only" -> value == null || value.equalsIgnoreCase("true");
            case "type" -> value != null && value.equalsIgnoreCase("duckdb");
            default ->
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "unknown ATTACH option " + name + "; Quiver knows READ_ONLY and TYPE duckdb",
                        position.getLineNum(),
                        position.getColumnNum(),
                        null);
        };
        if (!fine) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    name.equals("type")
                            ? "Quiver attaches only DuckDB database files (TYPE duckdb), not " + value
                            : "Quiver attaches DuckDB database files read-only; READ_ONLY " + value
                                    + " is not supported",
                    position.getLineNum(),
                    position.getColumnNum(),
                    null);
        }
    }

    /** DuckDB's default alias: the file name up to its first dot ({@code data/shop.duckdb} → {@code shop}). */
    private static String defaultAlias(Path path) {
        String fileName = path.getFileName() == null
                ? path.toString()
                : path.getFileName().toString();
        int dot = fileName.indexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    QueryResult detach(SqlDetach detach) {
        String alias = detach.alias().getSimple();
        if (!database.catalog().detach(alias) && !detach.ifExists()) {
            throw new QuiverException(
                    ErrorCode.UNKNOWN_TABLE,
                    "no database is attached as " + alias
                            + (attachedAliases().isEmpty()
                                    ? ""
                                    : " (attached: " + String.join(", ", attachedAliases()) + ")"),
                    detach.alias().getParserPosition().getLineNum(),
                    detach.alias().getParserPosition().getColumnNum(),
                    null);
        }
        return QueryResult.ofUpdateCount(0);
    }

    private List<String> attachedAliases() {
        return database.catalog().attachedDatabases().stream()
                .map(AttachedDatabase::alias)
                .toList();
    }

    /**
     * {@code SHOW TABLES}: as DuckDB, the tables and views of {@code main} and the connection's TEMP
     * ones (TEMP schema {@code temporarySchema}), by name; other schemas' are left out.
     */
    QueryResult showTables(String temporarySchema) {
        List<String> names = new ArrayList<>();
        for (MemoryTable table : database.catalog().tables()) {
            QualifiedName name = QualifiedName.of(table.name());
            if (name.inSchema(QualifiedName.MAIN) || name.inSchema(temporarySchema)) {
                names.add(name.name());
            }
        }
        for (ViewDefinition view : database.catalog().views()) {
            QualifiedName name = QualifiedName.of(view.name());
            if (name.inSchema(QualifiedName.MAIN) || name.inSchema(temporarySchema)) {
                names.add(name.name());
            }
        }
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return QueryResult.ofLines("name", names, database.newQueryAllocator("name"));
    }

    /** {@code SHOW TABLES FROM alias}: the tables of every schema of an attached database, by name. */
    QueryResult showAttachedTables(SqlIdentifier alias) {
        AttachedDatabase attached = database.catalog()
                .attached(alias.getSimple())
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.UNKNOWN_TABLE,
                        "no database is attached as " + alias.getSimple(),
                        alias.getParserPosition().getLineNum(),
                        alias.getParserPosition().getColumnNum(),
                        null));
        return QueryResult.ofLines("name", attached.tableNames(), database.newQueryAllocator("name"));
    }

    /** {@code SHOW DATABASES}: Quiver's own ({@value #MAIN_DATABASE}, as DuckDB calls its) and the attached ones. */
    QueryResult showDatabases() {
        List<String> names = new ArrayList<>();
        names.add(MAIN_DATABASE);
        names.addAll(attachedAliases());
        return QueryResult.ofLines("database_name", names, database.newQueryAllocator("database_name"));
    }
}
