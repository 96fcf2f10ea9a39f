package dev.quiver.engine.exec.operator;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs operator trees in tests: builds in-memory tables from Java rows, runs a tree through the
 * real pipelines and executor, and returns the rows. Closing it fails if any memory leaked.
 */
public final class OperatorHarness implements AutoCloseable {
    public static final ArrowType BIGINT = new ArrowType.Int(64, true);
    public static final ArrowType INT = new ArrowType.Int(32, true);
    public static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;

    private final RootAllocator root = new RootAllocator();
    private final BufferAllocator storage = root.newChildAllocator("tables", 0, Long.MAX_VALUE);
    private final List<MemoryTable> tables = new ArrayList<>();
    private final ExecutorService threads;
    private final int threadCount;
    private final int batchRows;

    public OperatorHarness(int threadCount, int batchRows) {
        this.threadCount = threadCount;
        this.batchRows = batchRows;
        this.threads = Executors.newFixedThreadPool(threadCount);
    }

    public static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    /** A scan of a new table holding {@code rows}, {@code perBatch} rows per stored batch. */
    public TableScanOperator table(List<Field> fields, List<List<Object>> rows, int perBatch) {
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += perBatch) {
            int count = Math.min(perBatch, rows.size() - start);
            List<FieldVector> columns = new ArrayList<>();
            for (int column = 0; column < fields.size(); column++) {
                FieldVector vector = fields.get(column).createVector(storage);
                vector.setInitialCapacity(count);
                vector.allocateNew();
                for (int row = 0; row < count; row++) {
                    VectorWriter.set(vector, row, rows.get(start + row).get(column));
                }
                vector.setValueCount(count);
                columns.add(vector);
            }
            batches.add(new Batch(columns, count));
        }
        MemoryTable table = new MemoryTable("t" + tables.size(), new Schema(fields), batches);
        tables.add(table);
        int[] all = new int[fields.size()];
        for (int column = 0; column < all.length; column++) {
            all[column] = column;
        }
        return new TableScanOperator(table, all);
    }

    /** Every row {@code root} produces, in result order. */
    public List<List<Object>> run(PhysicalOperator operator) {
        List<List<Object>> rows = new ArrayList<>();
        run(operator, batch -> {
            for (int row = 0; row < batch.rowCount(); row++) {
                List<Object> values = new ArrayList<>();
                for (FieldVector column : batch.columns()) {
                    values.add(QueryResult.value(column, row));
                }
                rows.add(values);
            }
        });
        return rows;
    }

    /** The row count of every batch {@code root} produces, in result order. */
    public List<Integer> batchSizes(PhysicalOperator operator) {
        List<Integer> sizes = new ArrayList<>();
        run(operator, batch -> sizes.add(batch.rowCount()));
        return sizes;
    }

    private void run(PhysicalOperator operator, java.util.function.Consumer<Batch> reader) {
        BufferAllocator allocator = root.newChildAllocator("query", 0, Long.MAX_VALUE);
        try (allocator) {
            ExecutionContext context = new ExecutionContext(allocator, threadCount, batchRows);
            try (QueryState state = new QueryState(context)) {
                ResultCollector collector = new ResultCollector(operator);
                new PipelineExecutor(threads).run(PipelineBuilder.build(operator, collector), state);
                List<Batch> batches =
                        state.<ResultCollector.Result>finished(collector).take();
                for (Batch batch : batches) {
                    try (batch) {
                        if (batch.columnCount() != operator.outputFields().size()) {
                            throw new AssertionError(
                                    batch.columnCount() + " columns, expected " + operator.outputFields());
                        }
                        reader.accept(batch);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        tables.forEach(MemoryTable::close);
        storage.close();
        root.close();
    }
}
