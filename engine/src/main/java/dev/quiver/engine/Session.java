package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.plan.PlannedInsert;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
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
        return run(parse(sql));
    }

    /**
     * Runs statements separated by {@code ;} in order and returns the last one's result; stops at the
     * first failure.
     */
    public QueryResult executeScript(String script) {
        SqlNodeList statements = parseScript(script);
        if (statements.isEmpty()) {
            throw new QuiverException(ErrorCode.SYNTAX_ERROR, "no SQL statement to run");
        }
        QueryResult last = null;
        for (SqlNode statement : statements) {
            if (last != null) {
                last.close();
            }
            last = run(statement);
        }
        return last;
    }

    private QueryResult run(SqlNode statement) {
        if (statement.isA(SqlKind.QUERY)) {
            return query(new QueryPlanner(database.catalog()).plan(statement));
        }
        return switch (statement) {
            case SqlInsert insert -> insert(new QueryPlanner(database.catalog()).planInsert(insert));
            case SqlExplain explain -> explain(explain);
            default -> throw new QuiverException(ErrorCode.UNSUPPORTED,
                    statement.getKind() + " statements are not supported yet");
        };
    }

    private static SqlNode parse(String sql) {
        try {
            return SqlParser.create(sql, PARSER).parseStmt();
        } catch (SqlParseException e) {
            throw syntaxError(e);
        }
    }

    private static SqlNodeList parseScript(String script) {
        try {
            return SqlParser.create(script, PARSER).parseStmtList();
        } catch (SqlParseException e) {
            throw syntaxError(e);
        }
    }

    private static QuiverException syntaxError(SqlParseException e) {
        String message = e.getMessage().lines().findFirst().orElse("syntax error");
        return new QuiverException(ErrorCode.SYNTAX_ERROR, message, e.getPos().getLineNum(), e.getPos().getColumnNum(), e);
    }

    private QueryResult query(PlannedQuery plan) {
        BufferAllocator allocator = database.newQueryAllocator("query");
        try {
            return QueryResult.ofRows(plan.fields(), runToBatches(plan, allocator), allocator);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    /** Runs a planned query; the batches are allocated from (and must be freed before) {@code allocator}. */
    private List<Batch> runToBatches(PlannedQuery plan, BufferAllocator allocator) {
        ExecutionContext context = new ExecutionContext(allocator, database.config().threads(),
                database.config().batchRows());
        try (QueryState state = new QueryState(context)) {
            ResultCollector collector = new ResultCollector(plan.root());
            List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), collector);
            database.executor().run(pipelines, state);
            return state.<ResultCollector.Result>finished(collector).take();
        }
    }

    /** Appends the planned rows to the table, moved into table storage under the table's column names. */
    private QueryResult insert(PlannedInsert plan) {
        MemoryTable table = plan.table();
        List<Field> targetFields = table.schema().getFields();
        long inserted = 0;
        List<Batch> stored = new ArrayList<>();
        try (BufferAllocator allocator = database.newQueryAllocator("insert")) {
            List<Batch> batches = runToBatches(plan.rows(), allocator);
            try {
                for (Batch batch : batches) {
                    List<FieldVector> columns = new ArrayList<>(batch.columnCount());
                    for (int column = 0; column < batch.columnCount(); column++) {
                        Field target = targetFields.get(column);
                        FieldVector vector = batch.column(column);
                        if (!target.isNullable() && vector.getNullCount() > 0) {
                            columns.forEach(FieldVector::close);
                            throw new QuiverException(ErrorCode.NOT_NULL_VIOLATION, "NULL value in column "
                                    + target.getName() + " of table " + table.name() + ", which is NOT NULL");
                        }
                        columns.add(moveToStorage(vector, target));
                    }
                    stored.add(new Batch(columns, batch.rowCount()));
                    inserted += batch.rowCount();
                }
            } finally {
                batches.forEach(Batch::close);
            }
        } catch (RuntimeException e) {
            stored.forEach(Batch::close);
            throw e;
        }
        table.append(stored);
        return QueryResult.ofUpdateCount(inserted);
    }

    private FieldVector moveToStorage(FieldVector vector, Field target) {
        org.apache.arrow.vector.util.TransferPair pair = vector.getTransferPair(target, database.storageAllocator());
        pair.splitAndTransfer(0, vector.getValueCount());
        return (FieldVector) pair.getTo();
    }

    /** EXPLAIN: one VARCHAR column, one line per row — the logical plan, the Vec plan, the pipelines. */
    private QueryResult explain(SqlExplain explain) {
        PlannedQuery plan = new QueryPlanner(database.catalog()).plan(explain.getExplicandum());
        List<String> lines = new ArrayList<>();
        lines.add("Logical plan:");
        plan.logicalPlan().lines().forEach(line -> lines.add("  " + line));
        lines.add("Physical plan:");
        plan.physicalPlan().lines().forEach(line -> lines.add("  " + line));
        lines.add("Pipelines:");
        List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), new ResultCollector(plan.root()));
        for (int index = 0; index < pipelines.size(); index++) {
            lines.add("  " + (index + 1) + ". " + pipelines.get(index));
        }
        BufferAllocator allocator = database.newQueryAllocator("explain");
        VarCharVector text = new VarCharVector("explain", allocator);
        text.allocateNew(lines.size());
        for (int row = 0; row < lines.size(); row++) {
            text.setSafe(row, lines.get(row).getBytes(StandardCharsets.UTF_8));
        }
        text.setValueCount(lines.size());
        return QueryResult.ofRows(List.of(text.getField()), List.of(new Batch(List.of(text), lines.size())), allocator);
    }

    @Override
    public void close() {
    }
}
