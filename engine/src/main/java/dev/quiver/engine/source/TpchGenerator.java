package dev.quiver.engine.source;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Generates the eight TPC-H tables for a scale factor with the io.trino.tpch generator (a Java port
 * of dbgen), straight into Arrow batches, in parallel.
 *
 * <p>Column names and SQL types are exactly those DuckDB's {@code dbgen} creates (its
 * {@code extension/tpch/dbgen/dbgen.cpp}): lower-case names; BIGINT for the part, supplier, customer
 * and order keys, {@code l_linenumber} and {@code ps_availqty}; INTEGER for the nation and region
 * keys, {@code p_size} and {@code o_shippriority}; DECIMAL(15,2) for every money column and
 * {@code l_quantity}; DATE; VARCHAR. Every column is NOT NULL.
 *
 * <p>Each table is split into parts generated on separate threads; a part yields batches of at most
 * {@code batchSize} rows, and a table's batches are in part order, so the row order is the
 * generator's and does not depend on the number of threads.
 */
public final class TpchGenerator {
    /** Rows per batch unless the caller says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 65_536;

    /** The tables in the order {@link #generate} returns them. */
    public static final List<String> TABLE_NAMES =
            List.of("nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");

    /** Integer columns DuckDB's dbgen declares INTEGER; all other key and count columns are BIGINT. */
    private static final Set<String> INTEGER_COLUMNS =
            Set.of("r_regionkey", "n_nationkey", "n_regionkey", "s_nationkey", "c_nationkey", "p_size", "o_shippriority");

    private static final ArrowType BIGINT = new ArrowType.Int(64, true);
    private static final ArrowType INTEGER = new ArrowType.Int(32, true);
    private static final ArrowType MONEY = new ArrowType.Decimal(15, 2, 128);
    private static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    private static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;

    /** A part gets at least this many rows, so tiny tables are not split into tiny batches. */
    private static final long MIN_ROWS_PER_PART = 16_384;

    private final double scaleFactor;
    private final int batchSize;
    private final int threads;
    private final BufferAllocator allocator;
    private final AtomicBoolean stop = new AtomicBoolean();

    private TpchGenerator(double scaleFactor, int batchSize, int threads, BufferAllocator allocator) {
        if (!(scaleFactor > 0) || Double.isInfinite(scaleFactor)) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT,
                    "TPC-H scale factor must be a positive number, got " + scaleFactor);
        }
        if (batchSize < 1) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "batch size must be positive, got " + batchSize);
        }
        if (threads < 1) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "threads must be at least 1, got " + threads);
        }
        this.scaleFactor = scaleFactor;
        this.batchSize = batchSize;
        this.threads = threads;
        this.allocator = allocator;
    }

    /** The eight tables for {@code scaleFactor}, in 64K-row batches, on all cores. The caller owns them. */
    public static List<MemoryTable> generate(double scaleFactor, BufferAllocator allocator) {
        return generate(scaleFactor, DEFAULT_BATCH_SIZE, Runtime.getRuntime().availableProcessors(), allocator);
    }

    /**
     * The eight tables for {@code scaleFactor} in the order of {@link #TABLE_NAMES}, in batches of at
     * most {@code batchSize} rows, generated on {@code threads} threads. The caller owns the tables;
     * on failure nothing stays allocated.
     */
    public static List<MemoryTable> generate(double scaleFactor, int batchSize, int threads, BufferAllocator allocator) {
        return new TpchGenerator(scaleFactor, batchSize, threads, allocator).run();
    }

    /** The schema of TPC-H table {@code tableName} (one of {@link #TABLE_NAMES}). */
    public static Schema schema(String tableName) {
        return new Schema(columns(table(tableName)).stream().map(ColumnSpec::field).toList());
    }

    private List<MemoryTable> run() {
        List<Part<?>> parts = new ArrayList<>();
        for (String name : TABLE_NAMES) {
            addParts(table(name), parts);
        }
        // Largest parts first, so the last tasks to start are small ones and the threads finish together.
        List<Integer> schedule = new ArrayList<>();
        for (int index = 0; index < parts.size(); index++) {
            schedule.add(index);
        }
        schedule.sort((a, b) -> Long.compare(parts.get(b).estimatedRows(), parts.get(a).estimatedRows()));

        List<Future<List<Batch>>> futures = new ArrayList<>(parts.size());
        parts.forEach(part -> futures.add(null));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, threadFactory())) {
            for (int index : schedule) {
                futures.set(index, pool.submit(parts.get(index)::generate));
            }
        } // close() waits for every task; an interrupt of this thread stops them early (see Part.generate)

        // Every task has finished or, after an interrupt, never started.
        List<List<Batch>> results = new ArrayList<>(parts.size());
        Throwable failure = null;
        for (Future<List<Batch>> future : futures) {
            switch (future.state()) {
                case SUCCESS -> results.add(future.resultNow());
                case FAILED -> failure = failure == null ? future.exceptionNow() : failure;
                default -> failure = failure == null
                        ? new QuiverException(ErrorCode.CANCELLED, "TPC-H generation was interrupted") : failure;
            }
        }
        if (failure == null && Thread.currentThread().isInterrupted()) {
            failure = new QuiverException(ErrorCode.CANCELLED, "TPC-H generation was interrupted");
        }
        if (failure != null) {
            results.forEach(batches -> batches.forEach(Batch::close));
            throw asQuiverException(failure);
        }

        List<MemoryTable> tables = new ArrayList<>();
        int partIndex = 0;
        for (String name : TABLE_NAMES) {
            List<Batch> batches = new ArrayList<>();
            while (partIndex < parts.size() && parts.get(partIndex).tableName().equals(name)) {
                batches.addAll(results.get(partIndex++));
            }
            tables.add(new MemoryTable(name, schema(name), batches));
        }
        return tables;
    }

    private <E extends TpchEntity> void addParts(TpchTable<E> table, List<Part<?>> parts) {
        long estimatedRows = estimatedRows(table.getTableName());
        // Parts of about four batches each, but at least one per thread when the table is big enough.
        long partCount = Math.max(Math.ceilDiv(estimatedRows, 4L * batchSize),
                Math.min(threads, Math.ceilDiv(estimatedRows, MIN_ROWS_PER_PART)));
        if (table == TpchTable.NATION || table == TpchTable.REGION) {
            partCount = 1; // fixed tables; their generators ignore the scale factor
        }
        List<ColumnSpec> columns = columns(table);
        for (int part = 1; part <= partCount; part++) {
            parts.add(new Part<>(table, columns, part, (int) partCount, Math.ceilDiv(estimatedRows, partCount)));
        }
    }

    /** Rows a table has at this scale factor, close enough to size parts (lineitem averages 4 per order). */
    private long estimatedRows(String tableName) {
        long perScaleFactor = switch (tableName) {
            case "lineitem" -> 6_000_000;
            case "orders" -> 1_500_000;
            case "partsupp" -> 800_000;
            case "part" -> 200_000;
            case "customer" -> 150_000;
            case "supplier" -> 10_000;
            default -> 25;
        };
        return Math.max(1, (long) (perScaleFactor * scaleFactor));
    }

    /** One slice of one table, generated by one task into its own batches. */
    private final class Part<E extends TpchEntity> {
        private final TpchTable<E> table;
        private final List<ColumnSpec> columns;
        private final int part;
        private final int partCount;
        private final long estimatedRows;

        Part(TpchTable<E> table, List<ColumnSpec> columns, int part, int partCount, long estimatedRows) {
            this.table = table;
            this.columns = columns;
            this.part = part;
            this.partCount = partCount;
            this.estimatedRows = estimatedRows;
        }

        String tableName() {
            return table.getTableName();
        }

        long estimatedRows() {
            return estimatedRows;
        }

        /** The part's rows as batches owned by the caller; on failure it frees what it made. */
        List<Batch> generate() {
            List<Batch> batches = new ArrayList<>();
            try {
                List<E> rows = new ArrayList<>(Math.min(batchSize, DEFAULT_BATCH_SIZE));
                for (E row : table.createGenerator(scaleFactor, part, partCount)) {
                    rows.add(row);
                    if (rows.size() == batchSize) {
                        batches.add(toBatch(rows));
                        rows.clear();
                        if (stopRequested()) {
                            return batches; // the caller frees them; the result is discarded
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    batches.add(toBatch(rows));
                }
                return batches;
            } catch (RuntimeException | Error e) {
                stop.set(true);
                batches.forEach(Batch::close);
                throw e;
            }
        }

        private boolean stopRequested() {
            if (Thread.currentThread().isInterrupted()) {
                stop.set(true);
            }
            return stop.get();
        }

        private Batch toBatch(List<E> rows) {
            List<FieldVector> vectors = new ArrayList<>(columns.size());
            try {
                for (ColumnSpec column : columns) {
                    vectors.add(fill(column, rows));
                }
                return new Batch(vectors, rows.size());
            } catch (RuntimeException | Error e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
        }

        @SuppressWarnings("unchecked")
        private FieldVector fill(ColumnSpec spec, List<E> rows) {
            TpchColumn<E> column = (TpchColumn<E>) spec.source();
            boolean identifier = column.getType().getBase() == TpchColumnType.Base.IDENTIFIER;
            int rowCount = rows.size();
            FieldVector result = spec.field().createVector(allocator);
            try {
                if (result instanceof BaseFixedWidthVector fixedWidth) {
                    allocateExactly(fixedWidth, rowCount);
                }
                switch (result) {
                    case BigIntVector vector -> {
                        for (int row = 0; row < rowCount; row++) {
                            E entity = rows.get(row);
                            vector.set(row, identifier ? column.getIdentifier(entity) : column.getInteger(entity));
                        }
                    }
                    case IntVector vector -> {
                        for (int row = 0; row < rowCount; row++) {
                            E entity = rows.get(row);
                            vector.set(row, identifier ? Math.toIntExact(column.getIdentifier(entity)) : column.getInteger(entity));
                        }
                    }
                    case DecimalVector vector -> {
                        // The generator's doubles are exact cents / 100, so rounding recovers the cents.
                        for (int row = 0; row < rowCount; row++) {
                            vector.set(row, Math.round(column.getDouble(rows.get(row)) * 100));
                        }
                    }
                    case DateDayVector vector -> {
                        for (int row = 0; row < rowCount; row++) {
                            vector.set(row, column.getDate(rows.get(row))); // days since 1970-01-01
                        }
                    }
                    case VarCharVector vector -> {
                        byte[][] values = new byte[rowCount][];
                        long totalBytes = 0;
                        for (int row = 0; row < rowCount; row++) {
                            values[row] = column.getString(rows.get(row)).getBytes(StandardCharsets.UTF_8);
                            totalBytes += values[row].length;
                        }
                        vector.allocateNew(totalBytes, rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            vector.set(row, values[row]);
                        }
                    }
                    default -> throw QuiverException.internal("no TPC-H writer for " + spec.field(), null);
                }
                result.setValueCount(rowCount);
                return result;
            } catch (RuntimeException | Error e) {
                result.close();
                throw e;
            }
        }
    }

    /**
     * Gives {@code vector} room for {@code rowCount} non-null values in two buffers. Arrow's
     * {@code allocateNew} puts validity and data in one buffer rounded up to a power of two, which
     * nearly doubles the memory of a 64K-row batch (512 KiB of BIGINTs plus 8 KiB of validity
     * become 1 MiB); separate buffers stay at 520 KiB.
     */
    private void allocateExactly(BaseFixedWidthVector vector, int rowCount) {
        try (ArrowBuf data = allocator.buffer((long) rowCount * vector.getTypeWidth())) {
            // With a null count of 0, loading allocates the validity buffer itself, every bit set.
            vector.loadFieldBuffers(new ArrowFieldNode(rowCount, 0), List.of(allocator.getEmpty(), data));
        }
    }

    /** One output column: its Arrow field and the generator column it comes from. */
    private record ColumnSpec(Field field, TpchColumn<?> source) {
    }

    private static <E extends TpchEntity> List<ColumnSpec> columns(TpchTable<E> table) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (TpchColumn<E> column : table.getColumns()) {
            String name = column.getColumnName();
            ArrowType type = switch (column.getType().getBase()) {
                case IDENTIFIER, INTEGER -> INTEGER_COLUMNS.contains(name) ? INTEGER : BIGINT;
                case DOUBLE -> MONEY;
                case DATE -> DATE;
                case VARCHAR -> VARCHAR;
            };
            columns.add(new ColumnSpec(new Field(name, FieldType.notNullable(type), null), column));
        }
        return columns;
    }

    private static TpchTable<?> table(String name) {
        if (!TABLE_NAMES.contains(name)) {
            throw new QuiverException(ErrorCode.UNKNOWN_TABLE,
                    "There is no TPC-H table " + name + "; the tables are " + String.join(", ", TABLE_NAMES));
        }
        return TpchTable.getTable(name);
    }

    private static QuiverException asQuiverException(Throwable failure) {
        return switch (failure) {
            case QuiverException quiver -> quiver;
            case OutOfMemoryException memory -> new QuiverException(ErrorCode.MEMORY_LIMIT,
                    "Generating the TPC-H tables needs more memory than the limit allows: " + memory.getMessage(), memory);
            default -> QuiverException.internal("TPC-H generation failed: " + failure, failure);
        };
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "quiver-tpch-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
