package dev.quiver.udf.pool;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * Rows a table function yielded, as Arrow vectors the receiver owns and must close: for each
 * output row, the input row of its slice that produced it (in the caller's numbering) and one value
 * per result column.
 *
 * @param inputRows one INTEGER per output row: the input row it was yielded for ({@code terminate()}
 *                  rows: the last input row its instance saw)
 * @param columns   one vector per result column, {@code rowCount} values each
 * @param rowCount  output rows in this chunk (0 is possible)
 * @param more      whether the run has more rows: ask {@link PythonTableFunction.Run#next} for them
 */
public record TableChunk(IntVector inputRows, List<FieldVector> columns, int rowCount, boolean more)
        implements AutoCloseable {
    @Override
    public void close() {
        inputRows.close();
        columns.forEach(FieldVector::close);
    }
}
