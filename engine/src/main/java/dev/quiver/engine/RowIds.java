package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Row numbers for statements that pick a table's rows with a query (UPDATE … FROM, DELETE … USING,
 * RETURNING, ON CONFLICT): a copy of the table with a BIGINT column {@value #COLUMN} numbering its
 * rows 0, 1, … in storage order; the query returns the numbers of the rows it picks (and new values),
 * and the methods here build the table's next version from them. Row order is kept.
 */
final class RowIds {
    /** The row number column; quoted, so no user column of a plain name collides. */
    static final String COLUMN = "$quiver_row";

    private RowIds() {}

    /** A copy of {@code table} (same name) with the row number column last; the caller closes it. */
    static MemoryTable numbered(MemoryTable table, String name, BufferAllocator allocator) {
        List<Field> fields = new ArrayList<>(table.schema().getFields());
        Field rowField = new Field(COLUMN, FieldType.notNullable(new ArrowType.Int(64, true)), null);
        fields.add(rowField);
        List<Batch> batches = new ArrayList<>();
        long next = 0;
        try {
            for (Batch batch : table.batches()) {
                List<FieldVector> columns = new ArrayList<>();
                try {
                    for (FieldVector column : batch.columns()) {
                        columns.add(Vectors.copy(column, allocator));
                    }
                    BigIntVector rows = (BigIntVector) rowField.createVector(allocator);
                    columns.add(rows);
                    rows.allocateNew(batch.rowCount());
                    for (int row = 0; row < batch.rowCount(); row++) {
                        rows.set(row, next++);
                    }
                    rows.setValueCount(batch.rowCount());
                } catch (RuntimeException e) {
                    columns.forEach(FieldVector::close);
                    throw e;
                }
                batches.add(new Batch(columns, batch.rowCount()));
            }
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
        return new MemoryTable(name, new Schema(fields), batches);
    }

    /** The row numbers in column {@code column} of {@code batches}, in order (duplicates kept). */
    static long[] read(List<Batch> batches, int column) {
        long[] rows = new long[(int) batches.stream().mapToLong(Batch::rowCount).sum()];
        int next = 0;
        for (Batch batch : batches) {
            BigIntVector vector = (BigIntVector) batch.column(column);
            for (int row = 0; row < batch.rowCount(); row++) {
                rows[next++] = vector.get(row);
            }
        }
        return rows;
    }

    /** A mark per row of a table of {@code rowCount} rows: true for the rows in {@code picked}. */
    static boolean[] marks(long[] picked, long rowCount) {
        boolean[] marks = new boolean[Math.toIntExact(rowCount)];
        for (long row : picked) {
            marks[(int) row] = true;
        }
        return marks;
    }

    /**
     * The rows of {@code batches} whose mark is {@code keep}, as new batches in {@code allocator}
     * (the caller owns them); a batch left with no rows is left out.
     */
    static List<Batch> select(List<Batch> batches, boolean[] marks, boolean keep, BufferAllocator allocator) {
        List<Batch> selected = new ArrayList<>();
        int offset = 0;
        try {
            for (Batch batch : batches) {
                int[] rows = new int[batch.rowCount()];
                int count = 0;
                for (int row = 0; row < batch.rowCount(); row++) {
                    if (marks[offset + row] == keep) {
                        rows[count++] = row;
                    }
                }
                offset += batch.rowCount();
                if (count == 0) {
                    continue;
                }
                List<FieldVector> columns = new ArrayList<>();
                try {
                    for (FieldVector column : batch.columns()) {
                        columns.add(Gather.gather(column, rows, count, allocator));
                    }
                } catch (RuntimeException e) {
                    columns.forEach(FieldVector::close);
                    throw e;
                }
                selected.add(new Batch(columns, count));
            }
        } catch (RuntimeException e) {
            selected.forEach(Batch::close);
            throw e;
        }
        return selected;
    }

    /**
     * {@code table}'s rows with new values: {@code updates}' first column numbers the row, the
     * others are the new values of {@code columns} (in that order, of those columns' types). The
     * caller owns the returned batches, which hold copies of every column.
     *
     * @param twice     what to say when a row is picked twice (null: the first pick wins)
     * @param changed   set to true for each row given new values (one mark per row of the table)
     * @throws QuiverException NOT_NULL_VIOLATION for a NULL in a NOT NULL column; INVALID_QUERY
     *     (with {@code twice}) for a row picked twice
     */
    static List<Batch> update(
            MemoryTable table,
            List<Batch> updates,
            int[] columns,
            String twice,
            boolean[] changed,
            BufferAllocator allocator) {
        long[] source = new long[Math.toIntExact(table.rowCount())]; // (batch << 32 | row) + 1, 0: none
        for (int batchIndex = 0; batchIndex < updates.size(); batchIndex++) {
            Batch batch = updates.get(batchIndex);
            BigIntVector rows = (BigIntVector) batch.column(0);
            for (int row = 0; row < batch.rowCount(); row++) {
                int target = (int) rows.get(row);
                if (source[target] != 0) {
                    if (twice != null) {
                        throw new QuiverException(ErrorCode.INVALID_QUERY, twice);
                    }
                    continue;
                }
                source[target] = (((long) batchIndex << 32) | row) + 1;
                changed[target] = true;
            }
        }
        List<Field> fields = table.schema().getFields();
        for (int index = 0; index < columns.length; index++) {
            Field field = fields.get(columns[index]);
            if (field.isNullable()) {
                continue;
            }
            for (Batch batch : updates) {
                if (batch.column(index + 1).getNullCount() > 0) {
                    throw new QuiverException(
                            ErrorCode.NOT_NULL_VIOLATION,
                            "NULL value in column " + field.getName() + " of table " + table.name()
                                    + ", which is NOT NULL");
                }
            }
        }
        List<Batch> result = new ArrayList<>();
        int offset = 0;
        try {
            for (Batch batch : table.batches()) {
                List<FieldVector> copied = new ArrayList<>();
                try {
                    for (int column = 0; column < fields.size(); column++) {
                        int assigned = indexOf(columns, column);
                        if (assigned < 0) {
                            copied.add(Vectors.copy(batch.column(column), fields.get(column), allocator));
                            continue;
                        }
                        // Written row by row in order: variable-width vectors take values only that way.
                        FieldVector vector = fields.get(column).createVector(allocator);
                        copied.add(vector);
                        vector.setInitialCapacity(batch.rowCount());
                        vector.allocateNew();
                        for (int row = 0; row < batch.rowCount(); row++) {
                            long from = source[offset + row] - 1;
                            if (from < 0) {
                                Vectors.copyValue(batch.column(column), row, vector, row);
                            } else {
                                Vectors.copyValue(
                                        updates.get((int) (from >>> 32)).column(assigned + 1), (int) from, vector, row);
                            }
                        }
                        vector.setValueCount(batch.rowCount());
                    }
                } catch (RuntimeException e) {
                    copied.forEach(FieldVector::close);
                    throw e;
                }
                result.add(new Batch(copied, batch.rowCount()));
                offset += batch.rowCount();
            }
        } catch (RuntimeException e) {
            result.forEach(Batch::close);
            throw e;
        }
        return result;
    }

    private static int indexOf(int[] values, int value) {
        for (int index = 0; index < values.length; index++) {
            if (values[index] == value) {
                return index;
            }
        }
        return -1;
    }

    /** Copies of {@code batches} in {@code allocator} (the caller owns them). */
    static List<Batch> copy(List<Batch> batches, BufferAllocator allocator) {
        boolean[] all =
                new boolean[(int) batches.stream().mapToLong(Batch::rowCount).sum()];
        Arrays.fill(all, true);
        return select(batches, all, true, allocator);
    }
}
