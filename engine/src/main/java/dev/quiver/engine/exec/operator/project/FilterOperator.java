package dev.quiver.engine.exec.operator.project;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Keeps the rows whose condition is TRUE (not FALSE, not NULL). */
public final class FilterOperator implements StreamOperator {
    private final PhysicalOperator input;
    private final Expr condition;

    public FilterOperator(PhysicalOperator input, Expr condition) {
        this.input = input;
        this.condition = condition;
    }

    @Override
    public Batch process(Batch batch, QueryState query) {
        try (batch;
                BitVector mask = (BitVector) condition.evaluate(batch, query.context())) {
            int rows = batch.rowCount();
            int[] selected = new int[rows];
            int count = selectTrueRows(mask, rows, selected);
            List<FieldVector> kept = new ArrayList<>(batch.columnCount());
            boolean runHeavy = count < rows && Gather.isRunHeavy(selected, count); // once for all columns
            try {
                for (int column = 0; column < batch.columnCount(); column++) {
                    kept.add(
                            count == rows
                                    ? batch.retainColumn(column, query.context().allocator())
                                    : Gather.gather(
                                            batch.column(column),
                                            selected,
                                            count,
                                            query.context().allocator(),
                                            runHeavy));
                }
            } catch (RuntimeException e) {
                kept.forEach(FieldVector::close);
                throw e;
            }
            return new Batch(kept, count);
        }
    }

    /**
     * The rows where {@code mask} is TRUE (set and valid) into {@code selected}; their number. Works
     * 64 rows at a time: a word of TRUE bits, then one store per set bit.
     */
    public static int selectTrueRows(BitVector mask, int rows, int[] selected) {
        ArrowBuf values = mask.getDataBuffer();
        ArrowBuf validity = mask.getValidityBuffer();
        boolean allValid = mask.getNullCount() == 0;
        int count = 0;
        int fullWords = rows >>> 6;
        for (int wordIndex = 0; wordIndex < fullWords; wordIndex++) {
            long address = (long) wordIndex << 3;
            long word = values.getLong(address);
            if (!allValid) {
                word &= validity.getLong(address);
            }
            int base = wordIndex << 6;
            if (word == -1L) { // every row of the word: no bit scanning
                for (int bit = 0; bit < 64; bit++) {
                    selected[count + bit] = base + bit;
                }
                count += 64;
                continue;
            }
            while (word != 0) {
                selected[count++] = base + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        for (int row = fullWords << 6; row < rows; row++) {
            if ((BitVectorHelper.get(values, row) & (allValid ? 1 : BitVectorHelper.get(validity, row))) != 0) {
                selected[count++] = row;
            }
        }
        return count;
    }

    @Override
    public int inputColumn(int outputColumn) {
        return outputColumn;
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return input.outputFields();
    }

    @Override
    public String describe() {
        return "Filter(" + condition.describe() + ")";
    }
}
