package dev.quiver.engine.exec.operator.project;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.Conjunction;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Keeps the rows whose condition is TRUE (not FALSE, not NULL), and of those rows only the columns
 * its consumer reads.
 *
 * <p>Copying the kept rows is most of a selective filter's time: the rows are scattered, so each
 * value read is a cache miss. A column only the condition reads (TPC-H Q6's {@code l_shipdate} and
 * {@code l_quantity}) is therefore not copied at all.
 *
 * <p>When most rows pass (Q1 keeps 98 %), nothing is copied: the kept columns go on with the
 * passing rows as the batch's selection ({@link Batch#selection}). Operators that accept one
 * evaluate over all rows, which costs less than the copy when few rows were dropped; for any other
 * the pipeline executor compacts the batch, which is the copy this operator would have made.
 *
 * <p>A batch that arrives with a selection (a join filter's kept rows) is tested on those rows only,
 * and the rows it keeps of them are copied or go on as above: rows a join filter kept and this
 * filter drops are never copied (TPC-H Q3's {@code l_shipdate} test after {@code l_orderkey}'s).
 *
 * <p>A condition with comparisons or IN lists over columns among its conjuncts is evaluated as a
 * {@link Conjunction}: each conjunct looks only at the rows the ones before it kept (Q6's discount
 * range only at the 15 % of rows in its year), with no BOOLEAN vector in between.
 */
public final class FilterOperator implements StreamOperator {

    private final PhysicalOperator input;
    private final Expr condition;
    /** The condition as conjuncts that narrow a list of rows one after another, or null to evaluate it whole. */
    private final Conjunction conjunction;
    /** The input column of each output column, ascending. */
    private final int[] outputColumns;

    private final List<Field> fields;

    /** A filter that passes every input column on. */
    public FilterOperator(PhysicalOperator input, Expr condition) {
        this(input, condition, IntStream.range(0, input.outputFields().size()).toArray());
    }

    /**
     * A filter whose output is the input columns {@code outputColumns} (in that order) of the kept
     * rows; the condition may read any input column.
     */
    public FilterOperator(PhysicalOperator input, Expr condition, int[] outputColumns) {
        List<Field> inputFields = input.outputFields();
        List<Field> kept = new ArrayList<>(outputColumns.length);
        for (int column : outputColumns) {
            if (column < 0 || column >= inputFields.size()) {
                throw new QuiverException(
                        ErrorCode.INTERNAL,
                        "no input column " + column + " among " + inputFields.size()
                                + " for a filter to keep (a bug in the plan)");
            }
            kept.add(inputFields.get(column));
        }
        this.input = input;
        this.condition = condition;
        this.conjunction = Conjunction.of(condition);
        this.outputColumns = outputColumns.clone();
        this.fields = List.copyOf(kept);
    }

    @Override
    public Batch process(Batch batch, QueryState query) {
        try (batch) {
            int rows = batch.rowCount();
            int[] selected = new int[rows];
            int count = select(batch, selected, query);
            BufferAllocator allocator = query.context().allocator();
            if (count < rows && count < rows * Batch.KEPT_FOR_SELECTION) {
                return new Batch(Gather.gatherColumns(batch, outputColumns, selected, count, allocator), count);
            }
            List<FieldVector> kept = new ArrayList<>(outputColumns.length);
            try {
                for (int column : outputColumns) {
                    kept.add(batch.retainColumn(column, allocator));
                }
            } catch (RuntimeException e) {
                kept.forEach(FieldVector::close);
                throw e;
            }
            return count == rows ? new Batch(kept, rows) : new Batch(kept, rows, selected, count);
        }
    }

    /** The rows (of the batch's selection, if it has one) where the condition is TRUE into {@code selected}; their number. */
    private int select(Batch batch, int[] selected, QueryState query) {
        if (conjunction != null) {
            return conjunction.select(batch, selected, query.context());
        }
        if (batch.selection() != null) {
            return Conjunction.select(condition, batch, selected, query.context());
        }
        try (BitVector mask = (BitVector) condition.evaluate(batch, query.context())) {
            return selectTrueRows(mask, batch.rowCount(), selected);
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
            count = Bits.appendSetRows(word, wordIndex << 6, selected, count);
        }
        for (int row = fullWords << 6; row < rows; row++) {
            if ((BitVectorHelper.get(values, row) & (allValid ? 1 : BitVectorHelper.get(validity, row))) != 0) {
                selected[count++] = row;
            }
        }
        return count;
    }

    /** A batch with a selection is tested on its selected rows, and what they keep goes on. */
    @Override
    public boolean processesSelection() {
        return true;
    }

    /**
     * The condition reads only the selected rows (or, where they are many, every row in one loop,
     * which costs no more), and only the kept rows are copied.
     */
    @Override
    public boolean readsOnlySelectedRows() {
        return true;
    }

    @Override
    public int inputColumn(int outputColumn) {
        return outputColumns[outputColumn];
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        String text = "Filter(" + condition.describe();
        if (outputColumns.length < input.outputFields().size()) {
            text += ", keep=" + Arrays.toString(outputColumns);
        }
        return text + ")";
    }
}
