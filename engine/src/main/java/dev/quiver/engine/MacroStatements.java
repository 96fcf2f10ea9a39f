package dev.quiver.engine;

import dev.quiver.engine.catalog.MacroCatalog;
import dev.quiver.engine.catalog.MacroDefinition;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.SearchPath;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.ddl.SqlMacroCommand;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE MACRO} and {@code DROP MACRO}: SQL macros in the database's catalog. Macros other
 * than TEMP ones are written to the database's store with their CREATE text (beside the Python
 * functions, kind {@code macro}) and replayed when a database opens. Expansion is the planner's
 * ({@code plan/MacroExpansion}).
 */
final class MacroStatements {
    /** The kind a stored macro has among the store's functions. */
    static final String STORED_KIND = "macro";

    private final Quiver database;
    private final SearchPath names;

    MacroStatements(Quiver database, SearchPath names) {
        this.database = database;
        this.names = names;
    }

    /** @param replaying true while a database opens: the macro is stored already */
    QueryResult run(SqlMacroCommand command, boolean replaying) {
        return command.action() == SqlMacroCommand.Action.CREATE ? create(command, replaying) : drop(command);
    }

    private QueryResult create(SqlMacroCommand create, boolean replaying) {
        MacroCatalog macros = database.catalog().macros();
        String name = internalName(create, create.temporary());
        boolean temporary = QualifiedName.of(name).temporary();
        if (!temporary && database.catalog().functions().function(name).isPresent()) {
            throw error(
                    ErrorCode.FUNCTION_EXISTS,
                    "a Python function named " + name + " exists; a macro cannot take its name",
                    create);
        }
        if (macros.macro(name).isPresent() && !create.replace()) {
            if (create.ifExists()) {
                return QueryResult.ofUpdateCount(0);
            }
            throw error(
                    ErrorCode.FUNCTION_EXISTS,
                    "Macro Function with name \"" + QualifiedName.of(name).name()
                            + "\" already exists! (CREATE OR REPLACE MACRO replaces it)",
                    create);
        }
        MacroDefinition macro = new MacroDefinition(
                name,
                create.parameters(),
                create.types(),
                create.defaults(),
                create.body(),
                create.table(),
                create.temporary(),
                create.text());
        synchronized (database.store()) {
            if (!replaying && !create.temporary()) {
                database.store().saveFunction(name, STORED_KIND, create.text());
            }
            macros.put(macro);
        }
        return QueryResult.ofUpdateCount(0);
    }

    private QueryResult drop(SqlMacroCommand drop) {
        MacroCatalog macros = database.catalog().macros();
        MacroDefinition macro = QualifiedName.of(drop.name()).inSchema(QualifiedName.MAIN)
                ? macros.visible(drop.name(), names.temporarySchema()).orElse(null)
                : macros.macro(internalName(drop, false)).orElse(null);
        if (macro == null || (drop.table() && !macro.table())) {
            if (drop.ifExists()) {
                return QueryResult.ofUpdateCount(0);
            }
            throw error(
                    ErrorCode.UNKNOWN_FUNCTION,
                    (drop.table() ? "Table Macro Function" : "Macro Function") + " with name "
                            + QualifiedName.of(drop.name()).name()
                            + " does not exist!",
                    drop);
        }
        synchronized (database.store()) {
            if (!macro.temporary()) {
                database.store().dropFunction(macro.name());
            }
            macros.drop(macro.name());
        }
        return QueryResult.ofUpdateCount(0);
    }

    /**
     * The internal name of the macro {@code command} names ({@code m}, or {@code s.m} in a schema):
     * in the connection's TEMP schema when {@code temporary} or written {@code temp.m}.
     */
    private String internalName(SqlMacroCommand command, boolean temporary) {
        QualifiedName written = QualifiedName.of(command.name());
        if (temporary || written.inSchema(QualifiedName.TEMP)) {
            if (!written.inSchema(QualifiedName.MAIN) && !written.inSchema(QualifiedName.TEMP)) {
                throw error(
                        ErrorCode.INVALID_QUERY,
                        "TEMP objects belong to schema temp; " + command.name() + " cannot be TEMP",
                        command);
            }
            return names.temporarySchema() + "." + written.name();
        }
        if (written.inSchema(QualifiedName.MAIN)) {
            return written.name();
        }
        String schema = database.catalog()
                .schema(written.schema())
                .orElseThrow(() -> error(
                        ErrorCode.UNKNOWN_SCHEMA,
                        "Schema with name " + written.schema() + " does not exist!",
                        command));
        return schema + "." + written.name();
    }

    private static QuiverException error(ErrorCode code, String message, SqlMacroCommand command) {
        SqlParserPos pos = command.getParserPosition();
        return new QuiverException(code, message, pos.getLineNum(), pos.getColumnNum(), null);
    }
}
