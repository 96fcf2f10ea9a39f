package dev.quiver.server.pg;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.QueryStream;
import dev.quiver.engine.StatementKind;
import dev.quiver.engine.catalog.Relation;
import dev.quiver.engine.catalog.ViewDefinition;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.sql.SqlParameters;
import dev.quiver.server.auth.PasswordHash;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import dev.quiver.server.session.ClientSession;
import dev.quiver.server.session.QueryLimits;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One PostgreSQL client connection: startup and login, then the simple and extended query
 * protocols in one {@link ClientSession}. Query results stream from the engine batch by batch as
 * DataRow messages (bounded memory; a slow client slows its query).
 *
 * <p>THREADS: {@link #run} on the connection's own thread; {@link #cancelRunning} and
 * {@link #closeSocket} from any thread (a cancel request, the server stopping).
 */
final class PgConnection {
    private static final int PROTOCOL_3 = 196_608;
    private static final int SSL_REQUEST = 80_877_103;
    private static final int GSS_REQUEST = 80_877_104;
    private static final int CANCEL_REQUEST = 80_877_102;
    private static final String LOGIN_FAILED = "authentication failed: wrong user name or password";
    /** PostgreSQL settings clients set that mean nothing to Quiver: SET and RESET of these succeed and do nothing. */
    private static final Set<String> IGNORED_SETTINGS = Set.of(
            "application_name",
            "client_encoding",
            "datestyle",
            "extra_float_digits",
            "search_path",
            "timezone",
            "time",
            "intervalstyle",
            "client_min_messages",
            "standard_conforming_strings",
            "bytea_output",
            "lc_messages",
            "lc_monetary",
            "lc_numeric",
            "lc_time",
            "default_transaction_isolation",
            "default_transaction_read_only",
            "session",
            "transaction",
            "names",
            "jit",
            "idle_in_transaction_session_timeout",
            "lock_timeout");

    private final PgServer server;
    private volatile Socket socket; // the TLS socket once a client asked for SSL
    private final int processId;
    private final int secret;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();

    private PgInput in;
    private PgOutput out;
    private ClientSession session;
    private PgPreparedStatements engineStatements;
    /** The statement running now, for cancel requests; null between statements. */
    private volatile QueryStream running;
    /** An error in an extended-protocol sequence: messages up to the next Sync are skipped. */
    private boolean skipToSync;

    private boolean failedTransaction;
    private volatile boolean busy;

    /**
     * A parsed statement: its SQL for the engine, the {@code $n} order, the declared parameter types,
     * and its engine statement (null for one the catalog answers or that is ignored).
     */
    private record Prepared(
            String originalSql,
            PgSql.Rewritten rewritten,
            int[] declaredTypes,
            boolean catalog,
            PgPreparedStatements.EngineStatement engine,
            DescribedColumns described) {}

    /**
     * The result columns last described to the client for a statement: drivers (pgjdbc) keep them
     * and send later executions without a Describe, so a result of another shape must be refused
     * as PostgreSQL refuses it (the driver then parses the statement again).
     */
    private static final class DescribedColumns {
        List<PgCatalog.Column> columns; // null until a RowDescription was sent
    }

    /** PostgreSQL's message (and routine, see {@link #error}) when a prepared result changed shape. */
    private static final String RESULT_SHAPE_CHANGED = "cached plan must not change result type";

    /** A bound statement, started at its first Describe or Execute. */
    private static final class Portal {
        final Prepared statement;
        final List<Object> parameters;
        final List<String> textParameters;
        final short[] resultFormats;
        QueryStream stream;
        QueryLimits.Admission admission;
        PgCatalog.Answer answer;
        boolean described;
        Batch batch;
        int batchRow;
        long rowsSent;
        long startNanos;
        boolean done;

        Portal(Prepared statement, List<Object> parameters, List<String> textParameters, short[] resultFormats) {
            this.statement = statement;
            this.parameters = parameters;
            this.textParameters = textParameters;
            this.resultFormats = resultFormats;
        }

        boolean started() {
            return stream != null || answer != null;
        }

        boolean hasRows() {
            return answer != null ? !answer.columns().isEmpty() : stream.hasRows();
        }

        void close() {
            if (stream != null) {
                stream.close();
                stream = null;
            }
            if (admission != null) {
                admission.close();
            }
        }
    }

    PgConnection(PgServer server, Socket socket, int processId, int secret) {
        this.server = server;
        this.socket = socket;
        this.processId = processId;
        this.secret = secret;
    }

    int secret() {
        return secret;
    }

    void cancelRunning() {
        QueryStream stream = running;
        if (stream != null) {
            stream.cancel();
        }
    }

    void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // the connection ends either way
        }
    }

    void run() {
        try {
            socket.setTcpNoDelay(true);
            in = new PgInput(socket.getInputStream());
            out = new PgOutput(socket.getOutputStream());
            if (startup()) {
                loop();
            }
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed() && !(e instanceof IOException)) {
                server.log.info("pg: connection " + processId + " failed: " + e);
            }
        } finally {
            closeSocket();
            portals.values().forEach(Portal::close);
            portals.clear();
            if (session != null) {
                server.sessions.end(session);
            }
        }
    }

    // ---- startup and login ----

    /** Reads the startup packet and logs the user in; false when the connection should close. */
    private boolean startup() throws IOException {
        PgInput.Body packet = in.startup();
        int code = packet.int32();
        while (code == SSL_REQUEST || code == GSS_REQUEST) {
            if (code == SSL_REQUEST && server.tls != null && !(socket instanceof SSLSocket)) {
                out.raw('S');
                SSLSocket secure = (SSLSocket) server.tls
                        .getSocketFactory()
                        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                secure.setUseClientMode(false);
                secure.startHandshake();
                socket = secure;
                in = new PgInput(secure.getInputStream());
                out = new PgOutput(secure.getOutputStream());
            } else {
                out.raw('N'); // no SSL: the client goes on in plain text or gives up, as it was told to
            }
            packet = in.startup();
            code = packet.int32();
        }
        if (code == CANCEL_REQUEST) {
            server.cancel(packet.int32(), packet.int32());
            return false;
        }
        if (code == PROTOCOL_3 && server.tls != null && !(socket instanceof SSLSocket)) {
            // with a certificate, both fronts take encrypted connections only
            fatal("28000", "this server accepts SSL connections only: connect with sslmode=require");
            return false;
        }
        if (code != PROTOCOL_3) {
            fatal("08P01", "unsupported protocol version " + (code >> 16) + "." + (code & 0xFFFF) + "; 3.0 is spoken");
            return false;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            String name = packet.cstring();
            if (name.isEmpty()) {
                break;
            }
            parameters.put(name, packet.cstring());
        }
        String user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            fatal("28000", "no user name in the startup packet");
            return false;
        }
        Role role = server.users == null ? Role.ADMIN : authenticate(user);
        if (role == null) {
            return false;
        }
        try {
            session = server.sessions.open(user, role).session();
            engineStatements = new PgPreparedStatements(session);
        } catch (QuiverException e) {
            server.log.connection("pg login refused user=" + user + ": " + e.getMessage());
            fatal(e.code().sqlState(), e.getMessage());
            return false;
        }
        out.begin('R').int32(0).end(); // AuthenticationOk
        parameterStatus("server_version", PgCatalog.SERVER_VERSION);
        parameterStatus("server_encoding", "UTF8");
        parameterStatus("client_encoding", "UTF8");
        parameterStatus("DateStyle", "ISO, MDY");
        parameterStatus("TimeZone", "UTC");
        parameterStatus("integer_datetimes", "on");
        parameterStatus("standard_conforming_strings", "on");
        parameterStatus("IntervalStyle", "postgres");
        parameterStatus("is_superuser", role == Role.ADMIN ? "on" : "off");
        parameterStatus("session_authorization", user);
        parameterStatus("application_name", parameters.getOrDefault("application_name", ""));
        out.begin('K').int32(processId).int32(secret).end();
        readyForQuery();
        return true;
    }

    /** SCRAM-SHA-256 against the users file; the role, or null after a uniform failure. */
    private Role authenticate(String user) throws IOException {
        if (!server.throttle.allows(user)) {
            server.log.connection("failed login user=" + user + " reason=throttled (too many failures) front=pg");
            fatal("28P01", LOGIN_FAILED);
            return null;
        }
        Optional<UsersFile.User> known = server.users.user(user);
        PasswordHash.Parts stored =
                known.map(found -> PasswordHash.parts(found.passwordHash())).orElse(server.dummyHash);
        ScramExchange exchange = new ScramExchange(stored);
        out.begin('R').int32(10).cstring(ScramExchange.MECHANISM).byte1(0).end();
        out.flush();
        PgInput.Message initial = in.next();
        if (initial == null || initial.type() != 'p') {
            return null;
        }
        String mechanism = initial.body().cstring();
        int length = initial.body().int32();
        String serverFirst = mechanism.equals(ScramExchange.MECHANISM) && length > 0
                ? exchange.first(new String(initial.body().bytes(length), StandardCharsets.UTF_8))
                : null;
        String serverFinal = null;
        if (serverFirst != null) {
            out.begin('R')
                    .int32(11)
                    .bytes(serverFirst.getBytes(StandardCharsets.UTF_8))
                    .end();
            out.flush();
            PgInput.Message response = in.next();
            if (response == null || response.type() != 'p') {
                return null;
            }
            serverFinal = exchange.last(new String(response.body().rest(), StandardCharsets.UTF_8));
        }
        if (known.isEmpty() || serverFinal == null) {
            server.throttle.failed(user);
            server.log.connection("failed login user=" + user + " reason="
                    + (known.isEmpty() ? "unknown user" : "wrong password") + " front=pg");
            fatal("28P01", LOGIN_FAILED);
            return null;
        }
        server.throttle.succeeded(user);
        out.begin('R')
                .int32(12)
                .bytes(serverFinal.getBytes(StandardCharsets.UTF_8))
                .end();
        return known.get().role();
    }

    private void parameterStatus(String name, String value) throws IOException {
        out.begin('S').cstring(name).cstring(value).end();
    }

    // ---- the message loop ----

    private void loop() throws IOException {
        while (true) {
            PgInput.Message message = in.next();
            if (message == null || message.type() == 'X') {
                return;
            }
            if (skipToSync && message.type() != 'S') {
                continue;
            }
            if (server.sessions.byId(session.id()) == null) {
                fatal("57P05", "the session ended: it was idle longer than the idle timeout; connect again");
                return;
            }
            session.touch();
            busy = true;
            try {
                switch (message.type()) {
                    case 'Q' -> simpleQuery(message.body().cstring());
                    case 'P' -> parse(message.body());
                    case 'B' -> bind(message.body());
                    case 'D' -> describe(message.body());
                    case 'E' -> execute(message.body());
                    case 'C' -> close(message.body());
                    case 'S' -> {
                        skipToSync = false;
                        closeUnnamedPortal();
                        readyForQuery();
                    }
                    case 'H' -> out.flush();
                    default ->
                        throw new QuiverException(
                                ErrorCode.UNSUPPORTED,
                                "message type '" + message.type() + "' is not supported (function calls are not)");
                }
            } catch (QuiverException e) {
                error(e);
                skipToSync = message.type() != 'Q';
            } catch (RuntimeException e) {
                error(QuiverException.internal(String.valueOf(e), e));
                skipToSync = message.type() != 'Q';
            } finally {
                busy = false;
            }
        }
    }

    /** Whether a message is being handled (a statement runs) now. */
    boolean busy() {
        return busy;
    }

    // ---- simple query ----

    private void simpleQuery(String script) throws IOException {
        List<String> statements = PgSql.split(script);
        if (statements.isEmpty()) {
            out.begin('I').end(); // EmptyQueryResponse
            readyForQuery();
            return;
        }
        try {
            for (String sql : statements) {
                PgCopy.Request copy = PgCopy.parse(sql);
                if (copy != null) {
                    copy(sql, copy);
                    continue;
                }
                Prepared statement = prepare(sql, new int[0]);
                if (statement.rewritten().parameterCount() > 0) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "a simple query cannot have parameters ($1 …): use the extended protocol");
                }
                Portal portal = new Portal(statement, List.of(), List.of(), new short[0]);
                try {
                    start(portal);
                    if (portal.hasRows()) {
                        rowDescription(portal);
                    }
                    sendRows(portal, 0);
                } finally {
                    portal.close();
                }
            }
        } catch (QuiverException e) {
            error(e);
        } catch (RuntimeException e) {
            error(QuiverException.internal(String.valueOf(e), e));
        }
        readyForQuery();
    }

    // ---- COPY … FROM STDIN / TO STDOUT ----

    /** Runs a COPY whose rows travel in CopyData messages; CommandComplete says how many. */
    private void copy(String sql, PgCopy.Request request) throws IOException {
        long start = System.nanoTime();
        String kind = StatementKind.WRITE.name();
        String error = null;
        long rows = 0;
        try {
            if (server.draining()) {
                throw new QuiverException(
                        ErrorCode.CANCELLED, "the server is shutting down and takes no new statements");
            }
            if (request.fromClient()) {
                session.role().check(StatementKind.WRITE, session.user());
                rows = copyIn(request);
            } else {
                kind = StatementKind.READ.name();
                rows = copyOut(request);
            }
            out.begin('C').cstring("COPY " + rows).end();
        } catch (RuntimeException e) {
            error = errorCode(e);
            throw e;
        } finally {
            server.log.statement(session.user(), kind, sql, rows, System.nanoTime() - start, error);
        }
    }

    /** COPY … TO STDOUT: CopyOutResponse, one CopyData per row (and the header), CopyDone. */
    private long copyOut(PgCopy.Request request) throws IOException {
        String query = request.query();
        StatementKind kind = StatementKind.of(query);
        if (kind != StatementKind.READ) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "COPY (…) TO STDOUT takes a query, not " + kind);
        }
        session.role().check(kind, session.user());
        server.files.check(query, session.role(), session.user());
        try (QueryLimits.Admission admission = server.limits.admit()) {
            QueryStream stream = session.withSession(engine -> engine.stream(query, List.of(), server.queryThreads));
            admission.watch(stream);
            running = stream;
            try (stream) {
                List<Field> fields = stream.fields();
                out.begin('H').byte1(0).int16(fields.size());
                fields.forEach(field -> out.int16(0));
                out.end();
                PgCopy.Format format = request.format();
                if (format.csv() && format.header()) {
                    copyData(PgCopy.headerLine(
                            fields.stream().map(Field::getName).toList(), format));
                }
                long rows = 0;
                List<String> values = new ArrayList<>(fields.size());
                for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                    for (int row = 0; row < batch.rowCount(); row++) {
                        values.clear();
                        for (FieldVector column : batch.columns()) {
                            Object value = QueryResult.value(column, row);
                            values.add(value == null ? null : PgType.text(value));
                        }
                        copyData(PgCopy.line(values, format));
                        rows++;
                    }
                }
                out.begin('c').end();
                return rows;
            } catch (RuntimeException e) {
                throw admission.explain(e);
            } finally {
                running = null;
            }
        }
    }

    private void copyData(String line) throws IOException {
        out.begin('d').bytes(line.getBytes(StandardCharsets.UTF_8)).end();
    }

    /**
     * COPY … FROM STDIN: CopyInResponse, then the client's CopyData into a private temporary file
     * until CopyDone, then Quiver's COPY … FROM that file — one statement, all rows or none. A
     * failure while the data arrives is reported once the client has finished sending.
     */
    private long copyIn(PgCopy.Request request) throws IOException {
        Path file = Files.createTempFile("quiver-pg-copy-", ".csv");
        try {
            out.begin('G').byte1(0).int16(0).end(); // text format; the column count is not needed by clients
            out.flush();
            RuntimeException failure = null;
            try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file))) {
                PgCopy.Loader loader = new PgCopy.Loader(request.format(), sink);
                boolean receiving = true;
                while (receiving) {
                    PgInput.Message message = in.next();
                    if (message == null) {
                        throw new IOException("the client closed the connection during COPY FROM STDIN");
                    }
                    switch (message.type()) {
                        case 'd' -> {
                            if (failure == null) {
                                try {
                                    loader.accept(message.body().rest());
                                } catch (IOException | RuntimeException e) {
                                    failure = new QuiverException(
                                            ErrorCode.IO_ERROR, "COPY FROM STDIN could not keep the data: " + e, e);
                                }
                            }
                        }
                        case 'c' -> {
                            receiving = false;
                            if (failure == null) {
                                loader.finish();
                            }
                        }
                        case 'f' -> {
                            receiving = false;
                            failure = new QuiverException(
                                    ErrorCode.CANCELLED,
                                    "COPY FROM STDIN failed: " + message.body().cstring());
                        }
                        case 'H', 'S' -> {} // the protocol says to ignore them during COPY
                        default -> {
                            receiving = false;
                            failure = new QuiverException(
                                    ErrorCode.INVALID_ARGUMENT,
                                    "protocol violation: message '" + message.type() + "' during COPY FROM STDIN");
                        }
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            String load = "COPY " + request.target() + " FROM '"
                    + file.toString().replace("'", "''") + "' " + PgCopy.loadOptions(request.format());
            try (QueryResult result = session.withSession(engine -> engine.execute(load))) {
                return result.updateCount();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- extended query ----

    private void parse(PgInput.Body body) throws IOException {
        String name = body.cstring();
        String sql = body.cstring();
        int count = body.int16();
        int[] types = new int[count];
        for (int index = 0; index < count; index++) {
            types[index] = body.int32();
        }
        statements.put(name, prepare(sql, types));
        out.begin('1').end(); // ParseComplete
    }

    private Prepared prepare(String sql, int[] declaredTypes) {
        boolean catalog = PgCatalog.answers(sql) || isIgnoredSetting(sql) || isNoOp(sql);
        PgSql.Rewritten rewritten = PgSql.rewriteParameters(sql);
        return new Prepared(
                sql,
                rewritten,
                declaredTypes,
                catalog,
                catalog ? null : engineStatements.of(rewritten.sql()),
                new DescribedColumns());
    }

    private void bind(PgInput.Body body) throws IOException {
        String portalName = body.cstring();
        String statementName = body.cstring();
        Prepared statement = statement(statementName);
        short[] formats = new short[body.int16()];
        for (int index = 0; index < formats.length; index++) {
            formats[index] = (short) body.int16();
        }
        int count = body.int16();
        List<byte[]> values = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            int length = body.int32();
            values.add(length < 0 ? null : body.bytes(length));
        }
        short[] resultFormats = new short[body.int16()];
        for (int index = 0; index < resultFormats.length; index++) {
            resultFormats[index] = (short) body.int16();
        }
        if (count != statement.rewritten().parameterCount()) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "the statement has " + statement.rewritten().parameterCount() + " parameters, but " + count
                            + " values were bound");
        }
        List<String> texts = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            byte[] value = values.get(index);
            texts.add(
                    value == null
                            ? null
                            : format(formats, index) == 0
                                    ? new String(value, StandardCharsets.UTF_8)
                                    : binaryText(statement, index, value));
        }
        List<Object> parameters = statement.catalog() ? List.of() : parameters(statement, formats, values);
        Portal old = portals.put(portalName, new Portal(statement, parameters, texts, resultFormats));
        if (old != null) {
            old.close();
        }
        out.begin('2').end(); // BindComplete
    }

    /** A parameter bound in binary format as text, for the catalog answers; null when its type is unknown. */
    private static String binaryText(Prepared statement, int index, byte[] value) {
        PgType declared = index < statement.declaredTypes().length
                ? PgType.ofOid(statement.declaredTypes()[index])
                : null;
        return declared == null ? null : String.valueOf(declared.parseBinary(value));
    }

    /** The bound values as the engine's Java values, one per {@code ?} in the rewritten SQL. */
    private List<Object> parameters(Prepared statement, short[] formats, List<byte[]> values) {
        List<Integer> numbers = statement.rewritten().parameterNumbers();
        List<SqlTypeName> expected = numbers.isEmpty() ? List.of() : engineParameterTypes(statement);
        Map<Integer, Object> byNumber = new HashMap<>();
        for (int occurrence = 0; occurrence < numbers.size(); occurrence++) {
            int number = numbers.get(occurrence);
            if (byNumber.containsKey(number)) {
                continue;
            }
            int index = number - 1;
            byte[] value = values.get(index);
            PgType declared = index < statement.declaredTypes().length
                    ? PgType.ofOid(statement.declaredTypes()[index])
                    : null;
            SqlTypeName engineType = occurrence < expected.size() ? expected.get(occurrence) : null;
            PgType wanted = PgType.of(engineType);
            Object converted;
            if (value == null) {
                converted = engineType == null ? null : new SqlParameters.TypedNull(engineType);
            } else if (format(formats, index) == 1) {
                if (declared == null) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "parameter $" + number + " is in binary format without a known type;"
                                    + " declare its type or send it as text");
                }
                converted = declared.parseBinary(value);
            } else {
                String text = new String(value, StandardCharsets.UTF_8);
                converted =
                        PgType.parseText(text, wanted != null ? wanted : declared == PgType.UNKNOWN ? null : declared);
            }
            byNumber.put(number, converted);
        }
        List<Object> parameters = new ArrayList<>(numbers.size());
        for (int number : numbers) {
            parameters.add(byNumber.get(number));
        }
        return parameters;
    }

    private static List<SqlTypeName> engineParameterTypes(Prepared statement) {
        return statement.engine().parameterTypes();
    }

    private static int format(short[] formats, int index) {
        return formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[index];
    }

    private void describe(PgInput.Body body) throws IOException {
        char kind = (char) body.byte1();
        String name = body.cstring();
        if (kind == 'S') {
            Prepared statement = statement(name);
            describeStatement(statement);
            return;
        }
        Portal portal = portal(name);
        if (!portal.started()) {
            start(portal);
        }
        portal.described = true;
        if (portal.hasRows()) {
            List<PgCatalog.Column> columns = columns(portal);
            portal.statement.described().columns = columns;
            rowDescription(columns, portal.resultFormats);
        } else {
            out.begin('n').end(); // NoData
        }
    }

    /** ParameterDescription and RowDescription (or NoData) of a parsed statement, in text format. */
    private void describeStatement(Prepared statement) throws IOException {
        int count = statement.rewritten().parameterCount();
        List<SqlTypeName> engineTypes = statement.catalog() || count == 0 ? List.of() : engineParameterTypes(statement);
        int[] oids = new int[count];
        List<Integer> numbers = statement.rewritten().parameterNumbers();
        for (int index = 0; index < count; index++) {
            int declared = index < statement.declaredTypes().length ? statement.declaredTypes()[index] : 0;
            PgType inferred = null;
            int occurrence = numbers.indexOf(index + 1);
            if (occurrence >= 0 && occurrence < engineTypes.size()) {
                inferred = PgType.of(engineTypes.get(occurrence));
            }
            oids[index] = declared != 0 ? declared : inferred != null ? inferred.oid : PgType.TEXT.oid;
        }
        out.begin('t').int16(count);
        for (int oid : oids) {
            out.int32(oid);
        }
        out.end();
        List<PgCatalog.Column> columns;
        if (statement.catalog()) {
            PgCatalog.Answer answer = answer(statement, List.of());
            columns = answer == null ? List.of() : answer.columns();
        } else {
            List<Object> nulls = new ArrayList<>();
            for (SqlTypeName type : engineTypes) {
                nulls.add(type == null ? null : new SqlParameters.TypedNull(type));
            }
            while (nulls.size() < numbers.size()) {
                nulls.add(null);
            }
            columns = resultColumns(statement, nulls);
        }
        if (columns.isEmpty()) {
            out.begin('n').end();
        } else {
            statement.described().columns = columns;
            rowDescription(columns, new short[0]);
        }
    }

    private List<PgCatalog.Column> resultColumns(Prepared statement, List<Object> nulls) {
        StatementKind kind;
        try {
            kind = StatementKind.of(statement.rewritten().sql());
        } catch (QuiverException e) {
            return List.of();
        }
        if (kind != StatementKind.READ) {
            return List.of();
        }
        try {
            List<Field> fields = session.withSession(
                    engine -> engine.resultFields(statement.rewritten().sql(), nulls));
            return fields.stream()
                    .map(field -> new PgCatalog.Column(field.getName(), PgType.of(field.getType())))
                    .toList();
        } catch (QuiverException e) {
            return List.of(); // Execute reports the error
        }
    }

    private void execute(PgInput.Body body) throws IOException {
        String name = body.cstring();
        int maxRows = body.int32();
        Portal portal = portal(name);
        if (portal.done) { // read to its end already
            out.begin('C').cstring("SELECT 0").end();
            return;
        }
        if (!portal.started()) {
            start(portal);
            refuseChangedShape(portal);
        }
        sendRows(portal, maxRows);
    }

    /**
     * Refuses an execution without its own Describe whose result columns differ from the ones the
     * client was told (an ALTER or a new table since): the client would read the rows wrongly.
     */
    private void refuseChangedShape(Portal portal) {
        List<PgCatalog.Column> told = portal.statement.described().columns;
        if (portal.described || told == null || portal.answer != null || !portal.hasRows()) {
            return;
        }
        if (!columns(portal).equals(told)) {
            portals.values().remove(portal);
            portal.close();
            portal.statement.described().columns = null;
            throw new QuiverException(ErrorCode.UNSUPPORTED, RESULT_SHAPE_CHANGED);
        }
    }

    private void close(PgInput.Body body) throws IOException {
        char kind = (char) body.byte1();
        String name = body.cstring();
        if (kind == 'S') {
            statements.remove(name);
        } else {
            Portal portal = portals.remove(name);
            if (portal != null) {
                portal.close();
            }
        }
        out.begin('3').end(); // CloseComplete
    }

    private void closeUnnamedPortal() {
        Portal portal = portals.remove("");
        if (portal != null) {
            portal.close();
        }
    }

    private Prepared statement(String name) {
        Prepared statement = statements.get(name);
        if (statement == null) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "prepared statement \"" + name + "\" does not exist");
        }
        return statement;
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    // ---- running statements ----

    /** Runs the portal's statement: a catalog answer, an ignored SET, or the engine's stream. */
    private void start(Portal portal) {
        portal.startNanos = System.nanoTime();
        Prepared statement = portal.statement;
        if (statement.catalog()) {
            PgCatalog.Answer answer = answer(statement, portal.textParameters);
            portal.answer = answer != null ? answer : new PgCatalog.Answer(List.of(), List.of());
            return;
        }
        PgPreparedStatements.EngineStatement engineStatement = statement.engine();
        String sql = engineStatement.sql();
        StatementKind kind = StatementKind.READ;
        try {
            if (server.draining()) {
                throw new QuiverException(
                        ErrorCode.CANCELLED, "the server is shutting down and takes no new statements");
            }
            kind = engineStatement.kind();
            session.role().check(kind, session.user());
            if (!engineStatement.filesChecked()) {
                server.files.check(sql, session.role(), session.user());
                engineStatement.filesCheckedNow();
            }
            portal.admission = server.limits.admit();
            // a query runs on the plan its earlier executions made, while nothing it read changed
            portal.stream = session.withSession(
                    engine -> engine.stream(engineStatement.query(), portal.parameters, server.queryThreads));
            portal.admission.watch(portal.stream);
        } catch (RuntimeException e) {
            if (portal.admission != null) {
                portal.admission.close();
            }
            server.log.statement(
                    session.user(), kind.name(), sql, 0, System.nanoTime() - portal.startNanos, errorCode(e));
            throw e;
        }
    }

    private PgCatalog.Answer answer(Prepared statement, List<String> textParameters) {
        if (isIgnoredSetting(statement.originalSql()) || isNoOp(statement.originalSql())) {
            return null;
        }
        return PgCatalog.answer(statement.originalSql(), textParameters, this::relations, this::catalogQuery);
    }

    /**
     * Every table and view the catalog lists, in PostgreSQL's one level of schemas: Quiver's own in
     * {@code main}, an attached database's under its alias (its schema {@code main}) or
     * {@code alias.schema}.
     */
    private List<PgCatalog.Relation> relations() {
        return server.database.catalog().relations().stream()
                .map(relation -> new PgCatalog.Relation(
                        pgSchema(relation),
                        relation.name(),
                        relation.kind() == Relation.Kind.VIEW ? 'v' : 'r',
                        relation.columns().get(),
                        relation.constraints().get().namedKeys(relation.name()),
                        relation.kind() == Relation.Kind.VIEW && relation.catalog() == null
                                ? server.database
                                        .catalog()
                                        .view(relation.name())
                                        .map(ViewDefinition::querySql)
                                        .orElse(null)
                                : null))
                .toList();
    }

    private static String pgSchema(Relation relation) {
        if (relation.catalog() == null) {
            return relation.schema();
        }
        return relation.schema().equals(Relation.MAIN_SCHEMA)
                ? relation.catalog()
                : relation.catalog() + "." + relation.schema();
    }

    /**
     * A catalog query not recognised by its shape, run by the engine over the virtual catalog
     * relations. A query the engine cannot run answers no rows, as before: clients send such queries
     * for optional details (policies, partitions) and go on with none.
     */
    private PgCatalog.Answer catalogQuery(String sql, List<String> textParameters) {
        String rewritten = PgCatalogSql.rewrite(
                sql,
                textParameters,
                new PgCatalogTables(
                        relations(),
                        () -> PgFunctions.of(
                                server.database.catalog().functions().functions()),
                        session.user()),
                session.user());
        try (QueryStream stream = session.withSession(engine -> {
            if (StatementKind.of(rewritten) != StatementKind.READ) { // reads only: a catalog answer writes nothing
                throw new QuiverException(ErrorCode.INVALID_QUERY, "a catalog query only reads");
            }
            server.files.check(rewritten, session.role(), session.user());
            return engine.stream(rewritten, List.of(), server.queryThreads);
        })) {
            List<PgCatalog.Column> columns = stream.fields().stream()
                    .map(field -> new PgCatalog.Column(field.getName(), PgType.of(field.getType())))
                    .toList();
            List<List<Object>> rows = new ArrayList<>();
            for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                for (int row = 0; row < batch.rowCount(); row++) {
                    List<Object> values = new ArrayList<>(columns.size());
                    for (FieldVector column : batch.columns()) {
                        values.add(QueryResult.value(column, row));
                    }
                    rows.add(values);
                }
            }
            return new PgCatalog.Answer(columns, rows);
        } catch (QuiverException e) {
            server.log.statement(
                    session.user(), "CATALOG", sql, 0, 0, errorCode(e) + " answered with no rows: " + e.getMessage());
            return PgCatalog.Answer.NONE;
        }
    }

    /**
     * Sends up to {@code maxRows} rows (0: all), then CommandComplete — or PortalSuspended when rows
     * remain for the next Execute.
     */
    private void sendRows(Portal portal, int maxRows) throws IOException {
        Prepared statement = portal.statement;
        if (portal.answer != null) {
            if (portal.answer.columns().isEmpty()) { // an ignored SET
                out.begin('C')
                        .cstring(PgSql.commandTag(statement.originalSql(), false, 0))
                        .end();
                return;
            }
            List<PgCatalog.Column> columns = portal.answer.columns();
            for (List<Object> row : portal.answer.rows()) {
                out.begin('D').int16(columns.size());
                for (int column = 0; column < columns.size(); column++) {
                    value(row.get(column), columns.get(column).type(), format(portal.resultFormats, column));
                }
                out.end();
            }
            out.begin('C').cstring("SELECT " + portal.answer.rows().size()).end();
            portal.done = true;
            return;
        }
        QueryStream stream = portal.stream;
        String error = null;
        running = stream;
        try {
            if (!stream.hasRows()) {
                out.begin('C')
                        .cstring(PgSql.commandTag(statement.originalSql(), false, stream.updateCount()))
                        .end();
                return;
            }
            List<Field> fields = stream.fields();
            PgType[] types = new PgType[fields.size()];
            for (int column = 0; column < types.length; column++) {
                types[column] = PgType.of(fields.get(column).getType());
            }
            long sentNow = 0;
            while (true) {
                if (portal.batch == null || portal.batchRow >= portal.batch.rowCount()) {
                    portal.batch = stream.next();
                    portal.batchRow = 0;
                    if (portal.batch == null) {
                        break;
                    }
                    continue;
                }
                if (maxRows > 0 && sentNow == maxRows) {
                    out.begin('s').end(); // PortalSuspended
                    return;
                }
                List<FieldVector> columns = portal.batch.columns();
                out.begin('D').int16(columns.size());
                for (int column = 0; column < types.length; column++) {
                    value(
                            QueryResult.value(columns.get(column), portal.batchRow),
                            types[column],
                            format(portal.resultFormats, column));
                }
                out.end();
                portal.batchRow++;
                portal.rowsSent++;
                sentNow++;
            }
            out.begin('C').cstring("SELECT " + portal.rowsSent).end();
        } catch (RuntimeException e) {
            RuntimeException explained = portal.admission == null ? e : portal.admission.explain(e);
            error = errorCode(explained);
            throw explained;
        } finally {
            running = null;
            boolean finished = error != null || portal.batch == null;
            if (finished) {
                long rows = stream.hasRows() ? portal.rowsSent : stream.updateCount();
                server.log.statement(
                        session.user(),
                        kindName(statement),
                        statement.rewritten().sql(),
                        Math.max(rows, 0),
                        System.nanoTime() - portal.startNanos,
                        error);
                portal.close();
                portal.done = true;
            }
        }
    }

    private static String kindName(Prepared statement) {
        if (statement.engine() == null) {
            return "CATALOG";
        }
        try {
            return statement.engine().kind().name();
        } catch (QuiverException e) {
            return "UNKNOWN";
        }
    }

    private void value(Object value, PgType type, int format) {
        if (value == null) {
            out.int32(-1);
            return;
        }
        byte[] bytes = format == 1 ? type.binary(value) : PgType.text(value).getBytes(StandardCharsets.UTF_8);
        out.int32(bytes.length).bytes(bytes);
    }

    private void rowDescription(Portal portal) throws IOException {
        rowDescription(columns(portal), portal.resultFormats);
    }

    private static List<PgCatalog.Column> columns(Portal portal) {
        return portal.answer != null
                ? portal.answer.columns()
                : portal.stream.fields().stream()
                        .map(field -> new PgCatalog.Column(field.getName(), PgType.of(field.getType())))
                        .toList();
    }

    private void rowDescription(List<PgCatalog.Column> columns, short[] formats) throws IOException {
        out.begin('T').int16(columns.size());
        for (int column = 0; column < columns.size(); column++) {
            PgType type = columns.get(column).type();
            out.cstring(columns.get(column).name())
                    .int32(0) // table OID
                    .int16(0) // column number
                    .int32(type.oid)
                    .int16(type.length)
                    .int32(-1) // type modifier
                    .int16(format(formats, column));
        }
        out.end();
    }

    /** SET or RESET of a PostgreSQL setting Quiver has no use for. */
    private static boolean isIgnoredSetting(String sql) {
        List<String> words = PgSql.keywords(sql, 3);
        if (words.isEmpty()
                || !(words.getFirst().equals("SET") || words.getFirst().equals("RESET"))) {
            return false;
        }
        if (words.size() < 2) {
            return false;
        }
        String name = words.get(1);
        if ((name.equals("SESSION") || name.equals("LOCAL")) && words.size() > 2) {
            name = words.get(2).equals("CHARACTERISTICS") ? "SESSION" : words.get(2);
        }
        return IGNORED_SETTINGS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Statements of connection pools that have nothing to undo in Quiver. */
    private static boolean isNoOp(String sql) {
        List<String> words = PgSql.keywords(sql, 2);
        return !words.isEmpty()
                && (words.getFirst().equals("DISCARD") || words.getFirst().equals("DEALLOCATE"));
    }

    // ---- replies ----

    private void readyForQuery() throws IOException {
        boolean inTransaction = session.withSession(engine -> engine.inTransaction());
        if (!inTransaction) {
            failedTransaction = false;
        }
        out.begin('Z')
                .byte1(inTransaction ? (failedTransaction ? 'E' : 'T') : 'I')
                .end();
        out.flush();
    }

    private void error(QuiverException failure) throws IOException {
        if (session != null && session.withSession(engine -> engine.inTransaction())) {
            failedTransaction = true;
        }
        out.begin('E')
                .byte1('S')
                .cstring("ERROR")
                .byte1('V')
                .cstring("ERROR")
                .byte1('C')
                .cstring(failure.code().sqlState())
                .byte1('M')
                .cstring(failure.getMessage() == null ? failure.code().name() : failure.getMessage());
        if (RESULT_SHAPE_CHANGED.equals(failure.getMessage())) {
            // pgjdbc parses the statement again and retries (outside a transaction) on this routine
            out.byte1('R').cstring("RevalidateCachedQuery");
        }
        out.byte1(0).end();
    }

    private void fatal(String sqlState, String message) throws IOException {
        out.begin('E')
                .byte1('S')
                .cstring("FATAL")
                .byte1('V')
                .cstring("FATAL")
                .byte1('C')
                .cstring(sqlState)
                .byte1('M')
                .cstring(message)
                .byte1(0)
                .end();
        out.flush();
    }

    private static String errorCode(RuntimeException failure) {
        return failure instanceof QuiverException quiver ? quiver.code().name() : ErrorCode.INTERNAL.name();
    }
}
