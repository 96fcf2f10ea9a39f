package dev.quiver.engine.cli;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * What a display needs of a result: column names and types, the number of rows and any row by its
 * index, so that showing the first and last rows of a large result reads only those rows.
 */
record ResultView(List<String> names, List<ArrowType> types, long rowCount, RowSource rows) {

    /** Reads one row by its index. */
    interface RowSource {
        List<Object> row(long index);
    }

    /** A view of {@code result}'s batches (it must stay open while the view is used). */
    static ResultView of(QueryResult result) {
        List<Batch> batches = result.batches();
        long[] starts = new long[batches.size()];
        long total = 0;
        for (int index = 0; index < batches.size(); index++) {
            starts[index] = total;
            total += batches.get(index).rowCount();
        }
        RowSource rows = rowIndex -> {
            int found = Arrays.binarySearch(starts, rowIndex);
            int batchIndex = found >= 0 ? found : -found - 2;
            // empty batches share their start with the next one: move on to the batch that holds the row
            while (batches.get(batchIndex).rowCount() <= rowIndex - starts[batchIndex]) {
                batchIndex++;
            }
            Batch batch = batches.get(batchIndex);
            int row = (int) (rowIndex - starts[batchIndex]);
            List<Object> values = new ArrayList<>(batch.columnCount());
            for (FieldVector column : batch.columns()) {
                values.add(QueryResult.value(column, row));
            }
            return values;
        };
        List<Field> fields = result.fields();
        return new ResultView(
                fields.stream().map(Field::getName).toList(),
                fields.stream().map(Field::getType).toList(),
                total,
                rows);
    }

    /** A view of rows built in memory (the shell's {@code .describe}). */
    static ResultView of(List<String> names, List<ArrowType> types, List<List<Object>> rows) {
        return new ResultView(names, types, rows.size(), index -> rows.get((int) index));
    }

    /** Every row, in order. */
    List<List<Object>> allRows() {
        List<List<Object>> all = new ArrayList<>();
        for (long index = 0; index < rowCount; index++) {
            all.add(rows.row(index));
        }
        return all;
    }
}
