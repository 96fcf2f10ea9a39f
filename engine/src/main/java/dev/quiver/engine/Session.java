package dev.quiver.engine;

import dev.quiver.engine.catalog.SearchPath;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.RandomSource;
import dev.quiver.engine.exec.expr.SequenceSource;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.function.FloatingPointMode;
import dev.quiver.engine.function.StatementText;
import dev.quiver.engine.function.StatementTime;
import dev.quiver.engine.sql.OrderDefaults;
import dev.quiver.engine.sql.SqlParameters;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlCreateFunction;
import dev.quiver.engine.sql.ddl.SqlCreateView;
import dev.quiver.engine.sql.ddl.SqlMacroCommand;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One client's conversation with a database: runs SQL statements one at a time. Not thread-safe,
 * except {@link #cancel} and {@link #progress}, which other threads call while a statement runs.
 */
public final class Session implements AutoCloseable {
    private final Quiver database;
    private final StatementExecutor executor;
    private final RandomSource random = new RandomSource();
    /** Whether closing this session rolls back its transaction (false for a {@link #sibling}). */
    private final boolean ownsTransaction;

    /** How the connection names objects; its TEMP objects live as long as the connection. */
    private final SearchPath names;

    Session(Quiver database) {
        this(
                database,
                new TransactionStatements(database),
                new ConcurrentHashMap<>(),
                new SearchPath(database.catalog()),
                true);
    }

    private Session(
            Quiver database,
            TransactionStatements transactions,
            Map<String, PreparedQuery> preparedStatements,
            SearchPath names,
            boolean ownsTransaction) {
        this.database = database;
        this.names = names;
        this.executor = new StatementExecutor(database, transactions, preparedStatements, names);
        this.ownsTransaction = ownsTransaction;
    }

    /**
     * A new session of the same database that shares this session's transaction (BEGIN in one is
     * seen by the other), its TEMP objects and its SQL prepared statements ({@code PREPARE name AS …}), as the JDBC
     * statements of one connection do; cancel and progress stay its own. Closing it leaves the
     * transaction open.
     */
    public Session sibling() {
        return new Session(database, executor.transactions(), executor.preparedStatements(), names, false);
    }

    public Quiver database() {
        return database;
    }

    /**
     * Runs one SQL statement.
     *
     * @throws QuiverException with the error code, and the line and column for errors in the text
     */
    public QueryResult execute(String sql) {
        return execute(sql, List.of());
    }

    /**
     * Runs one SQL statement whose {@code ?} parameters take {@code parameters}' values, in order
     * (see {@link SqlParameters} for the value types). Values become typed literals in the parsed
     * statement, never SQL text.
     *
     * @throws QuiverException INVALID_ARGUMENT when the number of values is not the number of parameters
     */
    public QueryResult execute(String sql, List<?> parameters) {
        executor.callStarts();
        return run(sql, SqlParameters.bind(SqlParsing.parseStatement(sql), parameters));
    }

    /**
     * Prepares one statement to run many times ({@link #execute(PreparedQuery, List)}): a query is
     * planned on its first execution and its plan reused while the catalog, the settings and the
     * tables it reads are unchanged, its {@code ?} parameters taking each execution's values.
     *
     * @throws QuiverException SYNTAX_ERROR when the statement does not parse
     */
    public PreparedQuery prepare(String sql) {
        return guarded(sql, () -> new PreparedQuery(sql));
    }

    /**
     * Runs a statement of {@link #prepare} with {@code parameters}' values (the value types of
     * {@link #execute(String, List)}): a query reuses a plan made for values of the same types when
     * nothing it depends on changed; other statements run as {@link #execute(String, List)} runs them.
     *
     * @throws QuiverException INVALID_ARGUMENT when the number of values is not the number of parameters
     */
    public QueryResult execute(PreparedQuery statement, List<?> parameters) {
        if (!statement.isQuery()) {
            return execute(statement.sql(), parameters);
        }
        executor.callStarts();
        return guarded(statement.sql(), () -> executor.runPrepared(statement, parameters));
    }

    /**
     * Runs one statement as {@link #execute(String, List)} does, but a query's rows are read while it
     * runs, on {@code threads}, as far ahead of the reader as a few batches (a server streaming to
     * a slow client); the stream is independent of this session once returned. Other statements
     * run at once and the stream carries their outcome.
     *
     * @throws QuiverException as {@link #execute(String, List)}; a query's run-time errors come from
     *     {@link QueryStream#next}
     */
    public QueryStream stream(String sql, List<?> parameters, PipelineExecutor threads) {
        executor.callStarts();
        SqlNode statement = SqlParameters.bind(SqlParsing.parseStatement(sql), parameters);
        return guarded(sql, () -> executor.stream(statement, threads));
    }

    /**
     * Runs a statement of {@link #prepare} as {@link #stream(String, List, PipelineExecutor)} does: a
     * query on a plan reused as {@link #execute(PreparedQuery, List)} reuses it; other statements as
     * {@code stream} runs them.
     */
    public QueryStream stream(PreparedQuery statement, List<?> parameters, PipelineExecutor threads) {
        if (!statement.isQuery()) {
            return stream(statement.sql(), parameters, threads);
        }
        executor.callStarts();
        return guarded(statement.sql(), () -> executor.streamPrepared(statement, parameters, threads));
    }

    /**
     * The columns one statement returns, with {@code parameters} bound (typed NULLs will do), without
     * running a query: none for statements that return an update count.
     */
    public List<Field> resultFields(String sql, List<?> parameters) {
        SqlNode statement = SqlParameters.bind(SqlParsing.parseStatement(sql), parameters);
        return guarded(sql, () -> executor.resultFields(statement));
    }

    /**
     * Runs {@code INSERT INTO t … VALUES (?, …)} once for each row of parameter values as ONE insert of
     * all the rows (planned and run once, all or nothing); returns its result (the count of rows), or
     * null when {@code sql} is not a single-row VALUES insert (then run it once per row).
     */
    public QueryResult executeBatchInsert(String sql, List<? extends List<?>> rows) {
        executor.callStarts();
        return run(sql, SqlParameters.bindRows(sql, rows));
    }

    /**
     * The SQL type of each {@code ?} of one statement, in order, as the validator infers it from the
     * context (null where nothing fixes it, as in {@code SELECT ?}, and for statements other than
     * queries and INSERT).
     *
     * @throws QuiverException when the statement does not parse or is invalid
     */
    public List<SqlTypeName> parameterTypes(String sql) {
        return executor.parameterTypes(SqlParsing.parseStatement(sql));
    }

    /**
     * As {@link #parameterTypes}, as Arrow types with their precision and scale (a client binding
     * values as Arrow, as Flight SQL does): null where nothing fixes the type.
     */
    public List<ArrowType> parameterArrowTypes(String sql) {
        return executor.parameterArrowTypes(SqlParsing.parseStatement(sql));
    }

    /**
     * Runs statements separated by {@code ;} in order and returns the last one's result; stops at the
     * first failure (earlier statements stay done).
     */
    public QueryResult executeScript(String script) {
        QueryResult[] last = new QueryResult[1];
        executeScript(script, (statement, result) -> {
            if (last[0] != null) {
                last[0].close();
            }
            last[0] = result;
        });
        return last[0];
    }

    /**
     * Runs statements separated by {@code ;} in order, every one parsed before the first runs, and
     * hands each statement and its result to {@code each} as soon as it has run (a CLI prints it
     * then); {@code each} owns the result and closes it. Stops at the first failure (earlier
     * statements stay done).
     */
    public void executeScript(String script, BiConsumer<SqlNode, QueryResult> each) {
        executor.callStarts(); // a cancel between two of the statements stops the script
        List<SqlNode> statements = SqlParsing.parseScript(script);
        if (statements.isEmpty()) {
            throw new QuiverException(ErrorCode.SYNTAX_ERROR, "no SQL statement to run");
        }
        for (SqlNode statement : statements) {
            each.accept(statement, run(script, statement));
        }
    }

    /**
     * Re-runs a stored CREATE FUNCTION while the database opens: registers the function without
     * writing it to the store again.
     */
    void replay(String createFunctionSql) {
        SqlNode statement = SqlParsing.parseStatement(createFunctionSql);
        if (statement instanceof SqlMacroCommand macro) {
            executor.replayMacro(macro); // macros are stored beside the Python functions
            return;
        }
        if (!(statement instanceof SqlCreateFunction create)) {
            throw new QuiverException(
                    ErrorCode.INTERNAL, "stored function definition is not a CREATE FUNCTION: " + createFunctionSql);
        }
        executor.replayFunction(create);
    }

    /** Re-runs a stored CREATE VIEW while the database opens, without storing it again. */
    void replayView(String createViewSql) {
        SqlNode statement = SqlParsing.parseStatement(createViewSql);
        if (!(statement instanceof SqlCreateView create)) {
            throw new QuiverException(
                    ErrorCode.INTERNAL, "stored view definition is not a CREATE VIEW: " + createViewSql);
        }
        executor.replayView(create);
    }

    /** Runs one parsed statement; anything but a QuiverException escaping it is a bug, and says so. */
    private QueryResult run(String sql, SqlNode statement) {
        return guarded(sql, () -> executor.run(statement));
    }

    private <T> T guarded(String sql, Supplier<T> action) {
        try {
            // the statement's time zone and start instant, its text (current_query()), its floating
            // point mode (ieee_floating_point_ops), its sort defaults (default_order,
            // default_null_order) and the session's random() source (setseed), read while it is planned
            return ScopedValue.where(StatementTime.CURRENT, executor.statementTime())
                    .where(StatementText.CURRENT, sql)
                    .where(FloatingPointMode.CURRENT, executor.ieeeFloatingPointOps())
                    .where(OrderDefaults.CURRENT, executor.orderDefaults())
                    .where(RandomSource.CURRENT, random)
                    .where(SequenceSource.CURRENT, names)
                    .call(action::get);
        } catch (QuiverException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            throw QuiverException.internal(String.valueOf(e), e);
        }
    }

    /**
     * Cancels the statement this session is running (from another thread); it fails with
     * {@code CANCELLED} and frees its memory. Does nothing when no query runs.
     */
    public void cancel() {
        executor.cancel();
    }

    /**
     * How far the running query is: rows its table scans have read and will read in all, or null
     * when no query runs. From another thread, e.g. for a progress bar.
     */
    public long[] progress() {
        return executor.progress();
    }

    /**
     * Turns auto-commit off (each statement then joins a transaction that lasts until
     * {@link #commit} or {@link #rollback}, as JDBC has it) or on (which commits an open transaction).
     */
    public void setAutoCommit(boolean autoCommit) {
        executor.transactions().setAutoCommit(autoCommit);
    }

    /** Whether statements commit on their own (the default). */
    public boolean autoCommit() {
        return executor.transactions().autoCommit();
    }

    /**
     * Commits the open transaction, if any.
     *
     * @throws QuiverException SERIALIZATION_FAILURE when another session committed a conflicting
     *     change first; the transaction is rolled back and may be run again
     */
    public void commit() {
        executor.transactions().commit();
    }

    /** Rolls the open transaction back, if any. */
    public void rollback() {
        executor.transactions().rollback();
    }

    /** Whether a transaction is open (BEGIN, or a statement with auto-commit off). */
    public boolean inTransaction() {
        return executor.transactions().inTransaction();
    }

    /**
     * Rolls back an open transaction and drops the TEMP objects (unless this is a {@link #sibling},
     * which leaves both to the session it came from).
     */
    @Override
    public void close() {
        if (ownsTransaction) {
            try {
                executor.transactions().close();
            } finally {
                names.close();
            }
        }
    }
}
