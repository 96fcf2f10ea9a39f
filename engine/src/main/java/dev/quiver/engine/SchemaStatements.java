package dev.quiver.engine;

import dev.quiver.engine.catalog.Catalog;
import dev.quiver.engine.catalog.MacroDefinition;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.Sequence;
import dev.quiver.engine.catalog.ViewDefinition;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.ddl.SqlCreateSchema;
import dev.quiver.engine.sql.ddl.SqlDropSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE SCHEMA} and {@code DROP SCHEMA [CASCADE | RESTRICT]}. A schema is a namespace for
 * tables, views and sequences ({@code s.t}); {@code main} always exists and is where unqualified
 * names go. In a database file a schema is a DuckDB schema of that name, holding its tables.
 */
final class SchemaStatements {
    /** Names CREATE SCHEMA refuses: they exist already, or {@code temp} names the TEMP objects. */
    private static final Set<String> BUILT_IN = Set.of("main", "temp", "pg_catalog", "information_schema");

    private final Quiver database;

    SchemaStatements(Quiver database) {
        this.database = database;
    }

    QueryResult create(SqlCreateSchema create) {
        String name = schemaName(create.name());
        Catalog catalog = database.catalog();
        if (name.indexOf('.') >= 0 || name.indexOf('~') >= 0) {
            throw positioned(
                    ErrorCode.INVALID_QUERY,
                    "schema names with '.' or '~' in them (\"" + name + "\") are not supported; choose another name",
                    create.name());
        }
        boolean exists = BUILT_IN.contains(name.toLowerCase(Locale.ROOT))
                || catalog.schema(name).isPresent();
        if (exists && name.equalsIgnoreCase(QualifiedName.TEMP) && !create.ifNotExists()) {
            throw positioned(
                    ErrorCode.INVALID_QUERY,
                    "the schema name temp is reserved: temp.x names the connection's TEMP objects",
                    create.name());
        }
        if (exists) {
            if (create.ifNotExists()) {
                return QueryResult.ofUpdateCount(0);
            }
            throw positioned(
                    ErrorCode.TABLE_EXISTS, "Schema with name \"" + name + "\" already exists!", create.name());
        }
        synchronized (database.store()) {
            if (catalog.schema(name).isPresent()) { // created meanwhile by another session
                if (create.ifNotExists()) {
                    return QueryResult.ofUpdateCount(0);
                }
                throw positioned(
                        ErrorCode.TABLE_EXISTS, "Schema with name \"" + name + "\" already exists!", create.name());
            }
            database.store().createSchema(name);
            catalog.createSchema(name);
        }
        return QueryResult.ofUpdateCount(0);
    }

    QueryResult drop(SqlDropSchema drop) {
        String name = schemaName(drop.name());
        Catalog catalog = database.catalog();
        if (BUILT_IN.contains(name.toLowerCase(Locale.ROOT))) {
            throw positioned(
                    ErrorCode.INVALID_QUERY,
                    "Cannot drop entry \"" + name + "\" because it is an internal system entry",
                    drop.name());
        }
        synchronized (database.store()) {
            String schema = catalog.schema(name).orElse(null);
            if (schema == null) {
                if (drop.ifExists()) {
                    return QueryResult.ofUpdateCount(0);
                }
                throw positioned(
                        ErrorCode.UNKNOWN_SCHEMA, "Schema with name " + name + " does not exist!", drop.name());
            }
            Catalog.SchemaContents contents = catalog.contentsOf(schema);
            if (!contents.isEmpty() && !drop.cascade()) {
                List<String> dependents = new ArrayList<>();
                contents.tables().forEach(table -> dependents.add(dependent("table", table.name())));
                contents.views().forEach(view -> dependents.add(dependent("view", view.name())));
                contents.sequences().forEach(sequence -> dependents.add(dependent("sequence", sequence.name())));
                contents.macros().forEach(macro -> dependents.add(dependent("macro", macro.name())));
                throw dependencyError(name, "schema", dependents, drop.name());
            }
            for (ViewDefinition view : contents.views()) {
                database.store().dropView(view.name());
                catalog.dropView(view.name());
            }
            for (MemoryTable table : contents.tables()) {
                database.store().dropTable(table.name());
                catalog.drop(table.name());
            }
            for (Sequence sequence : contents.sequences()) {
                database.store().dropSequence(sequence.name());
                catalog.dropSequence(sequence.name());
            }
            for (MacroDefinition macro : contents.macros()) {
                database.store().dropFunction(macro.name());
                catalog.macros().drop(macro.name());
            }
            database.store().dropSchema(schema);
            catalog.dropSchema(schema);
        }
        return QueryResult.ofUpdateCount(0);
    }

    /** How a dependency error names an object: {@code table "t"}. */
    static String dependent(String kind, String internalName) {
        return kind + " \"" + QualifiedName.of(internalName).name() + "\"";
    }

    /**
     * DuckDB's error for a DROP without CASCADE of an object that others depend on: it names each
     * of them and says how to drop them all.
     */
    static QuiverException dependencyError(String entry, String kind, List<String> dependents, SqlIdentifier position) {
        StringBuilder message = new StringBuilder(
                "Dependency Error: Cannot drop entry \"" + entry + "\" because there are entries that depend on it.");
        for (String dependent : dependents) {
            message.append('\n')
                    .append(dependent)
                    .append(" depends on ")
                    .append(kind)
                    .append(" \"")
                    .append(entry)
                    .append("\".");
        }
        message.append("\nUse DROP...CASCADE to drop all dependents.");
        return positioned(ErrorCode.DEPENDENT_OBJECTS, message.toString(), position);
    }

    private static String schemaName(SqlIdentifier name) {
        if (!name.isSimple()) {
            throw positioned(
                    ErrorCode.UNSUPPORTED,
                    "schemas of other databases (" + name + ") cannot be created or dropped",
                    name);
        }
        return name.getSimple();
    }

    private static QuiverException positioned(ErrorCode code, String message, SqlIdentifier name) {
        SqlParserPos pos = name.getParserPosition();
        return new QuiverException(code, message, pos.getLineNum(), pos.getColumnNum(), null);
    }
}
