package dev.quiver.server.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.quiver.engine.PreparedQuery;
import dev.quiver.engine.QueryResult;
import dev.quiver.engine.QueryStream;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.Session;
import dev.quiver.engine.StatementKind;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.server.auth.FileAccessPolicy;
import dev.quiver.server.session.ClientSession;
import dev.quiver.server.session.QueryLimits;
import dev.quiver.server.session.ServerLog;
import dev.quiver.server.session.SessionAuthenticator;
import dev.quiver.server.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.FlightSqlUtils;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionEndTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Quiver's Arrow Flight SQL service. Every call runs in the caller's {@link ClientSession} (its
 * peer identity, set by the authenticator), after its role was checked against the statement's
 * {@link StatementKind}.
 *
 * <p>A query starts when the client asks for its FlightInfo and parks, a few batches ahead, under a
 * one-time ticket; it runs on as the client reads the ticket's stream (see {@link ResultStreamer})
 * and stops when the stream is cancelled or closed, or when CancelFlightInfo names it. Updates
 * run within their DoPut call. Prepared statements keep their SQL and parameter types; bound
 * values arrive as Arrow rows and reach the engine as typed values, never as SQL text.
 */
public final class QuiverFlightSqlProducer extends BasicFlightSqlProducer {
    /** Numbers the threads that send results, for thread dumps and profiles. */
    private static final AtomicLong STREAMS = new AtomicLong();

    private final Quiver database;
    private final SessionRegistry sessions;
    private final BufferAllocator allocator;
    private final PipelineExecutor queryThreads;
    private final ServerLog log;
    private final SqlInfoBuilder sqlInfo;
    private final FileAccessPolicy files;
    private final QueryLimits limits;
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
    /** Queries started and not yet read to the end, for the log line their end writes. */
    private final Map<String, Started> started = new ConcurrentHashMap<>();

    private volatile boolean draining;

    /**
     * A prepared statement: its owner, the engine's prepared statement (whose query plan executions
     * reuse), its kind, parameter types, the transaction its executions join (empty: none) and the
     * last bound parameter rows.
     */
    private static final class Prepared {
        final String sessionId;
        final String transactionId;
        final PreparedQuery query;
        final String sql;
        final StatementKind kind;
        final List<SqlTypeName> parameterTypes;
        volatile List<List<Object>> boundRows = List.of();

        Prepared(
                String sessionId,
                String transactionId,
                PreparedQuery query,
                StatementKind kind,
                List<SqlTypeName> parameterTypes) {
            this.sessionId = sessionId;
            this.transactionId = transactionId;
            this.query = query;
            this.sql = query.sql();
            this.kind = kind;
            this.parameterTypes = List.copyOf(parameterTypes);
        }
    }

    /** A statement that started: what its log line needs. */
    private record Started(String user, StatementKind kind, String sql, long startNanos) {}

    /**
     * @param allocator    shares the database's root allocator, so that result buffers can move into it
     * @param queryThreads runs the pipelines of streamed queries (threads that may wait for slow clients)
     */
    public QuiverFlightSqlProducer(
            Quiver database,
            SessionRegistry sessions,
            BufferAllocator allocator,
            PipelineExecutor queryThreads,
            ServerLog log,
            FileAccessPolicy files,
            QueryLimits limits,
            String version) {
        this.files = files;
        this.limits = limits;
        this.database = database;
        this.sessions = sessions;
        this.allocator = allocator;
        this.queryThreads = queryThreads;
        this.log = log;
        this.sqlInfo = new SqlInfoBuilder()
                .withFlightSqlServerName("Quiver")
                .withFlightSqlServerVersion(version)
                .withFlightSqlServerArrowVersion("19.0.0")
                .withFlightSqlServerReadOnly(false)
                .withFlightSqlServerSql(true)
                .withFlightSqlServerCancel(true)
                .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_TRANSACTION)
                .withSqlIdentifierQuoteChar("\"")
                .withSqlDdlCatalog(false)
                .withSqlDdlSchema(false)
                .withSqlDdlTable(true);
    }

    /** Refuses new statements from now on (the server is stopping); running ones go on. */
    public void drain() {
        draining = true;
    }

    // ---- statements ----

    @Override
    public FlightInfo getFlightInfoStatement(
            CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        ClientSession session = session(context);
        String sql = command.getQuery();
        StatementKind kind;
        try {
            session.checkTransaction(command.getTransactionId().toStringUtf8());
            kind = StatementKind.of(sql);
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
        return startQuery(session, sql, kind, true, engine -> engine.stream(sql, List.of(), queryThreads), descriptor);
    }

    @Override
    public SchemaResult getSchemaStatement(
            CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        ClientSession session = session(context);
        String sql = command.getQuery();
        try {
            StatementKind kind = StatementKind.of(sql);
            authorize(session, sql, kind);
            return new SchemaResult(new Schema(session.withSession(engine -> engine.resultFields(sql, List.of()))));
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
        ClientSession session;
        try {
            session = session(context);
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
            return;
        }
        String handle = ticket.getStatementHandle().toStringUtf8();
        QueryStream stream = session.take(handle);
        if (stream == null) {
            listener.error(CallStatus.NOT_FOUND
                    .withDescription(
                            "no result under this ticket: it was read already, cancelled, or its session ended")
                    .toRuntimeException());
            return;
        }
        streamResult(session, handle, stream, listener);
    }

    /**
     * Starts one statement ({@code starter} runs it in the engine session) and parks its result
     * under a new ticket.
     *
     * @param authorize whether to check the role and files (a prepared statement's were checked once)
     */
    private FlightInfo startQuery(
            ClientSession session,
            String sql,
            StatementKind kind,
            boolean authorize,
            Function<Session, QueryStream> starter,
            FlightDescriptor descriptor) {
        QueryStream stream = start(session, sql, kind, authorize, starter);
        String handle = UUID.randomUUID().toString();
        started.put(handle, new Started(session.user(), kind, sql, System.nanoTime()));
        session.park(handle, stream);
        Ticket ticket = new Ticket(Any.pack(TicketStatementQuery.newBuilder()
                        .setStatementHandle(ByteString.copyFromUtf8(handle))
                        .build())
                .toByteArray());
        return new FlightInfo(new Schema(stream.fields()), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
    }

    /** Checks the role if asked and starts the statement; logs and rethrows a failure as a Flight error. */
    private QueryStream start(
            ClientSession session,
            String sql,
            StatementKind kind,
            boolean authorize,
            Function<Session, QueryStream> starter) {
        long startNanos = System.nanoTime();
        try {
            checkAccepting();
            if (authorize) {
                authorize(session, sql, kind);
            }
            // the slot covers planning and starting here, and reading in streamResult
            try (QueryLimits.Admission admission = limits.admit()) {
                return session.withSession(starter);
            }
        } catch (RuntimeException e) {
            log.statement(session.user(), kind.name(), sql, 0, System.nanoTime() - startNanos, errorCode(e));
            throw FlightErrors.toFlight(e);
        }
    }

    /**
     * Streams {@code stream} to {@code listener} on a thread of its own, so that this DoGet call
     * returns and gRPC can deliver the client's readiness and cancel callbacks (see {@link
     * ResultStreamer}). A virtual thread: the sender spends its life waiting — for the query's next
     * batch and for the client's readiness, on monitors, which no longer pin a carrier since JDK 24
     * — so a thousand slow readers cost a thousand small heap stacks, not a thousand platform
     * threads; the query's pipelines run on the engine's threads as before.
     */
    private void streamResult(ClientSession session, String handle, QueryStream stream, ServerStreamListener listener) {
        BackpressureStrategy backpressure = ResultStreamer.watch(stream, listener);
        Thread.ofVirtual()
                .name("quiver-flight-result-" + STREAMS.incrementAndGet())
                .start(() -> sendResult(session, handle, stream, listener, backpressure));
    }

    private void sendResult(
            ClientSession session,
            String handle,
            QueryStream stream,
            ServerStreamListener listener,
            BackpressureStrategy backpressure) {
        Started statement = started.remove(handle);
        String error = null;
        QueryLimits.Admission admission = null;
        try {
            admission = limits.admit();
            admission.watch(stream);
            if (ResultStreamer.send(stream, new Schema(stream.fields()), listener, backpressure, allocator)
                    == ResultStreamer.Outcome.CLIENT_CANCELLED) {
                error = ErrorCode.CANCELLED.name();
            }
        } catch (RuntimeException e) {
            RuntimeException explained = admission == null ? e : admission.explain(e);
            error = errorCode(explained);
            listener.error(FlightErrors.toFlight(explained));
        } finally {
            long rows = stream.hasRows() ? stream.rowsRead() : stream.updateCount();
            stream.close();
            if (admission != null) {
                admission.close();
            }
            session.finished(handle);
            if (statement != null) {
                log.statement(
                        statement.user(),
                        statement.kind().name(),
                        statement.sql(),
                        rows,
                        System.nanoTime() - statement.startNanos(),
                        error);
            }
        }
    }

    @Override
    public Runnable acceptPutStatement(
            CommandStatementUpdate command,
            CallContext context,
            FlightStream flightStream,
            StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                ClientSession session = session(context);
                String sql = command.getQuery();
                session.checkTransaction(command.getTransactionId().toStringUtf8());
                long count = update(session, sql, StatementKind.of(sql), List.of(List.of()));
                acknowledge(ackStream, count);
            } catch (RuntimeException e) {
                ackStream.onError(FlightErrors.toFlight(e));
            }
        };
    }

    /** Runs an update once per parameter row (one insert for many rows where it can); logs it. */
    private long update(ClientSession session, String sql, StatementKind kind, List<List<Object>> rows) {
        long startNanos = System.nanoTime();
        long count = 0;
        try {
            checkAccepting();
            authorize(session, sql, kind);
            try (QueryLimits.Admission admission = limits.admit()) {
                count = update(session, sql, rows);
            }
            log.statement(session.user(), kind.name(), sql, count, System.nanoTime() - startNanos, null);
            return count;
        } catch (RuntimeException e) {
            log.statement(session.user(), kind.name(), sql, count, System.nanoTime() - startNanos, errorCode(e));
            throw e;
        }
    }

    private static long update(ClientSession session, String sql, List<List<Object>> rows) {
        return session.withSession(engine -> {
            if (rows.size() > 1) {
                try (QueryResult batch = engine.executeBatchInsert(sql, rows)) {
                    if (batch != null) {
                        return batch.updateCount();
                    }
                }
            }
            long total = 0;
            for (List<Object> row : rows) {
                try (QueryResult result = engine.execute(sql, row)) {
                    total += result.hasRows() ? result.rowCount() : result.updateCount();
                }
            }
            return total;
        });
    }

    private void acknowledge(StreamListener<PutResult> ackStream, long count) {
        byte[] bytes =
                DoPutUpdateResult.newBuilder().setRecordCount(count).build().toByteArray();
        try (ArrowBuf buffer = allocator.buffer(bytes.length)) {
            buffer.writeBytes(bytes);
            ackStream.onNext(PutResult.metadata(buffer));
        }
        ackStream.onCompleted();
    }

    // ---- prepared statements ----

    @Override
    public void createPreparedStatement(
            ActionCreatePreparedStatementRequest request, CallContext context, StreamListener<Result> listener) {
        try {
            ClientSession session = session(context);
            String sql = request.getQuery();
            String transactionId = request.getTransactionId().toStringUtf8();
            session.checkTransaction(transactionId);
            StatementKind kind = StatementKind.of(sql);
            authorize(session, sql, kind); // once: the text and the session's role stay as they are
            PreparedQuery query = session.withSession(engine -> engine.prepare(sql));
            List<SqlTypeName> types = session.withSession(engine -> engine.parameterTypes(sql));
            List<Field> fields = session.withSession(engine -> engine.resultFields(sql, Parameters.nulls(types)));
            String handle = UUID.randomUUID().toString();
            prepared.put(handle, new Prepared(session.id(), transactionId, query, kind, types));
            ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(ByteString.copyFromUtf8(handle))
                    .setDatasetSchema(ByteString.copyFrom(new Schema(fields).serializeAsMessage()))
                    .setParameterSchema(ByteString.copyFrom(
                            Parameters.schema(session.withSession(engine -> engine.parameterArrowTypes(sql)))
                                    .serializeAsMessage()))
                    .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    @Override
    public void closePreparedStatement(
            ActionClosePreparedStatementRequest request, CallContext context, StreamListener<Result> listener) {
        try {
            ClientSession session = session(context);
            String handle = request.getPreparedStatementHandle().toStringUtf8();
            prepared(session, handle);
            prepared.remove(handle);
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(
            CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        ClientSession session = session(context);
        Prepared statement =
                executable(session, command.getPreparedStatementHandle().toStringUtf8());
        List<List<Object>> rows = statement.boundRows;
        List<Object> parameters = rows.isEmpty() ? List.of() : rows.getLast();
        return startQuery(
                session,
                statement.sql,
                statement.kind,
                false,
                engine -> engine.stream(statement.query, parameters, queryThreads),
                descriptor);
    }

    @Override
    public SchemaResult getSchemaPreparedStatement(
            CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        ClientSession session = session(context);
        Prepared statement =
                prepared(session, command.getPreparedStatementHandle().toStringUtf8());
        try {
            return new SchemaResult(new Schema(session.withSession(
                    engine -> engine.resultFields(statement.sql, Parameters.nulls(statement.parameterTypes)))));
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public void getStreamPreparedStatement(
            CommandPreparedStatementQuery command, CallContext context, ServerStreamListener listener) {
        try {
            FlightInfo info = getFlightInfoPreparedStatement(command, context, null);
            TicketStatementQuery ticket = FlightSqlUtils.unpackAndParseOrThrow(
                    info.getEndpoints().getFirst().getTicket().getBytes(), TicketStatementQuery.class);
            getStreamStatement(ticket, context, listener);
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
        }
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(
            CommandPreparedStatementQuery command,
            CallContext context,
            FlightStream flightStream,
            StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                ClientSession session = session(context);
                Prepared statement =
                        prepared(session, command.getPreparedStatementHandle().toStringUtf8());
                statement.boundRows = readRows(flightStream, statement);
                ackStream.onCompleted();
            } catch (RuntimeException e) {
                ackStream.onError(FlightErrors.toFlight(e));
            }
        };
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(
            CommandPreparedStatementUpdate command,
            CallContext context,
            FlightStream flightStream,
            StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                ClientSession session = session(context);
                Prepared statement =
                        executable(session, command.getPreparedStatementHandle().toStringUtf8());
                List<List<Object>> rows = readRows(flightStream, statement);
                if (rows.isEmpty()) {
                    rows = statement.parameterTypes.isEmpty() ? List.of(List.of()) : statement.boundRows;
                }
                acknowledge(ackStream, update(session, statement.sql, statement.kind, rows));
            } catch (RuntimeException e) {
                ackStream.onError(FlightErrors.toFlight(e));
            }
        };
    }

    private static List<List<Object>> readRows(FlightStream flightStream, Prepared statement) {
        List<List<Object>> rows = new ArrayList<>();
        while (flightStream.next()) {
            rows.addAll(Parameters.rows(flightStream.getRoot(), statement.parameterTypes));
        }
        return rows;
    }

    private Prepared prepared(ClientSession session, String handle) {
        Prepared statement = prepared.get(handle);
        if (statement == null || !statement.sessionId.equals(session.id())) {
            throw CallStatus.NOT_FOUND
                    .withDescription("no such prepared statement (closed, or prepared in another session)")
                    .toRuntimeException();
        }
        return statement;
    }

    /** A prepared statement to execute now: in the transaction it was prepared in, which must be open. */
    private Prepared executable(ClientSession session, String handle) {
        Prepared statement = prepared(session, handle);
        try {
            session.checkTransaction(statement.transactionId);
        } catch (QuiverException e) {
            throw FlightErrors.toFlight(e);
        }
        return statement;
    }

    // ---- cancellation ----

    @Override
    public void cancelFlightInfo(
            CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
        try {
            ClientSession session = session(context);
            CancelStatus status = CancelStatus.NOT_CANCELLABLE;
            for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
                TicketStatementQuery ticket = FlightSqlUtils.unpackAndParseOrThrow(
                        endpoint.getTicket().getBytes(), TicketStatementQuery.class);
                if (session.cancel(ticket.getStatementHandle().toStringUtf8())) {
                    status = CancelStatus.CANCELLED;
                }
            }
            listener.onNext(status);
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    // ---- transactions and session options ----

    /**
     * Opens the session's transaction: its statements carry the id until EndTransaction. Not for
     * callers without credentials, who share one anonymous session.
     */
    @Override
    public void beginTransaction(
            ActionBeginTransactionRequest request,
            CallContext context,
            StreamListener<ActionBeginTransactionResult> listener) {
        try {
            ClientSession session = ownSession(context, "a transaction");
            String id = session.beginTransaction();
            listener.onNext(ActionBeginTransactionResult.newBuilder()
                    .setTransactionId(ByteString.copyFromUtf8(id))
                    .build());
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    @Override
    public void endTransaction(
            ActionEndTransactionRequest request, CallContext context, StreamListener<Result> listener) {
        try {
            ClientSession session = session(context);
            boolean commit = switch (request.getAction()) {
                case END_TRANSACTION_COMMIT -> true;
                case END_TRANSACTION_ROLLBACK -> false;
                default ->
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "EndTransaction needs COMMIT or ROLLBACK, not " + request.getAction());
            };
            session.endTransaction(request.getTransactionId().toStringUtf8(), commit);
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    /** Session options are Quiver's session settings (see {@link SessionOptions}). */
    @Override
    public void setSessionOptions(
            SetSessionOptionsRequest request, CallContext context, StreamListener<SetSessionOptionsResult> listener) {
        try {
            ClientSession session = ownSession(context, "session options");
            listener.onNext(SessionOptions.set(session, request.getSessionOptions()));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    @Override
    public void getSessionOptions(
            GetSessionOptionsRequest request, CallContext context, StreamListener<GetSessionOptionsResult> listener) {
        try {
            listener.onNext(SessionOptions.get(session(context)));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    /** The caller's session when it is its own (it logged in), for state other callers must not share. */
    private ClientSession ownSession(CallContext context, String what) {
        ClientSession session = session(context);
        if (session.user().equals(SessionAuthenticator.ANONYMOUS)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    what + " needs a session of its own: log in with a user name (callers without credentials"
                            + " share one session)");
        }
        return session;
    }

    // ---- sessions ----

    /** The client closes its connection (Arrow's JDBC driver does): its session ends now, not when idle. */
    @Override
    public void closeSession(
            CloseSessionRequest request, CallContext context, StreamListener<CloseSessionResult> listener) {
        try {
            ClientSession session = session(context);
            if (session.user().equals(SessionAuthenticator.ANONYMOUS)) {
                listener.onNext(new CloseSessionResult(CloseSessionResult.Status.NOT_CLOSABLE));
            } else {
                prepared.values().removeIf(statement -> statement.sessionId.equals(session.id()));
                sessions.end(session);
                listener.onNext(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
            }
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    // ---- metadata ----

    @Override
    public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
        session(context);
        sqlInfo.send(command.getInfoList(), listener);
    }

    @Override
    public void getStreamTypeInfo(CommandGetXdbcTypeInfo command, CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(
                FlightSqlProducer.Schemas.GET_TYPE_INFO_SCHEMA, MetadataRows.typeInfo(command), allocator, listener);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(
                FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA,
                MetadataRows.catalogs(database.catalog().relations()),
                allocator,
                listener);
    }

    @Override
    public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(
                FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA,
                MetadataRows.schemas(command, database.catalog().relations()),
                allocator,
                listener);
    }

    @Override
    public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener) {
        session(context);
        Schema schema = command.getIncludeSchema()
                ? FlightSqlProducer.Schemas.GET_TABLES_SCHEMA
                : FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        MetadataRows.send(
                schema, MetadataRows.tables(command, database.catalog().relations()), allocator, listener);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(
                FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA, MetadataRows.tableTypes(), allocator, listener);
    }

    @Override
    public void getStreamPrimaryKeys(
            CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(
                FlightSqlProducer.Schemas.GET_PRIMARY_KEYS_SCHEMA,
                MetadataRows.primaryKeys(command, database.catalog().relations()),
                allocator,
                listener);
    }

    @Override
    public void getStreamExportedKeys(
            CommandGetExportedKeys command, CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(FlightSqlProducer.Schemas.GET_EXPORTED_KEYS_SCHEMA, List.of(), allocator, listener);
    }

    @Override
    public void getStreamImportedKeys(
            CommandGetImportedKeys command, CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(FlightSqlProducer.Schemas.GET_IMPORTED_KEYS_SCHEMA, List.of(), allocator, listener);
    }

    @Override
    public void getStreamCrossReference(
            CommandGetCrossReference command, CallContext context, ServerStreamListener listener) {
        session(context);
        MetadataRows.send(FlightSqlProducer.Schemas.GET_CROSS_REFERENCE_SCHEMA, List.of(), allocator, listener);
    }

    @Override
    protected <T extends Message> List<FlightEndpoint> determineEndpoints(
            T request, FlightDescriptor descriptor, Schema schema) {
        return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
    }

    // ---- helpers ----

    /** The caller's session; the authenticator made the peer identity a session id. */
    private ClientSession session(CallContext context) {
        ClientSession session = sessions.byId(context.peerIdentity());
        if (session == null) {
            throw CallStatus.UNAUTHENTICATED
                    .withDescription("authentication failed: the session ended; log in again")
                    .toRuntimeException();
        }
        return session;
    }

    /** Checks the caller's role against the statement, and the files it reads against --allow-path. */
    private void authorize(ClientSession session, String sql, StatementKind kind) {
        session.role().check(kind, session.user());
        files.check(sql, session.role(), session.user());
    }

    private void checkAccepting() {
        if (draining) {
            throw CallStatus.UNAVAILABLE
                    .withDescription("the server is shutting down and takes no new statements")
                    .toRuntimeException();
        }
    }

    private static String errorCode(RuntimeException failure) {
        return failure instanceof QuiverException quiver
                ? quiver.code().name()
                : failure instanceof FlightRuntimeException flight
                        ? flight.status().code().name()
                        : ErrorCode.INTERNAL.name();
    }

    @Override
    public void close() {
        prepared.clear();
    }
}
