package dev.quiver.engine.exec.operator.unnest;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Downstream;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's unnest as an operator: each input row comes out once per element of its lists, the
 * kept input columns repeated beside the elements ({@code SELECT k, unnest(l)}, {@code FROM t,
 * unnest(t.l)}, {@code FROM unnest([1, 2])}).
 *
 * <p>Several lists zip: a row yields as many rows as its longest list has elements, the shorter
 * ones giving NULL past their end. A NULL or empty list counts as no elements, so a row whose lists
 * are all NULL or empty yields nothing — or, with {@code keepUnmatched} (LEFT JOIN LATERAL … ON
 * TRUE), one row with NULL elements. A list unnested to depth d (DuckDB's {@code recursive := true},
 * {@code max_depth := d}) yields the elements of its lists' lists, d levels down, NULL inner lists
 * contributing none. With {@code ordinality} a last column numbers each row's elements from 1.
 *
 * <p>Output streams in batches of at most {@code batchRows} rows, so a row with a huge list never
 * builds one huge batch, and emission stops once a LIMIT downstream has its rows. Elements are
 * gathered from the list's child vector: no per-element boxing. Immutable; shared by the pipeline's
 * threads, each of which unnests its own morsels.
 */
public final class UnnestOperator implements StreamOperator {
    private final PhysicalOperator input;
    private final int[] kept;
    private final int[] lists;
    private final int[] depths;
    private final boolean ordinality;
    private final boolean keepUnmatched;
    private final int batchRows;
    private final List<Field> outputFields;

    /**
     * @param kept          the input columns repeated beside the elements
     * @param lists         the input columns unnested, each a list (or NULL-typed: no elements)
     * @param depths        per list, how many list levels it is unnested through (1: its elements)
     * @param ordinality    whether a last BIGINT column numbers the elements from 1
     * @param keepUnmatched whether a row without elements still comes out once, with NULL elements
     * @param outputFields  the kept columns, one per list, then the ordinality column if any
     */
    public UnnestOperator(
            PhysicalOperator input,
            int[] kept,
            int[] lists,
            int[] depths,
            boolean ordinality,
            boolean keepUnmatched,
            int batchRows,
            List<Field> outputFields) {
        if (lists.length != depths.length || outputFields.size() != kept.length + lists.length + (ordinality ? 1 : 0)) {
            throw new IllegalArgumentException("unnest: " + outputFields.size() + " output fields for " + kept.length
                    + " kept columns and " + lists.length + " lists");
        }
        this.input = input;
        this.kept = kept.clone();
        this.lists = lists.clone();
        this.depths = depths.clone();
        this.ordinality = ordinality;
        this.keepUnmatched = keepUnmatched;
        this.batchRows = Math.max(1, batchRows);
        this.outputFields = List.copyOf(outputFields);
    }

    @Override
    public Batch process(Batch input, QueryState query) {
        throw new UnsupportedOperationException("unnest emits many batches per input batch");
    }

    @Override
    public void process(Batch batch, QueryState query, Consumer<Batch> downstream) {
        BufferAllocator allocator = query.context().allocator();
        boolean emitted = false;
        try (batch) {
            int rows = batch.rowCount();
            Spans[] spans = new Spans[lists.length];
            for (int index = 0; index < lists.length; index++) {
                spans[index] = Spans.of(batch.column(lists[index]), depths[index], rows);
            }
            int[] counts = new int[rows]; // output rows per input row
            long total = 0;
            for (int row = 0; row < rows; row++) {
                int longest = 0;
                for (Spans span : spans) {
                    longest = Math.max(longest, span.length(row));
                }
                counts[row] = longest == 0 && keepUnmatched ? 1 : longest;
                total += counts[row];
            }
            int row = 0;
            int element = 0; // the next element of `row` to emit
            while (total > 0 && !Downstream.isSatisfied(downstream)) {
                int size = (int) Math.min(batchRows, total);
                int[] inputRows = new int[size];
                int[][] elementRows = new int[lists.length][size];
                long[] ordinals = ordinality ? new long[size] : null;
                int filled = 0;
                while (filled < size) {
                    if (element >= counts[row]) {
                        row++;
                        element = 0;
                        continue;
                    }
                    inputRows[filled] = row;
                    for (int index = 0; index < lists.length; index++) {
                        Spans span = spans[index];
                        elementRows[index][filled] = element < span.length(row) ? span.start(row) + element : -1;
                    }
                    if (ordinals != null) {
                        ordinals[filled] = counts[row] == 1 && maxLength(spans, row) == 0 ? 0 : element + 1;
                    }
                    filled++;
                    element++;
                }
                total -= size;
                downstream.accept(chunk(batch, spans, inputRows, elementRows, ordinals, size, allocator));
                emitted = true;
            }
        }
        if (!emitted) {
            downstream.accept(empty(allocator)); // every morsel reaches the sink
        }
    }

    private static int maxLength(Spans[] spans, int row) {
        int longest = 0;
        for (Spans span : spans) {
            longest = Math.max(longest, span.length(row));
        }
        return longest;
    }

    /** One output batch: kept columns gathered by input row, elements by element row. */
    private Batch chunk(
            Batch batch,
            Spans[] spans,
            int[] inputRows,
            int[][] elementRows,
            long[] ordinals,
            int size,
            BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(outputFields.size());
        try {
            boolean runHeavy = Gather.isRunHeavy(inputRows, size);
            for (int column : kept) {
                columns.add(Gather.gather(batch.column(column), inputRows, size, allocator, runHeavy));
            }
            for (int index = 0; index < lists.length; index++) {
                Field field = outputFields.get(kept.length + index);
                FieldVector elements = spans[index].elements();
                if (elements == null) {
                    try (FieldVector none = emptyVector(field, allocator)) {
                        columns.add(Gather.gather(none, elementRows[index], size, allocator));
                    }
                } else {
                    columns.add(Vectors.rename(
                            Gather.gather(elements, elementRows[index], size, allocator), field, allocator));
                }
            }
            if (ordinals != null) {
                FieldVector numbers = outputFields.getLast().createVector(allocator);
                columns.add(numbers);
                numbers.setInitialCapacity(size);
                numbers.allocateNew();
                BaseIntVector integers = (BaseIntVector) numbers; // BIGINT, or Calcite's INTEGER ordinality
                for (int index = 0; index < size; index++) {
                    if (ordinals[index] == 0) {
                        numbers.setNull(index);
                    } else {
                        integers.setWithPossibleTruncate(index, ordinals[index]);
                    }
                }
                numbers.setValueCount(size);
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        return new Batch(columns, size);
    }

    private Batch empty(BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(outputFields.size());
        for (Field field : outputFields) {
            columns.add(emptyVector(field, allocator));
        }
        return new Batch(columns, 0);
    }

    private static FieldVector emptyVector(Field field, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        vector.allocateNew();
        vector.setValueCount(0);
        return vector;
    }

    /**
     * Where each row's elements lie in the element vector {@code depth} list levels down: rows
     * [start, end) of {@link #elements}. Composing offsets level by level flattens lists of lists
     * without copying; a NULL list (at any level) spans nothing.
     */
    private record Spans(int[] starts, int[] ends, FieldVector elements) {
        static Spans of(FieldVector column, int depth, int rows) {
            int[] starts = new int[rows];
            int[] ends = new int[rows];
            FieldVector level = column;
            boolean first = true;
            for (int step = 0; step < depth; step++) {
                if (!(level instanceof ListVector || level instanceof FixedSizeListVector)) {
                    return new Spans(new int[rows], new int[rows], null); // NULL-typed: no elements
                }
                for (int row = 0; row < rows; row++) {
                    int from = first ? row : starts[row];
                    int to = first ? row + 1 : ends[row];
                    starts[row] = childStart(level, from, to, true);
                    ends[row] = childStart(level, from, to, false);
                }
                first = false;
                level = level instanceof ListVector list
                        ? list.getDataVector()
                        : ((FixedSizeListVector) level).getDataVector();
            }
            return new Spans(starts, ends, level);
        }

        /**
         * The first (or one past the last) child row of parent rows [from, to); NULL parents are
         * skipped, whatever their offsets say.
         */
        private static int childStart(FieldVector level, int from, int to, boolean start) {
            if (start) {
                for (int row = from; row < to; row++) {
                    if (!level.isNull(row)) {
                        return offset(level, row);
                    }
                }
                return 0;
            }
            for (int row = to - 1; row >= from; row--) {
                if (!level.isNull(row)) {
                    return offset(level, row + 1);
                }
            }
            return 0;
        }

        private static int offset(FieldVector level, int row) {
            return level instanceof ListVector list
                    ? list.getOffsetBuffer().getInt((long) row * ListVector.OFFSET_WIDTH)
                    : row * ((FixedSizeListVector) level).getListSize();
        }

        int start(int row) {
            return starts[row];
        }

        int length(int row) {
            return ends[row] - starts[row];
        }
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return outputFields;
    }

    @Override
    public String describe() {
        String unnested = IntStream.range(0, lists.length)
                .mapToObj(index -> "$" + lists[index] + (depths[index] == 1 ? "" : " depth " + depths[index]))
                .collect(Collectors.joining(", "));
        return "Unnest(" + unnested + (ordinality ? ", with ordinality" : "")
                + (keepUnmatched ? ", keeps rows without elements" : "") + ", keeps "
                + Arrays.toString(kept) + ")";
    }
}
