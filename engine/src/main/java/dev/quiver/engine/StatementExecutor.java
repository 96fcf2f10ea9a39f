package dev.quiver.engine;

import dev.quiver.engine.catalog.AttachedDatabase;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.vector.Vectors;
import dev.quiver.engine.plan.PlannedInsert;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import dev.quiver.engine.source.DuckDbReader;
import dev.quiver.engine.source.TpchGenerator;
import dev.quiver.engine.sql.ddl.SqlAttach;
import dev.quiver.engine.sql.ddl.SqlDetach;
import dev.quiver.engine.sql.ddl.SqlColumnDeclaration;
import dev.quiver.engine.sql.ddl.SqlCreateFunction;
import dev.quiver.engine.sql.ddl.SqlCreateTable;
import dev.quiver.engine.sql.ddl.SqlDropFunction;
import dev.quiver.engine.sql.ddl.SqlDropTable;
import dev.quiver.engine.sql.ddl.SqlShow;
import dev.quiver.engine.type.TypeMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Runs parsed statements against a database: queries, INSERT, EXPLAIN and table DDL. Each
 * statement gets its own planner and, for queries, its own memory-limited allocator.
 *
 * <p>Catalog changes are written to the database's {@link dev.quiver.engine.catalog.CatalogStore}
 * first and reach memory only once it has committed them; both steps run under the store's lock, so
 * the file and memory see changes in the same order. The expensive part (running the query that
 * produces the rows) happens before, outside the lock.
 */
final class StatementExecutor {
    /** The name SHOW DATABASES gives Quiver's own in-memory database: DuckDB's name for its own. */
    private static final String MAIN_DATABASE = "memory";

    private final Quiver database;
    private final FunctionStatements functions;
    /** The context of the query running now, for cancel() and progress() from other threads. */
    private volatile ExecutionContext running;
    /** Set by cancel() while a statement runs, so that a cancel during planning stops the query it plans. */
    private volatile boolean cancelRequested;

    StatementExecutor(Quiver database) {
        this.database = database;
        this.functions = new FunctionStatements(database);
    }

    /** Re-creates a stored function while the database opens (it is stored already). */
    void replayFunction(SqlCreateFunction create) {
        functions.create(create, planner(), true);
    }

    QueryResult run(SqlNode statement) {
        cancelRequested = false;
        if (statement.isA(SqlKind.QUERY)) {
            return query(planner().plan(statement));
        }
        return switch (statement) {
            case SqlInsert insert -> insert(planner().planInsert(insert));
            case SqlExplain explain -> explain(explain.getExplicandum());
            case SqlCreateTable create -> createTable(create);
            case SqlDropTable drop -> dropTable(drop);
            case SqlShow show when show.what() == SqlShow.What.TABLES && show.database() != null ->
                    showAttachedTables(show.database());
            case SqlShow show when show.what() == SqlShow.What.TABLES -> showTables();
            case SqlShow show when show.what() == SqlShow.What.FUNCTIONS -> functions.show(show.database());
            case SqlCreateFunction create -> functions.create(create, planner(), false);
            case SqlDropFunction drop -> functions.drop(drop);
            case SqlShow show when show.what() == SqlShow.What.DATABASES -> showDatabases();
            case SqlAttach attach -> attach(attach);
            case SqlDetach detach -> detach(detach);
            case SqlCall call when call.getKind() == SqlKind.PROCEDURE_CALL -> procedure(call.operand(0));
            default -> throw new QuiverException(ErrorCode.UNSUPPORTED,
                    statement.getKind().lowerName.replace('_', ' ').toUpperCase(Locale.ROOT)
                            + " statements are not supported yet");
        };
    }

    private QueryPlanner planner() {
        return new QueryPlanner(database.catalog(), database::files, database.config().batchRows(),
                database.config().sourcePushdown());
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
        running = context;
        if (cancelRequested) { // cancel() came before the query started
            context.cancel();
        }
        try (QueryState state = new QueryState(context)) {
            ResultCollector collector = new ResultCollector(plan.root());
            List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), collector);
            database.executor().run(pipelines, state);
            return state.<ResultCollector.Result>finished(collector).take();
        } finally {
            running = null;
        }
    }

    /** Cancels the running query, if any; it fails with CANCELLED. Any thread. */
    void cancel() {
        cancelRequested = true; // before reading running: runToBatches sets running, then reads the flag
        ExecutionContext context = running;
        if (context != null) {
            context.cancel();
        }
    }

    /** Rows scanned and rows to scan by the running query, or null when none runs. Any thread. */
    long[] progress() {
        ExecutionContext context = running;
        return context == null ? null : new long[] {context.rowsScanned(), context.rowsToScan()};
    }

    /** Appends the planned rows to the table; nothing is appended if any batch fails. */
    private QueryResult insert(PlannedInsert plan) {
        List<Batch> stored = runIntoStorage(plan.rows(), plan.table().schema().getFields(), plan.table().name());
        try {
            synchronized (database.store()) {
                database.store().insert(plan.table(), stored);
                plan.table().append(stored);
            }
        } catch (RuntimeException e) {
            stored.forEach(Batch::close);
            throw e;
        }
        return QueryResult.ofUpdateCount(stored.stream().mapToLong(Batch::rowCount).sum());
    }

    /**
     * Runs a query and moves its rows into table storage under {@code targetFields}' names, checking
     * NOT NULL columns. The caller owns the returned batches.
     */
    private List<Batch> runIntoStorage(PlannedQuery plan, List<Field> targetFields, String tableName) {
        List<Batch> stored = new ArrayList<>();
        try (BufferAllocator allocator = database.newQueryAllocator("insert")) {
            List<Batch> batches = runToBatches(plan, allocator);
            try {
                for (Batch batch : batches) {
                    List<FieldVector> columns = new ArrayList<>(batch.columnCount());
                    try {
                        for (int column = 0; column < batch.columnCount(); column++) {
                            Field target = targetFields.get(column);
                            FieldVector vector = batch.column(column);
                            if (!target.isNullable() && vector.getNullCount() > 0) {
                                throw new QuiverException(ErrorCode.NOT_NULL_VIOLATION, "NULL value in column "
                                        + target.getName() + " of table " + tableName + ", which is NOT NULL");
                            }
                            columns.add(moveToStorage(vector, target));
                        }
                    } catch (RuntimeException e) {
                        columns.forEach(FieldVector::close);
                        throw e;
                    }
                    stored.add(new Batch(columns, batch.rowCount()));
                }
            } finally {
                batches.forEach(Batch::close);
            }
        } catch (RuntimeException e) {
            stored.forEach(Batch::close);
            throw e;
        }
        return stored;
    }

    /**
     * Copies a result column into table storage. A copy, not a transfer: query results may share
     * buffers with other vectors of the query (pass-through columns, constants), and stored data
     * must not keep any of the query's memory alive.
     */
    private FieldVector moveToStorage(FieldVector vector, Field target) {
        return Vectors.copy(vector, target, database.storageAllocator());
    }

    private QueryResult createTable(SqlCreateTable create) {
        refuseAttached(create.name(), "create a table in it");
        String name = simpleName(create.name());
        boolean exists = database.catalog().table(name).isPresent();
        if (exists && create.ifNotExists()) {
            return QueryResult.ofUpdateCount(0);
        }
        if (exists && !create.replace()) {
            throw new QuiverException(ErrorCode.TABLE_EXISTS, "Table " + name + " already exists",
                    create.name().getParserPosition().getLineNum(), create.name().getParserPosition().getColumnNum(), null);
        }
        MemoryTable table;
        if (create.query().isPresent()) {
            PlannedQuery plan = planner().plan(create.query().get());
            List<Field> fields = plan.fields().stream()
                    .map(field -> new Field(field.getName(), FieldType.nullable(field.getType()), field.getChildren()))
                    .toList();
            checkDistinctNames(fields, name);
            table = new MemoryTable(name, new Schema(fields), runIntoStorage(plan, fields, name));
        } else {
            QueryPlanner planner = planner();
            List<Field> fields = new ArrayList<>();
            for (SqlColumnDeclaration column : create.columns()) {
                RelDataType type = planner.resolveType(column.type());
                fields.add(new Field(simpleName(column.name()),
                        new FieldType(!column.notNull(), TypeMapping.toArrow(type), null), null));
            }
            checkDistinctNames(fields, name);
            table = new MemoryTable(name, new Schema(fields), List.of());
        }
        try {
            synchronized (database.store()) {
                if (!create.replace() && database.catalog().table(name).isPresent()) {
                    if (create.ifNotExists()) {
                        table.close(); // created concurrently by another session
                        return QueryResult.ofUpdateCount(0);
                    }
                    throw new QuiverException(ErrorCode.TABLE_EXISTS, "Table " + name + " already exists");
                }
                database.store().createTable(table, create.replace());
                database.catalog().createOrReplace(table);
            }
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        return QueryResult.ofUpdateCount(create.query().isPresent() ? table.rowCount() : 0);
    }

    private static void checkDistinctNames(List<Field> fields, String table) {
        Set<String> seen = new HashSet<>();
        for (Field field : fields) {
            if (!seen.add(field.getName().toLowerCase(Locale.ROOT))) {
                throw new QuiverException(ErrorCode.INVALID_QUERY, "column " + field.getName()
                        + " appears more than once in table " + table);
            }
        }
    }

    private QueryResult dropTable(SqlDropTable drop) {
        refuseAttached(drop.name(), "drop its table " + drop.name());
        String name = simpleName(drop.name());
        boolean dropped;
        synchronized (database.store()) {
            dropped = database.catalog().table(name).isPresent();
            if (dropped) {
                database.store().dropTable(name);
                database.catalog().drop(name);
            }
        }
        if (!dropped && !drop.ifExists()) {
            throw new QuiverException(ErrorCode.UNKNOWN_TABLE, "Table " + name + " does not exist",
                    drop.name().getParserPosition().getLineNum(), drop.name().getParserPosition().getColumnNum(), null);
        }
        return QueryResult.ofUpdateCount(0);
    }

    /** A qualified name whose first part is an attached database: it is read-only, say so. */
    private void refuseAttached(SqlIdentifier name, String what) {
        if (!name.isSimple() && database.catalog().attached(name.names.getFirst()).isPresent()) {
            QuiverException refusal = AttachedDatabase.readOnly(name.names.getFirst(), what);
            throw new QuiverException(refusal.code(), refusal.getMessage(), name.getParserPosition().getLineNum(),
                    name.getParserPosition().getColumnNum(), null);
        }
    }

    /**
     * {@code ATTACH 'f.duckdb' [AS alias]}: opens the file read-only in a DuckDB instance of its own.
     * The alias defaults to the file's name without its extension, as in DuckDB.
     */
    private QueryResult attach(SqlAttach attach) {
        SqlParserPos position = attach.getParserPosition();
        for (SqlAttach.Option option : attach.options()) {
            checkAttachOption(option);
        }
        Path path = Path.of(attach.path());
        String alias = attach.alias() != null ? attach.alias().getSimple() : defaultAlias(path);
        if (alias.equalsIgnoreCase(MAIN_DATABASE)) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "'" + alias + "' names Quiver's own database;"
                    + " attach the file under another name with AS", position.getLineNum(), position.getColumnNum(), null);
        }
        if (database.catalog().attached(alias).isPresent()) {
            if (attach.ifNotExists()) {
                return QueryResult.ofUpdateCount(0);
            }
        }
        AttachedDatabase attached;
        try {
            attached = AttachedDatabase.open(alias, path);
        } catch (QuiverException e) {
            throw new QuiverException(e.code(), e.getMessage(), position.getLineNum(), position.getColumnNum(), e);
        }
        try {
            database.catalog().attach(attached);
        } catch (QuiverException e) {
            attached.close();
            if (attach.ifNotExists()) {
                return QueryResult.ofUpdateCount(0); // attached under that alias meanwhile
            }
            throw new QuiverException(e.code(), e.getMessage(), position.getLineNum(), position.getColumnNum(), null);
        }
        return QueryResult.ofUpdateCount(0);
    }

    private static void checkAttachOption(SqlAttach.Option option) {
        String name = option.name().getSimple().toLowerCase(Locale.ROOT);
        String value = option.value() == null ? null
                : option.value() instanceof SqlLiteral literal ? String.valueOf(literal.toValue())
                : option.value().toString();
        SqlParserPos position = option.name().getParserPosition();
        boolean fine = switch (name) {
            case "read_only" -> value == null || value.equalsIgnoreCase("true");
            case "type" -> value != null && value.equalsIgnoreCase("duckdb");
            default -> throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "unknown ATTACH option " + name
                    + "; Quiver knows READ_ONLY and TYPE duckdb", position.getLineNum(), position.getColumnNum(), null);
        };
        if (!fine) {
            throw new QuiverException(ErrorCode.UNSUPPORTED, name.equals("type")
                    ? "Quiver attaches only DuckDB database files (TYPE duckdb), not " + value
                    : "Quiver attaches DuckDB database files read-only; READ_ONLY " + value + " is not supported",
                    position.getLineNum(), position.getColumnNum(), null);
        }
    }

    /** DuckDB's default alias: the file name up to its first dot ({@code data/shop.duckdb} → {@code shop}). */
    private static String defaultAlias(Path path) {
        String fileName = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        int dot = fileName.indexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private QueryResult detach(SqlDetach detach) {
        String alias = detach.alias().getSimple();
        if (!database.catalog().detach(alias) && !detach.ifExists()) {
            throw new QuiverException(ErrorCode.UNKNOWN_TABLE, "no database is attached as " + alias
                    + (attachedAliases().isEmpty() ? "" : " (attached: " + String.join(", ", attachedAliases()) + ")"),
                    detach.alias().getParserPosition().getLineNum(), detach.alias().getParserPosition().getColumnNum(),
                    null);
        }
        return QueryResult.ofUpdateCount(0);
    }

    private List<String> attachedAliases() {
        return database.catalog().attachedDatabases().stream().map(AttachedDatabase::alias).toList();
    }

    private static String simpleName(SqlIdentifier identifier) {
        if (!identifier.isSimple()) {
            throw new QuiverException(ErrorCode.UNSUPPORTED, "schema-qualified names (" + identifier
                    + ") are not supported yet", identifier.getParserPosition().getLineNum(),
                    identifier.getParserPosition().getColumnNum(), null);
        }
        return identifier.getSimple();
    }

    /** {@code CALL tpch(sf)}: generates the eight TPC-H tables, replacing tables of those names. */
    private QueryResult procedure(SqlCall call) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        SqlParserPos position = call.getParserPosition();
        if (!name.equals("tpch")) {
            throw new QuiverException(ErrorCode.UNKNOWN_FUNCTION, "Procedure " + name
                    + " does not exist (Quiver has CALL tpch(scale_factor))", position.getLineNum(),
                    position.getColumnNum(), null);
        }
        List<SqlNode> operands = call.getOperandList();
        if (operands.size() != 1 || !(operands.getFirst() instanceof SqlNumericLiteral literal)
                || literal.bigDecimalValue().signum() <= 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT,
                    "CALL tpch takes one positive number, the scale factor, e.g. CALL tpch(0.01)",
                    position.getLineNum(), position.getColumnNum(), null);
        }
        double scaleFactor = literal.bigDecimalValue().doubleValue();
        List<MemoryTable> tables = TpchGenerator.generate(scaleFactor, database.config().batchRows(),
                database.config().threads(), database.storageAllocator());
        for (int index = 0; index < tables.size(); index++) {
            MemoryTable table = tables.get(index);
            try {
                synchronized (database.store()) {
                    database.store().createTable(table, true);
                    database.catalog().createOrReplace(table);
                }
            } catch (RuntimeException e) {
                tables.subList(index, tables.size()).forEach(MemoryTable::close);
                throw e;
            }
        }
        return QueryResult.ofUpdateCount(0);
    }

    private QueryResult showTables() {
        List<String> names = database.catalog().tables().stream().map(MemoryTable::name).toList();
        return textResult("name", names);
    }

    /** {@code SHOW TABLES FROM alias}: the tables of every schema of an attached database, by name. */
    private QueryResult showAttachedTables(SqlIdentifier alias) {
        AttachedDatabase attached = database.catalog().attached(alias.getSimple()).orElseThrow(() ->
                new QuiverException(ErrorCode.UNKNOWN_TABLE, "no database is attached as " + alias.getSimple(),
                        alias.getParserPosition().getLineNum(), alias.getParserPosition().getColumnNum(), null));
        List<String> names = attached.tables().stream().map(DuckDbReader.DatabaseTableInfo::name).sorted().toList();
        return textResult("name", names);
    }

    /** {@code SHOW DATABASES}: Quiver's own ({@value #MAIN_DATABASE}, as DuckDB calls its) and the attached ones. */
    private QueryResult showDatabases() {
        List<String> names = new ArrayList<>();
        names.add(MAIN_DATABASE);
        names.addAll(attachedAliases());
        return textResult("database_name", names);
    }

    /** EXPLAIN: one VARCHAR column, one line per row — the logical plan, the Vec plan, the pipelines. */
    private QueryResult explain(SqlNode explicandum) {
        PlannedQuery plan = planner().plan(explicandum);
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
        return textResult("explain", lines);
    }

    private QueryResult textResult(String column, List<String> lines) {
        return QueryResult.ofText(List.of(column), lines.stream().map(List::of).toList(),
                database.newQueryAllocator(column));
    }
}
