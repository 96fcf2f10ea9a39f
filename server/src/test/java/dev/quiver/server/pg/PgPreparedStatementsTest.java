package dev.quiver.server.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.QueryStream;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.StatementKind;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.server.auth.Role;
import dev.quiver.server.session.ClientSession;
import dev.quiver.server.session.ServerLog;
import dev.quiver.server.session.SessionRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's engine statements: one per SQL text, whose query plan executions reuse, and whose
 * parameter types are worked out again only when the catalog changed.
 */
class PgPreparedStatementsTest {
    private final Quiver database = Quiver.open();
    private final SessionRegistry sessions = new SessionRegistry(
            database,
            new ServerLog(new PrintStream(OutputStream.nullOutputStream()), ServerLog.Level.QUIET),
            Duration.ofMinutes(1),
            10);
    private final ClientSession session = sessions.open("alice", Role.ADMIN).session();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final PipelineExecutor queryThreads = new PipelineExecutor(threads);

    @AfterEach
    void close() {
        sessions.close();
        threads.shutdownNow();
        database.close();
    }

    @Test
    void oneTextIsOneStatementWhosePlanExecutionsReuse() {
        session.withSession(engine -> engine.execute("CREATE TABLE points AS SELECT range AS id FROM range(10)"))
                .close();
        PgPreparedStatements statements = new PgPreparedStatements(session);
        String sql = "SELECT id * 2 AS twice FROM points WHERE id = ?";
        PgPreparedStatements.EngineStatement statement = statements.of(sql);
        assertThat(statements.of(sql)).isSameAs(statement);
        assertThat(statement.kind()).isEqualTo(StatementKind.READ);
        for (long id = 0; id < 10; id++) {
            assertThat(run(statement, id)).containsExactly(id * 2);
        }
        assertThat(statement.query().plansMade()).isEqualTo(1);
        session.withSession(engine -> engine.execute("INSERT INTO points VALUES (10)"))
                .close();
        assertThat(run(statement, 10L)).containsExactly(20L);
        assertThat(statement.query().plansMade()).isEqualTo(2);
    }

    @Test
    void parameterTypesFollowTheCatalog() {
        session.withSession(engine -> engine.execute("CREATE TABLE typed (v INTEGER)"))
                .close();
        PgPreparedStatements.EngineStatement statement =
                new PgPreparedStatements(session).of("SELECT * FROM typed WHERE v = ?");
        assertThat(statement.parameterTypes()).containsExactly(SqlTypeName.INTEGER);
        session.withSession(engine -> engine.execute("DROP TABLE typed")).close();
        session.withSession(engine -> engine.execute("CREATE TABLE typed (v VARCHAR)"))
                .close();
        assertThat(statement.parameterTypes()).containsExactly(SqlTypeName.VARCHAR);
        session.withSession(engine -> engine.execute("DROP TABLE typed")).close();
        assertThat(statement.parameterTypes()).isEmpty(); // invalid now: its error shows when it runs
    }

    private List<Object> run(PgPreparedStatements.EngineStatement statement, Object value) {
        List<Object> values = new ArrayList<>();
        try (QueryStream stream =
                session.withSession(engine -> engine.stream(statement.query(), List.of(value), queryThreads))) {
            for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                for (int row = 0; row < batch.rowCount(); row++) {
                    values.add(QueryResult.value(batch.columns().getFirst(), row));
                }
            }
        }
        return values;
    }
}
