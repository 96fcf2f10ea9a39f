package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.KeyFilter;
import dev.quiver.engine.exec.key.KeyLayout;
import dev.quiver.engine.exec.pipeline.KeyRangeTest;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A hash join's filter, moved down its probe pipeline (by {@code PipelineBuilder}) to where the
 * join's keys first appear: drops the rows whose keys cannot match the finished build side before
 * the operators between copy them — a Filter's gather of every column, a lower join's probe.
 *
 * <p>Tests the first key against the build side's {@link KeyFilter} (rows it keeps may still miss:
 * the join decides). Only for keys that are longs: others would be encoded twice. Where the filter
 * keeps most rows of a batch, the batch passes as it is; where it keeps nearly every row of the
 * first batches, it tests only now and then ({@code BuildState.filterWorthTesting}).
 *
 * <p>Filters of several joins placed next to each other are one operator ({@link #fuse}): each
 * tests only the rows the ones before it kept, and the kept rows are copied once, at the end — or
 * not at all: the batch goes on with them as its selection where they are at least half of it, and
 * whatever their number where the next operator to read rows is a join's probe, which gathers
 * only the selected rows it outputs (the pipeline builder says which: {@code sparseSelections}).
 * A batch that arrives with a selection is tested on its selected rows only.
 *
 * <p>Right after a table scan it also tells the scan which stored batches to skip unread, by their
 * key range ({@link KeyRangeTest}, asked of the first join's key): a date join then reads only the
 * batches of its dates.
 *
 * <p>Not a node of the operator tree (it has no children): it lives only in a pipeline, after the
 * build sides it reads have finished.
 */
public final class JoinFilterOperator implements StreamOperator, KeyRangeTest {
    /** One join's test: its probe keys, as they are at this point of the pipeline. */
    private record KeyTest(HashJoinOperator join, KeyLayout keys) {}

    /** In the order they run; at least one. */
    private final List<KeyTest> tests;

    private final List<Field> fields;
    /** Whether kept rows go on as a selection however few they are: a join's probe reads them next. */
    private final boolean sparseSelections;

    JoinFilterOperator(HashJoinOperator join, KeyLayout keys, List<Field> fields, boolean sparseSelections) {
        this(List.of(new KeyTest(join, keys)), fields, sparseSelections);
    }

    private JoinFilterOperator(List<KeyTest> tests, List<Field> fields, boolean sparseSelections) {
        this.tests = List.copyOf(tests);
        this.fields = List.copyOf(fields);
        this.sparseSelections = sparseSelections;
    }

    @Override
    public Batch process(Batch input, QueryState query) {
        int[] kept = input.selection(); // null: every row of the batch
        int arrived = input.selectedRowCount();
        int count = arrived;
        int[] spare = null;
        for (KeyTest test : tests) {
            HashJoinOperator.BuildState state = query.finished(test.join());
            KeyFilter filter = state.keyFilter();
            if (filter == null) { // no build row has a key: nothing can match
                count = 0;
                break;
            }
            if (count == 0 || !state.filterWorthTesting()) {
                continue;
            }
            int[] selected = spare != null ? spare : new int[arrived];
            int selectedCount = filter.select(test.keys(), input, kept, count, selected);
            state.filterTested(count, selectedCount < 0 ? count : selectedCount);
            if (selectedCount < 0 || selectedCount == count) {
                spare = selected;
            } else {
                spare = kept == input.selection() ? null : kept; // never write into the input's selection
                kept = selected;
                count = selectedCount;
            }
        }
        if (count == arrived) {
            return input;
        }
        try (input) {
            return HashJoinOperator.keep(
                    input, count == 0 ? new int[0] : kept, count, sparseSelections, query.context());
        }
    }

    /** A batch with a selection is tested on its selected rows. */
    @Override
    public boolean processesSelection() {
        return true;
    }

    /** The filter reads only the selected rows' keys. */
    @Override
    public boolean readsOnlySelectedRows() {
        return true;
    }

    /** Both filters as one operator, when {@code next} is a join filter too (it reads this one's output, the same columns). */
    @Override
    public StreamOperator fuse(StreamOperator next) {
        if (!(next instanceof JoinFilterOperator other)) {
            return null;
        }
        List<KeyTest> both = new ArrayList<>(tests);
        both.addAll(other.tests);
        return new JoinFilterOperator(both, fields, other.sparseSelections); // the last one's output goes on
    }

    @Override
    public boolean mayPassAny(QueryState query, long min, long max) {
        KeyTest first = tests.getFirst();
        if (first.join().firstKeyMatchesNull()) {
            return true; // the range leaves out the batch's NULL keys, which may match
        }
        HashJoinOperator.BuildState state = query.finished(first.join());
        KeyFilter filter = state.keyFilter();
        return filter != null && filter.mayContainAny(min, max); // no filter: no build row has a key
    }

    /** Every column passes unchanged. */
    @Override
    public int inputColumn(int outputColumn) {
        return outputColumn;
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
        StringJoiner text = new StringJoiner("; ", "JoinFilter(", sparseSelections ? ", selection)" : ")");
        tests.forEach(test -> text.add(test.keys() + " of " + test.join().describe()));
        return text.toString();
    }
}
