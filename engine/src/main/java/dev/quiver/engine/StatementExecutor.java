package dev.quiver.engine;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.sql.ddl.SqlAttach;
import dev.quiver.engine.sql.ddl.SqlCreateFunction;
import dev.quiver.engine.sql.ddl.SqlCreateTable;
import dev.quiver.engine.sql.ddl.SqlDetach;
import dev.quiver.engine.sql.ddl.SqlDropFunction;
import dev.quiver.engine.sql.ddl.SqlDropTable;
import dev.quiver.engine.sql.ddl.SqlShow;
import dev.quiver.engine.type.TypeMapping;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Runs parsed statements against a database: dispatches each statement kind to the class that
 * handles its family — {@link QueryStatements} (queries, EXPLAIN), {@link TableStatements} (table DDL,
 * INSERT, CALL tpch), {@link DatabaseStatements} (ATTACH, DETACH, SHOW) and {@link FunctionStatements}
 * (CREATE/DROP/SHOW FUNCTIONS). One executor per session.
 */
final class StatementExecutor {
    private final QueryStatements queries;
    private final TableStatements tables;
    private final DatabaseStatements databases;
    private final FunctionStatements functions;

    StatementExecutor(Quiver database) {
        this.queries = new QueryStatements(database);
        this.tables = new TableStatements(database, queries);
        this.databases = new DatabaseStatements(database);
        this.functions = new FunctionStatements(database);
    }

    /** Re-creates a stored function while the database opens (it is stored already). */
    void replayFunction(SqlCreateFunction create) {
        functions.create(create, queries.planner(), true);
    }

    /** Called as each call of the session starts (see {@link QueryStatements#callStarts}). */
    void callStarts() {
        queries.callStarts();
    }

    /** Runs one statement; CANCELLED at once if the session's call was cancelled before it began. */
    QueryResult run(SqlNode statement) {
        queries.checkNotCancelled();
        if (statement.isA(SqlKind.QUERY)) {
            return queries.query(queries.planner().plan(statement));
        }
        return switch (statement) {
            case SqlInsert insert -> tables.insert(queries.planner().planInsert(insert));
            case SqlExplain explain -> queries.explain(explain.getExplicandum());
            case SqlCreateTable create -> tables.createTable(create);
            case SqlDropTable drop -> tables.dropTable(drop);
            case SqlShow show
            when show.what() == SqlShow.What.TABLES && show.database() != null ->
                databases.showAttachedTables(show.database());
            case SqlShow show when show.what() == SqlShow.What.TABLES -> databases.showTables();
            case SqlShow show when show.what() == SqlShow.What.FUNCTIONS -> functions.show(show.database());
            case SqlCreateFunction create -> functions.create(create, queries.planner(), false);
            case SqlDropFunction drop -> functions.drop(drop);
            case SqlShow show when show.what() == SqlShow.What.DATABASES -> databases.showDatabases();
            case SqlAttach attach -> databases.attach(attach);
            case SqlDetach detach -> databases.detach(detach);
            case SqlCall call when call.getKind() == SqlKind.PROCEDURE_CALL -> tables.procedure(call.operand(0));
            case SqlSetOption option ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        (option.getValue() == null ? "RESET" : "SET") + " statements are not supported yet");
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        statement.getKind().lowerName.replace('_', ' ').toUpperCase(Locale.ROOT)
                                + " statements are not supported yet");
        };
    }

    /** Starts a query as a stream read while it runs; runs any other statement and wraps its outcome. */
    QueryStream stream(SqlNode statement, PipelineExecutor threads) {
        queries.checkNotCancelled();
        if (statement.isA(SqlKind.QUERY)) {
            return queries.stream(queries.planner().plan(statement), threads);
        }
        return QueryStream.of(run(statement));
    }

    /**
     * The columns {@code statement} returns, without running it: a query's planned columns; SHOW and
     * EXPLAIN (which change nothing) run to tell; other statements return none.
     */
    List<Field> resultFields(SqlNode statement) {
        if (statement.isA(SqlKind.QUERY)) {
            return queries.planner().plan(statement).fields();
        }
        if (statement instanceof SqlExplain || statement instanceof SqlShow) {
            try (QueryResult result = run(statement)) {
                return result.fields();
            }
        }
        return List.of();
    }

    /** The inferred type of each parameter of {@code statement} (see {@link Session#parameterTypes}). */
    List<SqlTypeName> parameterTypes(SqlNode statement) {
        return queries.planner().parameterTypes(statement);
    }

    /** The Arrow type of each parameter of {@code statement}, null where unknown (see {@link Session#parameterArrowTypes}). */
    List<ArrowType> parameterArrowTypes(SqlNode statement) {
        return queries.planner().parameterRelTypes(statement).stream()
                .map(type -> type == null ? null : TypeMapping.toArrow(type))
                .toList();
    }

    /** Cancels the running query, if any; it fails with CANCELLED. Any thread. */
    void cancel() {
        queries.cancel();
    }

    /** Rows scanned and rows to scan by the running query, or null when none runs. Any thread. */
    long[] progress() {
        return queries.progress();
    }
}
