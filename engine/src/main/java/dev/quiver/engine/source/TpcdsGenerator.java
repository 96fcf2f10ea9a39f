package dev.quiver.engine.source;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import io.trino.tpcds.Parallel;
import io.trino.tpcds.Results;
import io.trino.tpcds.Session;
import io.trino.tpcds.Table;
import io.trino.tpcds.column.Column;
import io.trino.tpcds.column.ColumnType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Generates the 24 TPC-DS tables for a scale factor with the io.trino.tpcds generator (a Java port
 * of dsdgen), straight into Arrow batches, in parallel (see {@link TableGeneration}).
 *
 * <p>Column names are dsdgen's. Types follow DuckDB's TPC-DS schema: INTEGER for the surrogate keys
 * ({@code _sk}) and integer columns, DECIMAL(p,s) as declared, DATE, and VARCHAR for CHAR(n) and
 * VARCHAR(n) (the generator does not pad). Columns are nullable; dsdgen leaves some values NULL.
 * dsdgen's bookkeeping table {@code dbgen_version} is not generated.
 *
 * <p>A large table is split into dsdgen's own parallel chunks; the chunks together are the rows of
 * an unsplit run in the same order, so the data does not depend on the number of threads.
 */
public final class TpcdsGenerator {
    /** Rows per batch unless the caller says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = TpchGenerator.DEFAULT_BATCH_SIZE;

    private static final Map<String, Table> TABLES = tables();

    /** The tables in the order {@link #generate} returns them (dsdgen's order). */
    public static final List<String> TABLE_NAMES = List.copyOf(TABLES.keySet());

    /** A part gets at least this many rows, so small tables are not split into tiny batches. */
    private static final long MIN_ROWS_PER_PART = 16_384;

    private final double scaleFactor;
    private final int batchSize;
    private final int threads;
    private final BufferAllocator allocator;

    private TpcdsGenerator(double scaleFactor, int batchSize, int threads, BufferAllocator allocator) {
        TableGeneration.checkArguments("TPC-DS", scaleFactor, batchSize, threads);
        this.scaleFactor = scaleFactor;
        this.batchSize = batchSize;
        this.threads = threads;
        this.allocator = allocator;
    }

    /** The 24 tables for {@code scaleFactor}, in 64K-row batches, on all cores. The caller owns them. */
    public static List<MemoryTable> generate(double scaleFactor, BufferAllocator allocator) {
        return generate(scaleFactor, DEFAULT_BATCH_SIZE, Runtime.getRuntime().availableProcessors(), allocator);
    }

    /**
     * The 24 tables for {@code scaleFactor} in the order of {@link #TABLE_NAMES}, in batches of at
     * most {@code batchSize} rows, generated on {@code threads} threads. The caller owns the tables;
     * on failure nothing stays allocated.
     */
    public static List<MemoryTable> generate(
            double scaleFactor, int batchSize, int threads, BufferAllocator allocator) {
        return new TpcdsGenerator(scaleFactor, batchSize, threads, allocator).run();
    }

    /** The schema of TPC-DS table {@code tableName} (one of {@link #TABLE_NAMES}). */
    public static Schema schema(String tableName) {
        return schemaOf(table(tableName));
    }

    private List<MemoryTable> run() {
        Session session = Session.getDefaultSession().withScale(scaleFactor);
        List<TablePart> parts = new ArrayList<>();
        for (String name : TABLE_NAMES) {
            Table table = table(name);
            long rows = Math.max(1, session.getScaling().getRowCount(table));
            // Parts of about four batches each, but at least one per thread when the table is big enough.
            long partCount = Math.max(
                    Math.ceilDiv(rows, 4L * batchSize), Math.min(threads, Math.ceilDiv(rows, MIN_ROWS_PER_PART)));
            Session tableSession = session.withTable(table).withParallelism((int) partCount);
            for (int part = 1; part <= partCount; part++) {
                parts.add(new TablePart(table, tableSession.withChunkNumber(part), Math.ceilDiv(rows, partCount)));
            }
        }
        return TableGeneration.run("TPC-DS", TABLE_NAMES, TpcdsGenerator::schema, parts, threads);
    }

    /** One dsdgen chunk of one table. */
    private final class TablePart implements TableGeneration.Part {
        private final Table table;
        private final Session session;
        private final long estimatedRows;

        TablePart(Table table, Session session, long estimatedRows) {
            this.table = table;
            this.session = session;
            this.estimatedRows = estimatedRows;
        }

        @Override
        public String tableName() {
            return table.getName();
        }

        @Override
        public long estimatedRows() {
            return estimatedRows;
        }

        @Override
        public List<Batch> generate(AtomicBoolean stop) {
            List<Batch> batches = new ArrayList<>();
            try {
                Schema schema = schemaOf(table);
                Parallel.ChunkBoundaries chunk = Parallel.splitWork(table, session);
                List<List<String>> rows = new ArrayList<>(Math.min(batchSize, DEFAULT_BATCH_SIZE));
                for (List<List<String>> generated :
                        Results.constructResults(table, chunk.getFirstRow(), chunk.getLastRow(), session)) {
                    rows.add(generated.getFirst()); // a parent table's generator also yields child rows
                    if (rows.size() == batchSize) {
                        batches.add(toBatch(schema, rows));
                        rows.clear();
                        if (TableGeneration.stopRequested(stop)) {
                            return batches; // the caller frees them; the result is discarded
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    batches.add(toBatch(schema, rows));
                }
                return batches;
            } catch (RuntimeException | Error e) {
                stop.set(true);
                batches.forEach(Batch::close);
                throw e;
            }
        }

        private Batch toBatch(Schema schema, List<List<String>> rows) {
            List<Field> fields = schema.getFields();
            List<FieldVector> vectors = new ArrayList<>(fields.size());
            try {
                for (int column = 0; column < fields.size(); column++) {
                    long bytes = 0;
                    if (fields.get(column).getType() instanceof ArrowType.Utf8) {
                        for (List<String> row : rows) {
                            String value = row.get(column);
                            bytes += value == null ? 0 : value.length(); // ASCII; setSafe grows if not
                        }
                    }
                    FieldVector vector = TableGeneration.allocate(fields.get(column), rows.size(), bytes, allocator);
                    vectors.add(vector);
                    write(vector, column, rows);
                }
                return new Batch(vectors, rows.size());
            } catch (RuntimeException | Error e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
        }
    }

    /** Writes column {@code column} of {@code rows}, given as dsdgen's text, into {@code vector}. */
    private static void write(FieldVector vector, int column, List<List<String>> rows) {
        for (int row = 0; row < rows.size(); row++) {
            String value = rows.get(row).get(column);
            if (value == null) {
                vector.setNull(row);
                continue;
            }
            switch (vector) {
                case IntVector ints -> ints.set(row, Integer.parseInt(value));
                case DecimalVector decimals -> decimals.set(row, unscaled(value, decimals.getScale()));
                case DateDayVector dates ->
                    dates.set(row, Math.toIntExact(LocalDate.parse(value).toEpochDay()));
                case VarCharVector strings -> strings.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
                default -> throw QuiverException.internal("no TPC-DS writer for " + vector.getField(), null);
            }
        }
        vector.setValueCount(rows.size());
    }

    /** A decimal text such as {@code -12.5} as its unscaled value at {@code scale} ({@code -1250} at 2). */
    static long unscaled(String text, int scale) {
        long value = 0;
        int fractionDigits = -1;
        int start = text.startsWith("-") ? 1 : 0;
        for (int index = start; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c == '.') {
                fractionDigits = 0;
            } else if (c >= '0' && c <= '9' && fractionDigits < scale) {
                value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else {
                throw QuiverException.internal("TPC-DS generated a malformed decimal: " + text, null);
            }
        }
        for (int digits = Math.max(fractionDigits, 0); digits < scale; digits++) {
            value = Math.multiplyExact(value, 10);
        }
        return start == 1 ? -value : value;
    }

    /** Names as dsdgen has them; types by the rule in the class comment. */
    private static Schema schemaOf(Table table) {
        List<Field> fields = new ArrayList<>();
        for (Column column : table.getColumns()) {
            ColumnType type = column.getType();
            ArrowType arrowType = switch (type.getBase()) {
                case IDENTIFIER, INTEGER -> new ArrowType.Int(32, true);
                case DECIMAL ->
                    new ArrowType.Decimal(
                            type.getPrecision().orElseThrow(), type.getScale().orElseThrow(), 128);
                case DATE -> new ArrowType.Date(DateUnit.DAY);
                case CHAR, VARCHAR -> ArrowType.Utf8.INSTANCE;
                case TIME -> throw QuiverException.internal("TPC-DS column " + column.getName() + " is a TIME", null);
            };
            fields.add(new Field(column.getName(), FieldType.nullable(arrowType), null));
        }
        return new Schema(fields);
    }

    private static Map<String, Table> tables() {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Table table : Table.getBaseTables()) {
            if (table != Table.DBGEN_VERSION) {
                tables.put(table.getName(), table);
            }
        }
        return tables;
    }

    private static Table table(String name) {
        Table table = TABLES.get(name);
        if (table == null) {
            throw new QuiverException(
                    ErrorCode.UNKNOWN_TABLE,
                    "There is no TPC-DS table " + name + "; the tables are " + String.join(", ", TABLE_NAMES));
        }
        return table;
    }
}
