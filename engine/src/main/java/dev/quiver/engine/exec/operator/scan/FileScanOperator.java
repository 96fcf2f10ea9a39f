package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a file (Parquet, CSV) or a DuckDB database table through a {@link ScanSource} (DuckDB's readers): one Arrow
 * stream per query run, its batches handed out as morsels. DuckDB decodes in parallel internally;
 * the pipeline's threads take the decoded batches one at a time. DuckDB reads only the columns of
 * {@link #outputFields()} (by name) and, given a pushed-down filter, only the rows that pass it.
 */
public final class FileScanOperator implements SourceOperator {
    private final ScanSource source;
    private final List<Field> fields;
    private final String filter;

    /**
     * @param fields the columns to read, named as in the source
     * @param filter a predicate over the source's columns in DuckDB's SQL, or null to read every row
     */
    public FileScanOperator(ScanSource source, List<Field> fields, String filter) {
        this.source = source;
        this.fields = List.copyOf(fields);
        this.filter = filter;
    }

    /** The open stream of one run; QueryState closes it with the query. */
    private static final class ScanState implements AutoCloseable {
        private final ScanSource.Stream scan;
        private long nextSequence;
        private boolean done;

        ScanState(ScanSource.Stream scan) {
            this.scan = scan;
        }

        synchronized Morsel next(BufferAllocator allocator) {
            if (done) {
                return null;
            }
            try (Batch exported = scan.next()) {
                if (exported == null) {
                    done = true;
                    scan.close(); // free DuckDB's stream as soon as it is drained
                    return null;
                }
                // Copy out of DuckDB's memory: the rows may end up in a table that outlives this query.
                List<FieldVector> columns = new ArrayList<>(exported.columnCount());
                try {
                    for (FieldVector column : exported.columns()) {
                        columns.add(Vectors.copy(column, allocator));
                    }
                } catch (RuntimeException e) {
                    columns.forEach(FieldVector::close);
                    throw e;
                }
                return new Morsel(nextSequence++, new Batch(columns, exported.rowCount()));
            }
        }

        @Override
        public synchronized void close() {
            done = true;
            scan.close();
        }
    }

    @Override
    public SourceState open(QueryState query) {
        List<String> columns = fields.stream().map(Field::getName).toList();
        ScanState state = query.global(
                this,
                () -> new ScanState(source.open(
                        columns,
                        filter,
                        query.context().batchRows(),
                        query.context().allocator())));
        return () -> state.next(query.context().allocator());
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of();
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "FileScan(" + source.describe() + (filter == null ? "" : ", filter=" + filter) + ")";
    }
}
