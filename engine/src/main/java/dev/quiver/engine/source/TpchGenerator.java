package dev.quiver.engine.source;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import io.trino.tpch.Customer;
import io.trino.tpch.LineItem;
import io.trino.tpch.Nation;
import io.trino.tpch.Order;
import io.trino.tpch.Part;
import io.trino.tpch.PartSupplier;
import io.trino.tpch.Region;
import io.trino.tpch.Supplier;
import io.trino.tpch.TextPool;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
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
    private static final Set<String> INTEGER_COLUMNS = Set.of(
            "r_regionkey", "n_nationkey", "n_regionkey", "s_nationkey", "c_nationkey", "p_size", "o_shippriority");

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

    private TpchGenerator(double scaleFactor, int batchSize, int threads, BufferAllocator allocator) {
        TableGeneration.checkArguments("TPC-H", scaleFactor, batchSize, threads);
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
    public static List<MemoryTable> generate(
            double scaleFactor, int batchSize, int threads, BufferAllocator allocator) {
        return new TpchGenerator(scaleFactor, batchSize, threads, allocator).run();
    }

    /**
     * Builds the generator's text pool now: dbgen's 300 MB of random text that every comment column
     * is cut from. It takes about a second of one core, once per JVM, and stays on the heap; the
     * first {@link #generate} builds it otherwise. Call it on a background thread to hide that.
     */
    public static void prepare() {
        var _ = TextPool.getDefaultTextPool().get(); // built on first use
    }

    /** The schema of TPC-H table {@code tableName} (one of {@link #TABLE_NAMES}). */
    public static Schema schema(String tableName) {
        return table(tableName).schema();
    }

    private List<MemoryTable> run() {
        List<TablePart<?>> parts = new ArrayList<>();
        for (String name : TABLE_NAMES) {
            addParts(table(name), parts);
        }
        return TableGeneration.run("TPC-H", TABLE_NAMES, TpchGenerator::schema, parts, threads);
    }

    private <E extends TpchEntity> void addParts(TableSpec<E> spec, List<TablePart<?>> parts) {
        long estimatedRows = estimatedRows(spec.table().getTableName());
        // Parts of about four batches each, but at least one per thread when the table is big enough.
        long partCount = Math.max(
                Math.ceilDiv(estimatedRows, 4L * batchSize),
                Math.min(threads, Math.ceilDiv(estimatedRows, MIN_ROWS_PER_PART)));
        if (spec.table() == TpchTable.NATION || spec.table() == TpchTable.REGION) {
            partCount = 1; // fixed tables; their generators ignore the scale factor
        }
        for (int part = 1; part <= partCount; part++) {
            parts.add(new TablePart<>(spec, part, (int) partCount, Math.ceilDiv(estimatedRows, partCount)));
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

    /** One part of one table, generated by one task into its own batches. */
    private final class TablePart<E extends TpchEntity> implements TableGeneration.Part {
        private final TableSpec<E> spec;
        private final int part;
        private final int partCount;
        private final long estimatedRows;

        TablePart(TableSpec<E> spec, int part, int partCount, long estimatedRows) {
            this.spec = spec;
            this.part = part;
            this.partCount = partCount;
            this.estimatedRows = estimatedRows;
        }

        @Override
        public String tableName() {
            return spec.table().getTableName();
        }

        @Override
        public long estimatedRows() {
            return estimatedRows;
        }

        @Override
        public List<Batch> generate(AtomicBoolean stop) {
            List<Batch> batches = new ArrayList<>();
            try {
                List<E> rows = new ArrayList<>(Math.min(batchSize, DEFAULT_BATCH_SIZE));
                for (E row : spec.table().createGenerator(scaleFactor, part, partCount)) {
                    rows.add(row);
                    if (rows.size() == batchSize) {
                        batches.add(toBatch(rows));
                        rows.clear();
                        if (TableGeneration.stopRequested(stop)) {
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

        /** Two passes over the rows: measure the strings, then write into exactly sized vectors. */
        private Batch toBatch(List<E> rows) {
            List<Field> fields = spec.schema().getFields();
            StringSizes sizes = new StringSizes(fields.size());
            for (E row : rows) {
                spec.format().write(row, sizes);
                sizes.endRow();
            }
            List<FieldVector> vectors = new ArrayList<>(fields.size());
            try {
                for (int column = 0; column < fields.size(); column++) {
                    vectors.add(
                            TableGeneration.allocate(fields.get(column), rows.size(), sizes.bytes(column), allocator));
                }
                VectorWriter writer = new VectorWriter(vectors);
                for (E row : rows) {
                    spec.format().write(row, writer);
                    writer.endRow();
                }
                vectors.forEach(vector -> vector.setValueCount(rows.size()));
                return new Batch(vectors, rows.size());
            } catch (RuntimeException | Error e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
        }
    }

    /**
     * Receives the values of one row, column by column in schema order. The per-table
     * {@link RowFormat}s call it with the entities' own accessors, so the hot loop makes no
     * megamorphic calls (io.trino.tpch's {@code TpchColumn} getters are one class per column).
     */
    private interface RowSink {
        void bigint(long value);

        void integer(long value);

        /** A DECIMAL(15,2) given as its unscaled value (cents). */
        void money(long cents);

        void date(int daysSinceEpoch);

        void varchar(String value);
    }

    /** Writes one row of a TPC-H entity into a {@link RowSink}, in schema order. */
    @FunctionalInterface
    private interface RowFormat<E> {
        void write(E row, RowSink out);
    }

    /** First pass: how many bytes each VARCHAR column of a batch needs. */
    private static final class StringSizes implements RowSink {
        private final long[] bytes;
        private int column;

        StringSizes(int columnCount) {
            this.bytes = new long[columnCount];
        }

        long bytes(int columnIndex) {
            return bytes[columnIndex];
        }

        @Override
        public void bigint(long value) {
            column++;
        }

        @Override
        public void integer(long value) {
            column++;
        }

        @Override
        public void money(long cents) {
            column++;
        }

        @Override
        public void date(int daysSinceEpoch) {
            column++;
        }

        @Override
        public void varchar(String value) {
            bytes[column++] += value.length(); // TPC-H text is ASCII: one byte per char (the writer grows if not)
        }

        void endRow() {
            column = 0;
        }
    }

    /** Second pass: writes the values into the batch's vectors. */
    private static final class VectorWriter implements RowSink {
        private final FieldVector[] vectors;
        private int row;
        private int column;

        VectorWriter(List<FieldVector> vectors) {
            this.vectors = vectors.toArray(FieldVector[]::new);
        }

        @Override
        public void bigint(long value) {
            ((BigIntVector) vectors[column++]).set(row, value);
        }

        @Override
        public void integer(long value) {
            ((IntVector) vectors[column++]).set(row, Math.toIntExact(value));
        }

        @Override
        public void money(long cents) {
            ((DecimalVector) vectors[column++]).set(row, cents);
        }

        @Override
        public void date(int daysSinceEpoch) {
            ((DateDayVector) vectors[column++]).set(row, daysSinceEpoch);
        }

        @Override
        public void varchar(String value) {
            ((VarCharVector) vectors[column++]).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }

        void endRow() {
            if (column != vectors.length) {
                throw QuiverException.internal(
                        "a TPC-H row format wrote " + column + " of " + vectors.length + " columns", null);
            }
            column = 0;
            row++;
        }
    }

    // The row formats, in the column order of DuckDB's dbgen (and io.trino.tpch).

    private static void nation(Nation row, RowSink out) {
        out.integer(row.nationKey());
        out.varchar(row.name());
        out.integer(row.regionKey());
        out.varchar(row.comment());
    }

    private static void region(Region row, RowSink out) {
        out.integer(row.regionKey());
        out.varchar(row.name());
        out.varchar(row.comment());
    }

    private static void part(Part row, RowSink out) {
        out.bigint(row.partKey());
        out.varchar(row.name());
        out.varchar(row.manufacturer());
        out.varchar(row.brand());
        out.varchar(row.type());
        out.integer(row.size());
        out.varchar(row.container());
        out.money(row.retailPriceInCents());
        out.varchar(row.comment());
    }

    private static void supplier(Supplier row, RowSink out) {
        out.bigint(row.supplierKey());
        out.varchar(row.name());
        out.varchar(row.address());
        out.integer(row.nationKey());
        out.varchar(row.phone());
        out.money(row.accountBalanceInCents());
        out.varchar(row.comment());
    }

    private static void partSupplier(PartSupplier row, RowSink out) {
        out.bigint(row.partKey());
        out.bigint(row.supplierKey());
        out.bigint(row.availableQuantity());
        out.money(row.supplyCostInCents());
        out.varchar(row.comment());
    }

    private static void customer(Customer row, RowSink out) {
        out.bigint(row.customerKey());
        out.varchar(row.name());
        out.varchar(row.address());
        out.integer(row.nationKey());
        out.varchar(row.phone());
        out.money(row.accountBalanceInCents());
        out.varchar(row.marketSegment());
        out.varchar(row.comment());
    }

    private static void order(Order row, RowSink out) {
        out.bigint(row.orderKey());
        out.bigint(row.customerKey());
        out.varchar(String.valueOf(row.orderStatus()));
        out.money(row.totalPriceInCents());
        out.date(row.orderDate()); // io.trino.tpch dates are days since 1970-01-01
        out.varchar(row.orderPriority());
        out.varchar(row.clerk());
        out.integer(row.shipPriority());
        out.varchar(row.comment());
    }

    private static void lineItem(LineItem row, RowSink out) {
        out.bigint(row.orderKey());
        out.bigint(row.partKey());
        out.bigint(row.supplierKey());
        out.bigint(row.lineNumber());
        out.money(row.quantity() * 100); // whole units
        out.money(row.extendedPriceInCents());
        out.money(row.discountPercent()); // 0.04 is 4 hundredths
        out.money(row.taxPercent());
        out.varchar(row.returnFlag());
        out.varchar(row.status());
        out.date(row.shipDate());
        out.date(row.commitDate());
        out.date(row.receiptDate());
        out.varchar(row.shipInstructions());
        out.varchar(row.shipMode());
        out.varchar(row.comment());
    }

    /** A TPC-H table: its generator, its schema and how a row is written. */
    private record TableSpec<E extends TpchEntity>(TpchTable<E> table, Schema schema, RowFormat<E> format) {
        TableSpec(TpchTable<E> table, RowFormat<E> format) {
            this(table, schemaOf(table), format);
        }
    }

    private static final Map<String, TableSpec<?>> TABLES = Map.of(
            "nation", new TableSpec<>(TpchTable.NATION, TpchGenerator::nation),
            "region", new TableSpec<>(TpchTable.REGION, TpchGenerator::region),
            "part", new TableSpec<>(TpchTable.PART, TpchGenerator::part),
            "supplier", new TableSpec<>(TpchTable.SUPPLIER, TpchGenerator::supplier),
            "partsupp", new TableSpec<>(TpchTable.PART_SUPPLIER, TpchGenerator::partSupplier),
            "customer", new TableSpec<>(TpchTable.CUSTOMER, TpchGenerator::customer),
            "orders", new TableSpec<>(TpchTable.ORDERS, TpchGenerator::order),
            "lineitem", new TableSpec<>(TpchTable.LINE_ITEM, TpchGenerator::lineItem));

    /** Names as io.trino.tpch (and DuckDB) has them; types by the rule in the class comment. */
    private static Schema schemaOf(TpchTable<?> table) {
        List<Field> fields = new ArrayList<>();
        for (TpchColumn<?> column : table.getColumns()) {
            String name = column.getColumnName();
            ArrowType type = switch (column.getType().getBase()) {
                case IDENTIFIER, INTEGER -> INTEGER_COLUMNS.contains(name) ? INTEGER : BIGINT;
                case DOUBLE -> MONEY;
                case DATE -> DATE;
                case VARCHAR -> VARCHAR;
            };
            fields.add(new Field(name, FieldType.notNullable(type), null));
        }
        return new Schema(fields);
    }

    private static TableSpec<?> table(String name) {
        TableSpec<?> spec = TABLES.get(name);
        if (spec == null) {
            throw new QuiverException(
                    ErrorCode.UNKNOWN_TABLE,
                    "There is no TPC-H table " + name + "; the tables are " + String.join(", ", TABLE_NAMES));
        }
        return spec;
    }
}
