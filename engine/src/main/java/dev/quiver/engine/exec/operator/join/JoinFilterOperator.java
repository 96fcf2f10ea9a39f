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
 * tests only the rows the ones before it kept, and the kept rows are copied once, at the end.
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

    JoinFilterOperator(HashJoinOperator join, KeyLayout keys, List<Field> fields) {
        this(List.of(new KeyTest(join, keys)), fields);
    }

    private JoinFilterOperator(List<KeyTest> tests, List<Field> fields) {
        this.tests = List.copyOf(tests);
        this.fields = List.copyOf(fields);
    }

    @Override
    public Batch process(Batch input, QueryState query) {
        int rows = input.rowCount();
        int[] kept = null; // null: every row of the batch
        int count = rows;
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
            int[] selected = spare != null ? spare : new int[rows];
            int selectedCount = filter.select(test.keys(), input, kept, count, selected);
            state.filterTested(count, selectedCount < 0 ? count : selectedCount);
            if (selectedCount < 0 || selectedCount == count) {
                spare = selected;
            } else {
                spare = kept;
                kept = selected;
                count = selectedCount;
            }
        }
        if (count == rows) {
            return input;
        }
        try (input) {
            return HashJoinOperator.select(input, count == 0 ? new int[0] : kept, count, query.context());
        }
    }

    /** Both filters as one operator, when {@code next} is a join filter too (it reads this one's output, the same columns). */
    @Override
    public StreamOperator fuse(StreamOperator next) {
        if (!(next instanceof JoinFilterOperator other)) {
            return null;
        }
        List<KeyTest> both = new ArrayList<>(tests);
        both.addAll(other.tests);
        return new JoinFilterOperator(both, fields);
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
        StringJoiner text = new StringJoiner("; ", "JoinFilter(", ")");
        tests.forEach(test -> text.add(test.keys() + " of " + test.join().describe()));
        return text.toString();
    }
}
