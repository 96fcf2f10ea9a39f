package dev.quiver.engine;

import dev.quiver.engine.catalog.AttachedDatabase;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.Transaction;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.Vectors;
import dev.quiver.engine.function.NestedCast;
import dev.quiver.engine.plan.PlannedInsert;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import dev.quiver.engine.plan.QuiverTypeFactory;
import dev.quiver.engine.source.TpcdsGenerator;
import dev.quiver.engine.source.TpchGenerator;
import dev.quiver.engine.sql.ColumnNames;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlColumnDeclaration;
import dev.quiver.engine.sql.ddl.SqlCreateTable;
import dev.quiver.engine.sql.ddl.SqlDropTable;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Statements that change tables: CREATE TABLE (with columns or AS a query), DROP TABLE, INSERT,
 * and {@code CALL tpch(sf)} / {@code CALL tpcds(sf)}, which create the TPC-H / TPC-DS tables. (UPDATE, DELETE and TRUNCATE
 * are {@link DataChangeStatements}.)
 *
 * <p>Catalog changes (CREATE, DROP) are written to the database's
 * {@link dev.quiver.engine.catalog.CatalogStore} first and reach memory only once it has committed
 * them; both steps run under the store's lock, so the file and memory see changes in the same order.
 * The expensive part (running the query that produces the rows) happens before, outside the lock.
 * INSERT adds rows to the session's {@link Transaction}, which writes them when it commits.
 */
final class TableStatements {
    private final Quiver database;
    private final QueryStatements queries;

    private final ConstraintChecks constraints;

    TableStatements(Quiver database, QueryStatements queries) {
        this.database = database;
        this.queries = queries;
        this.constraints = new ConstraintChecks(queries);
    }

    /** Checks a new version of a table against its constraints, seeing the transaction's other tables. */
    Transaction.VersionCheck constraintsOf(Transaction transaction) {
        return next -> constraints.check(next, transaction);
    }

    /**
     * Appends the planned rows to the transaction's version of the table; nothing is appended if
     * any batch fails. They are committed with the transaction.
     */
    QueryResult insert(PlannedInsert plan, Transaction transaction) {
        List<Batch> stored = runIntoStorage(
                plan.rows(), plan.table().schema().getFields(), plan.table().name(), batch -> {});
        long rows = stored.stream().mapToLong(Batch::rowCount).sum();
        transaction.append(plan.table().name(), stored, constraintsOf(transaction));
        return QueryResult.ofUpdateCount(rows);
    }

    /**
     * Runs a query and moves its rows into table storage under {@code targetFields}' names, checking
     * NOT NULL columns; columns of the query beyond those fields are left out, after
     * {@code inspect} has seen each result batch. The caller owns the returned batches.
     */
    List<Batch> runIntoStorage(PlannedQuery plan, List<Field> targetFields, String tableName, Consumer<Batch> inspect) {
        List<Batch> stored = new ArrayList<>();
        try (BufferAllocator allocator = queries.newAllocator("insert")) {
            List<Batch> batches = queries.runToBatches(plan, allocator);
            try {
                for (Batch batch : batches) {
                    inspect.accept(batch);
                    List<FieldVector> columns = new ArrayList<>(targetFields.size());
                    try {
                        for (int column = 0; column < targetFields.size(); column++) {
                            Field target = targetFields.get(column);
                            FieldVector vector = batch.column(column);
                            if (!target.isNullable() && vector.getNullCount() > 0) {
                                throw new QuiverException(
                                        ErrorCode.NOT_NULL_VIOLATION,
                                        "NULL value in column " + target.getName() + " of table " + tableName
                                                + ", which is NOT NULL");
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

    /**
     * CREATE TABLE: at once in the store and the catalog, or, inside a transaction ({@code explicit}
     * not null), in the transaction, which writes it when it commits.
     */
    QueryResult createTable(SqlCreateTable create, Transaction explicit) {
        refuseAttached(create.name(), "create a table in it");
        String name = queries.names().forCreate(create.name(), create.temporary());
        boolean exists = explicit != null
                ? explicit.table(name).isPresent()
                : database.catalog().table(name).isPresent();
        if (exists && create.ifNotExists()) {
            return QueryResult.ofUpdateCount(0);
        }
        if (exists && !create.replace()) {
            throw new QuiverException(
                    ErrorCode.TABLE_EXISTS,
                    "Table " + QualifiedName.of(name).name() + " already exists",
                    create.name().getParserPosition().getLineNum(),
                    create.name().getParserPosition().getColumnNum(),
                    null);
        }
        MemoryTable table;
        if (create.query().isPresent()) {
            PlannedQuery plan = queries.planner().plan(create.query().get());
            // repeated names get DuckDB's suffixes (x, x_1), as CREATE TABLE … AS does there
            List<Field> fields =
                    renamed(plan.fields().stream().map(TypeMapping::storedField).toList());
            table = new MemoryTable(name, new Schema(fields), runIntoStorage(plan, fields, name, batch -> {}));
        } else {
            QueryPlanner planner = queries.planner();
            List<Field> fields = new ArrayList<>();
            Map<String, String> defaults = new LinkedHashMap<>();
            for (SqlColumnDeclaration column : create.columns()) {
                RelDataType type = planner.resolveType(column.type());
                Field declared = TypeMapping.toField(simpleName(column.name()), type);
                fields.add(new Field(
                        declared.getName(),
                        new FieldType(!column.notNull(), declared.getType(), null),
                        declared.getChildren()));
                if (column.defaultValue() != null) {
                    defaults.put(simpleName(column.name()), checkedDefault(column.defaultValue(), fields.getLast()));
                }
            }
            checkDistinctNames(fields, name);
            table = new MemoryTable(
                    name, ConstraintChecks.declare(create.constraints(), fields, defaults, name), List.of());
            try {
                constraints.check(table, database.catalog()); // a CHECK naming no column fails here
            } catch (RuntimeException e) {
                table.close();
                throw e;
            }
        }
        if (explicit != null) {
            explicit.createTable(table, create.replace());
            return QueryResult.ofUpdateCount(create.query().isPresent() ? table.rowCount() : 0);
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

    /**
     * A column's DEFAULT expression as the text to keep, once it has planned as a value of the
     * column's type: it may name no column (DuckDB refuses that too) and must convert to the type.
     */
    String checkedDefault(SqlNode expression, Field column) {
        String text = ConstraintChecks.sqlText(expression);
        String type = TypeMapping.toSql(column, new QuiverTypeFactory()).getFullTypeString();
        try {
            queries.planner()
                    .plan(SqlParsing.parseStatement("SELECT CAST((" + text + ") AS " + sqlTypeName(column) + ")"));
        } catch (QuiverException e) {
            throw new QuiverException(
                    e.code(),
                    "DEFAULT value of column " + column.getName() + " (" + type + ") is not valid: " + e.getMessage(),
                    expression.getParserPosition().getLineNum(),
                    expression.getParserPosition().getColumnNum(),
                    e);
        }
        return text;
    }

    /** The SQL type of a column as Quiver's parser reads it in a CAST. */
    static String sqlTypeName(Field column) {
        return NestedCast.typeSpec(TypeMapping.toSql(column, new QuiverTypeFactory()))
                .toSqlString(config -> config.withDialect(SqlParsing.DIALECT).withQuoteAllIdentifiers(false))
                .getSql();
    }

    /** {@code fields} under {@link ColumnNames#distinct} names. */
    static List<Field> renamed(List<Field> fields) {
        List<String> names =
                ColumnNames.distinct(fields.stream().map(Field::getName).toList());
        List<Field> renamed = new ArrayList<>();
        for (int index = 0; index < fields.size(); index++) {
            Field field = fields.get(index);
            renamed.add(
                    field.getName().equals(names.get(index))
                            ? field
                            : new Field(names.get(index), field.getFieldType(), field.getChildren()));
        }
        return renamed;
    }

    private static void checkDistinctNames(List<Field> fields, String table) {
        Set<String> seen = new HashSet<>();
        for (Field field : fields) {
            if (!seen.add(field.getName().toLowerCase(Locale.ROOT))) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "column " + field.getName() + " appears more than once in table " + table);
            }
        }
    }

    /** DROP TABLE: at once, or inside a transaction ({@code explicit} not null) when it commits. */
    QueryResult dropTable(SqlDropTable drop, Transaction explicit) {
        refuseAttached(drop.name(), "drop its table " + drop.name());
        String name = queries.tableName(drop.name());
        boolean dropped;
        if (explicit != null) {
            dropped = explicit.dropTable(name);
        } else {
            synchronized (database.store()) {
                dropped = database.catalog().table(name).isPresent();
                if (dropped) {
                    database.store().dropTable(name);
                    database.catalog().drop(name);
                }
            }
        }
        if (!dropped && !drop.ifExists()) {
            throw new QuiverException(
                    ErrorCode.UNKNOWN_TABLE,
                    "Table " + drop.name().names.getLast() + " does not exist",
                    drop.name().getParserPosition().getLineNum(),
                    drop.name().getParserPosition().getColumnNum(),
                    null);
        }
        return QueryResult.ofUpdateCount(0);
    }

    /** A qualified name whose first part is an attached database: it is read-only, say so. */
    void refuseAttached(SqlIdentifier name, String what) {
        if (!name.isSimple()
                && database.catalog().attached(name.names.getFirst()).isPresent()) {
            QuiverException refusal = AttachedDatabase.readOnly(name.names.getFirst(), what);
            throw new QuiverException(
                    refusal.code(),
                    refusal.getMessage(),
                    name.getParserPosition().getLineNum(),
                    name.getParserPosition().getColumnNum(),
                    null);
        }
    }

    static String simpleName(SqlIdentifier identifier) {
        if (!identifier.isSimple()) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "schema-qualified names (" + identifier + ") are not supported yet",
                    identifier.getParserPosition().getLineNum(),
                    identifier.getParserPosition().getColumnNum(),
                    null);
        }
        return identifier.getSimple();
    }

    /**
     * {@code CALL tpch(sf)} and {@code CALL tpcds(sf)}: generate the eight TPC-H or the 24 TPC-DS
     * tables, replacing tables of those names.
     */
    QueryResult procedure(SqlCall call) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        SqlParserPos position = call.getParserPosition();
        if (!name.equals("tpch") && !name.equals("tpcds")) {
            throw new QuiverException(
                    ErrorCode.UNKNOWN_FUNCTION,
                    "Procedure " + name
                            + " does not exist (Quiver has CALL tpch(scale_factor) and CALL tpcds(scale_factor))",
                    position.getLineNum(),
                    position.getColumnNum(),
                    null);
        }
        List<SqlNode> operands = call.getOperandList();
        if (operands.size() != 1
                || !(operands.getFirst() instanceof SqlNumericLiteral literal)
                || literal.bigDecimalValue().signum() <= 0) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "CALL " + name + " takes one positive number, the scale factor, e.g. CALL " + name + "(0.01)",
                    position.getLineNum(),
                    position.getColumnNum(),
                    null);
        }
        double scaleFactor = literal.bigDecimalValue().doubleValue();
        int batchRows = database.config().batchRows();
        int threads = database.config().threads();
        List<MemoryTable> tables = name.equals("tpch")
                ? TpchGenerator.generate(scaleFactor, batchRows, threads, database.storageAllocator())
                : TpcdsGenerator.generate(scaleFactor, batchRows, threads, database.storageAllocator());
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
}
