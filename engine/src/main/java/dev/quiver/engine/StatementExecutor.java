package dev.quiver.engine;

import dev.quiver.engine.catalog.SearchPath;
import dev.quiver.engine.catalog.Transaction;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.function.StatementTime;
import dev.quiver.engine.function.TransactionId;
import dev.quiver.engine.sql.OrderDefaults;
import dev.quiver.engine.sql.SqlParameters;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlAlterTable;
import dev.quiver.engine.sql.ddl.SqlAttach;
import dev.quiver.engine.sql.ddl.SqlCopy;
import dev.quiver.engine.sql.ddl.SqlCreateFunction;
import dev.quiver.engine.sql.ddl.SqlCreateSchema;
import dev.quiver.engine.sql.ddl.SqlCreateSequence;
import dev.quiver.engine.sql.ddl.SqlCreateTable;
import dev.quiver.engine.sql.ddl.SqlCreateView;
import dev.quiver.engine.sql.ddl.SqlDataChange;
import dev.quiver.engine.sql.ddl.SqlDescribe;
import dev.quiver.engine.sql.ddl.SqlDetach;
import dev.quiver.engine.sql.ddl.SqlDropFunction;
import dev.quiver.engine.sql.ddl.SqlDropSchema;
import dev.quiver.engine.sql.ddl.SqlDropSequence;
import dev.quiver.engine.sql.ddl.SqlDropTable;
import dev.quiver.engine.sql.ddl.SqlDropView;
import dev.quiver.engine.sql.ddl.SqlExplainAnalyze;
import dev.quiver.engine.sql.ddl.SqlMacroCommand;
import dev.quiver.engine.sql.ddl.SqlPreparedCommand;
import dev.quiver.engine.sql.ddl.SqlShow;
import dev.quiver.engine.sql.ddl.SqlTransactionStatement;
import dev.quiver.engine.sql.ddl.SqlTruncateTable;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Runs parsed statements against a database: dispatches each statement kind to the class that
 * handles its family — {@link QueryStatements} (queries, EXPLAIN), {@link TableStatements} (table DDL,
 * INSERT, CALL tpch), {@link DataChangeStatements} (UPDATE, DELETE, TRUNCATE),
 * {@link TransactionStatements} (BEGIN, COMMIT, ROLLBACK), {@link CopyStatements} (COPY),
 * {@link DatabaseStatements} (ATTACH,
 * DETACH, SHOW), {@link DescribeStatements} (DESCRIBE, SUMMARIZE, SHOW ALL TABLES), {@link
 * FunctionStatements} (CREATE/DROP/SHOW FUNCTIONS), {@link SchemaStatements} and {@link
 * SequenceStatements}. One executor per session.
 */
final class StatementExecutor {
    private final QueryStatements queries;
    private final TableStatements tables;
    private final DatabaseStatements databases;
    private final FunctionStatements functions;
    private final DataChangeStatements changes;
    private final ExtendedDataChanges extendedChanges;
    private final AlterTableStatements alterations;
    private final TransactionStatements transactions;
    private final Quiver database;

    private final SessionSettings settings;
    private final ViewStatements views;
    private final CopyStatements copies;
    private final MacroStatements macros;
    private final SchemaStatements schemas;
    private final SequenceStatements sequences;
    private final DescribeStatements descriptions;

    /** SQL prepared statements by lower-case name, shared with the session's siblings. */
    private final Map<String, PreparedQuery> preparedStatements;

    StatementExecutor(
            Quiver database,
            TransactionStatements transactions,
            Map<String, PreparedQuery> preparedStatements,
            SearchPath names) {
        this.database = database;
        this.preparedStatements = preparedStatements;
        this.settings = new SessionSettings(database.config(), database.globalSettings());
        this.queries = new QueryStatements(database, settings, names);
        this.tables = new TableStatements(database, queries);
        this.databases = new DatabaseStatements(database);
        this.functions = new FunctionStatements(database);
        this.changes = new DataChangeStatements(tables, queries);
        this.extendedChanges = new ExtendedDataChanges(database, tables, changes, queries);
        this.alterations = new AlterTableStatements(database, tables, queries);
        this.transactions = transactions;
        this.views = new ViewStatements(database, queries);
        this.copies = new CopyStatements(database, tables, queries);
        this.macros = new MacroStatements(database, names);
        this.schemas = new SchemaStatements(database);
        this.sequences = new SequenceStatements(database, names);
        this.descriptions = new DescribeStatements(database, queries);
    }

    /** The session's transaction control (BEGIN/COMMIT/ROLLBACK, JDBC auto-commit). */
    TransactionStatements transactions() {
        return transactions;
    }

    /** The statements SQL's PREPARE made, by lower-case name. */
    Map<String, PreparedQuery> preparedStatements() {
        return preparedStatements;
    }

    /** Re-creates a stored function while the database opens (it is stored already). */
    void replayFunction(SqlCreateFunction create) {
        functions.create(create, queries.planner(), true);
    }

    /** Re-creates a stored macro while the database opens (it is stored already). */
    void replayMacro(SqlMacroCommand create) {
        macros.run(create, true);
    }

    /** Re-creates a stored view while the database opens (it is stored already). */
    void replayView(SqlCreateView create) {
        views.create(create, true);
    }

    /** Called as each call of the session starts (see {@link QueryStatements#callStarts}). */
    void callStarts() {
        queries.callStarts();
    }

    /**
     * Runs one statement; CANCELLED at once if the session's call was cancelled before it began.
     * Inside an explicit transaction it reads and changes that transaction; otherwise in one of its
     * own, committed when it returns (nothing is committed when it fails).
     */
    QueryResult run(SqlNode parsed) {
        queries.checkNotCancelled();
        if (parsed instanceof SqlPreparedCommand command) {
            return runPreparedCommand(command);
        }
        SqlNode inlined = SettingFunctions.inline(listingsInlined(parsed), settings);
        return withTimeout(() -> runInTransaction(inlined));
    }

    /**
     * Runs a prepared query with {@code values} as {@link #run} runs a statement: its cached plan
     * when what it was planned against is unchanged, else a new plan.
     */
    QueryResult runPrepared(PreparedQuery prepared, List<?> values) {
        queries.checkNotCancelled();
        return withTimeout(() -> inTransaction(prepared, transaction -> {
            PreparedQuery.Bound bound = bind(prepared, values);
            return queries.query(bound.plan(), bound.parameters());
        }));
    }

    /** The plan of a prepared query for {@code values}, reading the tables as the running statement does. */
    private PreparedQuery.Bound bind(PreparedQuery prepared, List<?> values) {
        return prepared.bind(
                values,
                database.catalog().schemaVersion(),
                settings.fingerprint(),
                queries.tableLookup(),
                statement -> queries.planner().plan(SettingFunctions.inline(listingsInlined(statement), settings)));
    }

    /** {@code statement} with the catalog's listings (duckdb_functions(), duckdb_tables(), …) inlined. */
    private SqlNode listingsInlined(SqlNode statement) {
        String temporarySchema = queries.names().temporarySchema();
        return CatalogListing.inline(
                FunctionListing.inline(statement, database.catalog(), temporarySchema),
                database.catalog(),
                temporarySchema);
    }

    /** PREPARE, EXECUTE or DEALLOCATE of a statement prepared in SQL (DuckDB's syntax). */
    private QueryResult runPreparedCommand(SqlPreparedCommand command) {
        String name = command.name().toLowerCase(Locale.ROOT);
        switch (command.action()) {
            case PREPARE -> preparedStatements.put(name, new PreparedQuery(command.statement()));
            case DEALLOCATE -> preparedStatements.remove(name);
            case EXECUTE -> {
                PreparedQuery prepared = preparedStatements.get(name);
                if (prepared == null) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "Prepared statement \"" + command.name() + "\" does not exist; PREPARE " + command.name()
                                    + " AS … first",
                            command.getParserPosition().getLineNum(),
                            command.getParserPosition().getColumnNum(),
                            null);
                }
                List<Object> values = argumentValues(command.arguments());
                return prepared.isQuery()
                        ? runPrepared(prepared, values)
                        : run(SqlParameters.bind(SqlParsing.parseStatement(prepared.sql()), values));
            }
        }
        return QueryResult.ofUpdateCount(0);
    }

    /**
     * The values of EXECUTE's arguments: literals read directly (no query planned for them), any
     * other expression computed by one SELECT of them all.
     */
    private List<Object> argumentValues(SqlNodeList arguments) {
        List<Object> values = new ArrayList<>(arguments.size());
        for (SqlNode argument : arguments) {
            if (!SqlParameters.isPlainLiteral(argument)) {
                SqlSelect select = new SqlSelect(
                        SqlParserPos.ZERO, null, arguments, null, null, null, null, null, null, null, null, null, null);
                try (QueryResult result = run(select)) {
                    return new ArrayList<>(result.rows().getFirst());
                }
            }
            values.add(SqlParameters.literalValue(argument));
        }
        return values;
    }

    /** Runs {@code statement}, cancelling it (CANCELLED, saying why) when it outlives statement_timeout. */
    private QueryResult withTimeout(Supplier<QueryResult> statement) {
        long timeout = settings.statementTimeoutMillis();
        if (timeout <= 0) {
            return statement.get();
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timer = SettingFunctions.TIMER.schedule(
                () -> {
                    timedOut.set(true);
                    queries.cancel();
                },
                timeout,
                TimeUnit.MILLISECONDS);
        try {
            return statement.get();
        } catch (QuiverException e) {
            if (e.code() == ErrorCode.CANCELLED && timedOut.get()) {
                throw new QuiverException(
                        ErrorCode.CANCELLED,
                        "statement cancelled: it ran longer than statement_timeout (" + timeout + " ms)",
                        e);
            }
            throw e;
        } finally {
            timer.cancel(false);
            if (timedOut.get()) {
                queries.clearCancel(); // the timeout stopped this statement, not the ones after it
            }
        }
    }

    private QueryResult runInTransaction(SqlNode statement) {
        if (statement instanceof SqlTransactionStatement control) {
            return transactions.run(control);
        }
        return inTransaction(
                statement, transaction -> dispatch(statement, transaction.transaction(), transaction.explicit()));
    }

    /** The transaction a statement runs in, and whether it is the session's (BEGIN) rather than its own. */
    private record StatementTransaction(Transaction transaction, boolean explicit) {}

    /**
     * Runs {@code body} inside the session's explicit transaction (a failure marks it failed) or in
     * one of its own, committed when it returns (nothing is committed when it fails); the planner
     * reads the tables as that transaction sees them. {@code statement} is refused inside an explicit
     * transaction when it changes the catalog (a prepared query never does).
     */
    private QueryResult inTransaction(Object statement, Function<StatementTransaction, QueryResult> body) {
        Transaction explicit = transactions.forStatement();
        if (explicit != null) {
            queries.readFrom(explicit);
            try {
                if (statement instanceof SqlNode node) {
                    refuseInTransaction(node);
                }
                return ScopedValue.where(TransactionId.CURRENT, explicit.id())
                        .call(() -> body.apply(new StatementTransaction(explicit, true)));
            } catch (RuntimeException | AssertionError e) {
                transactions.failed();
                throw e;
            } finally {
                queries.readFrom(null);
            }
        }
        try (Transaction own = database.catalog().begin()) {
            queries.readFrom(own);
            QueryResult result = ScopedValue.where(TransactionId.CURRENT, own.id())
                    .call(() -> body.apply(new StatementTransaction(own, false)));
            if (own.hasChanges()) {
                try {
                    own.commit(database.store());
                } catch (RuntimeException e) {
                    result.close();
                    throw e;
                }
            }
            return result;
        } finally {
            queries.readFrom(null);
        }
    }

    /**
     * Catalog changes commit on their own, at once: inside a transaction they would escape its
     * rollback, so they are refused there (for now).
     */
    private static void refuseInTransaction(SqlNode statement) {
        boolean catalogChange = statement instanceof SqlCreateView
                || statement instanceof SqlDropView
                || statement instanceof SqlCreateFunction
                || statement instanceof SqlDropFunction
                || statement instanceof SqlMacroCommand
                || statement instanceof SqlCreateSchema
                || statement instanceof SqlDropSchema
                || statement instanceof SqlCreateSequence
                || statement instanceof SqlDropSequence
                || statement instanceof SqlAttach
                || statement instanceof SqlDetach
                || statement instanceof SqlAlterTable alter && alter.action() == SqlAlterTable.Action.RENAME_TABLE
                || statement.getKind() == SqlKind.PROCEDURE_CALL;
        if (catalogChange) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    (statement instanceof SqlMacroCommand macro
                                    ? macro.action() + " MACRO"
                                    : statement instanceof SqlAlterTable
                                            ? "ALTER TABLE ... RENAME TO"
                                            : statement
                                                    .getKind()
                                                    .lowerName
                                                    .replace('_', ' ')
                                                    .toUpperCase(Locale.ROOT))
                            + " inside a transaction is not supported yet; COMMIT or ROLLBACK first",
                    statement.getParserPosition().getLineNum(),
                    statement.getParserPosition().getColumnNum(),
                    null);
        }
    }

    /** {@code explicit}: the transaction is the session's (BEGIN), not the statement's own. */
    private QueryResult dispatch(SqlNode statement, Transaction transaction, boolean explicit) {
        if (statement.isA(SqlKind.QUERY)) {
            return queries.query(queries.planner().plan(statement));
        }
        return switch (statement) {
            case SqlInsert insert -> tables.insert(queries.planner().planInsert(insert), transaction);
            case SqlDelete delete -> changes.delete(delete, transaction);
            case SqlUpdate update -> changes.update(update, transaction);
            case SqlTruncateTable truncate -> changes.truncate(truncate, transaction);
            case SqlCopy copy -> copies.copy(copy, transaction);
            case SqlDataChange change -> extendedChanges.run(change, transaction);
            case SqlAlterTable alter -> alterations.alter(alter, transaction);
            case SqlCreateView create -> views.create(create, false);
            case SqlDropView drop -> views.drop(drop);
            case SqlCreateSchema create -> schemas.create(create);
            case SqlDropSchema drop -> schemas.drop(drop);
            case SqlCreateSequence create -> sequences.create(create);
            case SqlDropSequence drop -> sequences.drop(drop);
            case SqlExplainAnalyze analyze -> queries.explainAnalyze(analyze.getExplicandum());
            case SqlExplain explain -> queries.explain(explain.getExplicandum());
            case SqlCreateTable create -> tables.createTable(create, explicit ? transaction : null);
            case SqlDropTable drop -> tables.dropTable(drop, explicit ? transaction : null);
            case SqlShow show
            when show.what() == SqlShow.What.TABLES && show.database() != null ->
                databases.showAttachedTables(show.database());
            case SqlShow show
            when show.what() == SqlShow.What.TABLES ->
                databases.showTables(queries.names().temporarySchema());
            case SqlShow show
            when show.what() == SqlShow.What.ALL_TABLES ->
                descriptions.showAllTables(queries.names().temporarySchema());
            case SqlDescribe describe -> descriptions.run(describe);
            case SqlShow show when show.what() == SqlShow.What.FUNCTIONS -> functions.show(show.database());
            case SqlCreateFunction create -> functions.create(create, queries.planner(), false);
            case SqlDropFunction drop -> functions.drop(drop);
            case SqlMacroCommand macro -> macros.run(macro, false);
            case SqlShow show when show.what() == SqlShow.What.DATABASES -> databases.showDatabases();
            case SqlAttach attach -> databases.attach(attach);
            case SqlDetach detach -> databases.detach(detach);
            case SqlCall call when call.getKind() == SqlKind.PROCEDURE_CALL -> tables.procedure(call.operand(0));
            case SqlSetOption option when PythonPathSetting.isFor(option) -> PythonPathSetting.run(option, database);
            case SqlSetOption option -> settings.run(option);
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
            return streamQuery(() -> new PreparedQuery.Bound(queries.planner().plan(statement), List.of()), threads);
        }
        return QueryStream.of(run(statement));
    }

    /**
     * Starts a prepared query as a stream (see {@link #stream}), on its cached plan when what it was
     * planned against is unchanged (see {@link #runPrepared}).
     */
    QueryStream streamPrepared(PreparedQuery prepared, List<?> values, PipelineExecutor threads) {
        queries.checkNotCancelled();
        return streamQuery(() -> bind(prepared, values), threads);
    }

    /**
     * Plans a query as the session's transaction (BEGIN) sees the tables — so it reads its own
     * changes — else over a snapshot of the committed ones, and starts it as a stream; the stream
     * keeps the table versions it scans until it closes, whatever commits meanwhile.
     */
    private QueryStream streamQuery(Supplier<PreparedQuery.Bound> planner, PipelineExecutor threads) {
        Transaction explicit = transactions.forStatement();
        try (Transaction snapshot = explicit == null ? database.catalog().begin() : null) {
            queries.readFrom(explicit != null ? explicit : snapshot);
            PreparedQuery.Bound bound = planner.get();
            return queries.stream(bound.plan(), bound.parameters(), threads);
        } finally {
            queries.readFrom(null);
        }
    }

    /**
     * The columns {@code statement} returns, without running it: a query's planned columns; SHOW and
     * EXPLAIN (which change nothing) run to tell; other statements return none.
     */
    List<Field> resultFields(SqlNode statement) {
        if (statement.isA(SqlKind.QUERY)) {
            return queries.planner().plan(statement).fields();
        }
        if (statement instanceof SqlExplainAnalyze) { // runs the query: tell its one column without running it
            return List.of(new Field("explain", FieldType.nullable(ArrowType.Utf8.INSTANCE), null));
        }
        if (statement instanceof SqlExplain || statement instanceof SqlShow || statement instanceof SqlDescribe) {
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

    /**
     * The time zone (the session's TimeZone) and start instant of a statement starting now: inside
     * an explicit transaction the transaction's start, as DuckDB's now() is.
     */
    StatementTime statementTime() {
        Long transactionStart = transactions.startMicros();
        return transactionStart == null
                ? StatementTime.startingNow(settings.timeZone())
                : new StatementTime(settings.timeZone(), transactionStart);
    }

    /** Whether the session's DOUBLE functions follow IEEE 754 (the {@code ieee_floating_point_ops} setting). */
    boolean ieeeFloatingPointOps() {
        return settings.ieeeFloatingPointOps();
    }

    /** The session's default_order and default_null_order. */
    OrderDefaults orderDefaults() {
        return settings.orderDefaults();
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
