package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.TableLookup;
import dev.quiver.engine.catalog.Transaction;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.source.DuckDbCopy;
import dev.quiver.engine.sql.SelectNodes;
import dev.quiver.engine.sql.ddl.SqlAttach;
import dev.quiver.engine.sql.ddl.SqlCopy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * COPY ... TO and COPY ... FROM: rows between a table (or a query) and a file, the file written or
 * read by DuckDB's own COPY (see {@link DuckDbCopy}) so that formats and options are DuckDB's. A COPY
 * FROM is an INSERT of the file's rows: column lists, defaults, constraints and transactions work as
 * they do for INSERT.
 */
final class CopyStatements {
    private static final AtomicLong SOURCE_COUNTER = new AtomicLong();

    private final Quiver database;
    private final TableStatements tables;
    private final QueryStatements queries;

    CopyStatements(Quiver database, TableStatements tables, QueryStatements queries) {
        this.database = database;
        this.tables = tables;
        this.queries = queries;
    }

    /** Runs {@code copy}; its update count is the number of rows written or read. */
    QueryResult copy(SqlCopy copy, Transaction transaction) {
        List<DuckDbCopy.Option> options = options(copy);
        return copy.isFrom() ? copyFrom(copy, options, transaction) : copyTo(copy, options);
    }

    private QueryResult copyTo(SqlCopy copy, List<DuckDbCopy.Option> options) {
        SqlNode query = copy.query();
        if (query == null) {
            SqlParserPos pos = copy.table().getParserPosition();
            SqlNodeList columns = copy.columns() != null ? copy.columns() : SqlNodeList.of(SqlIdentifier.star(pos));
            query = SelectNodes.select(pos, columns, copy.table(), null);
        }
        PlannedQuery plan = queries.planner().plan(query);
        try (BufferAllocator allocator = queries.newAllocator("copy to")) {
            List<Batch> batches = queries.runToBatches(plan, allocator);
            try {
                long rows = DuckDbCopy.write(
                        database.files(), new Schema(plan.fields()), batches, copy.path(), options, allocator);
                return QueryResult.ofUpdateCount(rows);
            } finally {
                batches.forEach(Batch::close);
            }
        }
    }

    /**
     * Reads the file into rows of the target columns' types, then inserts them with an INSERT planned
     * over a lookup that also sees those rows, as a table of a name no user table can have.
     */
    private QueryResult copyFrom(SqlCopy copy, List<DuckDbCopy.Option> options, Transaction transaction) {
        SqlIdentifier target = copy.table();
        tables.refuseAttached(target, "copy rows into it");
        String tableName = queries.tableName(target);
        MemoryTable table = transaction
                .table(tableName)
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.UNKNOWN_TABLE,
                        "Table " + target.names.getLast() + " does not exist",
                        target.getParserPosition().getLineNum(),
                        target.getParserPosition().getColumnNum(),
                        null));
        List<Field> fields = readFields(table, copy.columns());
        String sourceName = "quiver copy source " + SOURCE_COUNTER.incrementAndGet();
        try (BufferAllocator allocator = queries.newAllocator("copy from")) {
            List<Batch> rows = DuckDbCopy.read(
                    database.files(),
                    fields,
                    copy.path(),
                    options,
                    database.config().batchRows(),
                    allocator);
            try {
                MemoryTable source = new MemoryTable(sourceName, new Schema(fields), rows);
                SqlParserPos pos = copy.getParserPosition();
                SqlInsert insert = new SqlInsert(
                        pos,
                        SqlNodeList.EMPTY,
                        target,
                        SelectNodes.selectAll(pos, new SqlIdentifier(sourceName, pos)),
                        copy.columns());
                return tables.insert(
                        queries.planner(withTable(transaction, source)).planInsert(insert), transaction);
            } finally {
                rows.forEach(Batch::close);
            }
        }
    }

    /** The columns a COPY FROM fills, as the file's rows arrive: nullable (the INSERT checks NOT NULL). */
    private static List<Field> readFields(MemoryTable table, SqlNodeList named) {
        List<Field> columns = table.schema().getFields();
        List<Field> chosen = new ArrayList<>();
        if (named == null) {
            chosen.addAll(columns);
        } else {
            for (SqlNode node : named) {
                String name = ((SqlIdentifier) node).getSimple();
                chosen.add(columns.stream()
                        .filter(field -> field.getName().equalsIgnoreCase(name))
                        .findFirst()
                        .orElseThrow(() -> new QuiverException(
                                ErrorCode.UNKNOWN_COLUMN,
                                "Table " + table.name() + " has no column " + name,
                                node.getParserPosition().getLineNum(),
                                node.getParserPosition().getColumnNum(),
                                null)));
            }
        }
        return chosen.stream()
                .map(field -> new Field(field.getName(), FieldType.nullable(field.getType()), field.getChildren()))
                .toList();
    }

    /** {@code lookup} with one more table, seen by this statement only. */
    private static TableLookup withTable(TableLookup lookup, MemoryTable extra) {
        return new TableLookup() {
            @Override
            public Optional<MemoryTable> table(String name) {
                return name.equalsIgnoreCase(extra.name()) ? Optional.of(extra) : lookup.table(name);
            }

            @Override
            public List<MemoryTable> tables() {
                List<MemoryTable> tables = new ArrayList<>(lookup.tables());
                tables.add(extra);
                return tables;
            }
        };
    }

    /** The options as DuckDB text, each value rendered from what was parsed (never pasted). */
    private static List<DuckDbCopy.Option> options(SqlCopy copy) {
        List<DuckDbCopy.Option> options = new ArrayList<>();
        for (SqlAttach.Option option : copy.options()) {
            String name = option.name().getSimple().toUpperCase(Locale.ROOT);
            SqlNode value = option.value();
            options.add(
                    switch (value) {
                        case null -> DuckDbCopy.Option.flag(name);
                        case SqlIdentifier word when word.isStar() -> DuckDbCopy.Option.all(name);
                        case SqlIdentifier word -> DuckDbCopy.Option.word(name, word.getSimple());
                        case SqlNodeList list ->
                            DuckDbCopy.Option.columns(
                                    name,
                                    list.stream()
                                            .map(column -> ((SqlIdentifier) column).getSimple())
                                            .toList());
                        case SqlNumericLiteral number ->
                            DuckDbCopy.Option.number(name, number.getValueAs(BigDecimal.class));
                        case SqlLiteral literal
                        when literal.getTypeName() == SqlTypeName.BOOLEAN ->
                            DuckDbCopy.Option.bool(name, literal.booleanValue());
                        case SqlLiteral literal
                        when literal.getTypeName() == SqlTypeName.CHAR ->
                            DuckDbCopy.Option.text(name, literal.getValueAs(String.class));
                        default ->
                            throw new QuiverException(
                                    ErrorCode.INVALID_ARGUMENT,
                                    "COPY option " + name + " takes a string, a number, true/false, a word or a list of"
                                            + " columns, not " + value,
                                    value.getParserPosition().getLineNum(),
                                    value.getParserPosition().getColumnNum(),
                                    null);
                    });
        }
        return options;
    }
}
