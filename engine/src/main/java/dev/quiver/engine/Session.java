package dev.quiver.engine;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * One client's conversation with a database: runs SQL statements one at a time. Not thread-safe.
 */
public final class Session implements AutoCloseable {
    private static final SqlParser.Config PARSER = SqlParser.config()
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false)
            .withConformance(SqlConformanceEnum.LENIENT);

    private final Quiver database;

    Session(Quiver database) {
        this.database = database;
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
        SqlNode statement = parse(sql);
        if (statement.isA(SqlKind.QUERY)) {
            return query(statement);
        }
        throw new QuiverException(ErrorCode.UNSUPPORTED, statement.getKind() + " statements are not supported yet");
    }

    private static SqlNode parse(String sql) {
        try {
            return SqlParser.create(sql, PARSER).parseStmt();
        } catch (SqlParseException e) {
            String message = e.getMessage().lines().findFirst().orElse("syntax error");
            throw new QuiverException(ErrorCode.SYNTAX_ERROR, message, e.getPos().getLineNum(),
                    e.getPos().getColumnNum(), e);
        }
    }

    private QueryResult query(SqlNode statement) {
        PlannedQuery plan = new QueryPlanner(database.catalog()).plan(statement);
        BufferAllocator allocator = database.newQueryAllocator("query");
        try {
            ExecutionContext context = new ExecutionContext(allocator, database.config().threads(),
                    database.config().batchRows());
            try (QueryState state = new QueryState(context)) {
                ResultCollector collector = new ResultCollector(plan.root());
                List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), collector);
                database.executor().run(pipelines, state);
                List<Batch> batches = state.<ResultCollector.Result>finished(collector).take();
                return QueryResult.ofRows(plan.fields(), batches, allocator);
            }
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    @Override
    public void close() {
    }
}
