package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.KeyFilter;
import dev.quiver.engine.exec.key.KeyLayout;
import dev.quiver.engine.exec.pipeline.KeyRangeTest;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import java.util.List;
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
 * <p>Right after a table scan it also tells the scan which stored batches to skip unread, by their
 * key range ({@link KeyRangeTest}): a date join then reads only the batches of its dates.
 *
 * <p>Not a node of the operator tree (it has no children): it lives only in a pipeline, after the
 * build side it reads has finished.
 */
public final class JoinFilterOperator implements StreamOperator, KeyRangeTest {
    private final HashJoinOperator join;
    /** The join's probe keys, as they are at this point of the pipeline. */
    private final KeyLayout keys;

    private final List<Field> fields;

    JoinFilterOperator(HashJoinOperator join, KeyLayout keys, List<Field> fields) {
        this.join = join;
        this.keys = keys;
        this.fields = List.copyOf(fields);
    }

    @Override
    public Batch process(Batch input, QueryState query) {
        HashJoinOperator.BuildState state = query.finished(join);
        int rows = input.rowCount();
        KeyFilter filter = state.keyFilter();
        if (filter != null) {
            if (!state.filterWorthTesting()) {
                return input;
            }
            int[] selected = new int[rows];
            int count = filter.select(keys, input, selected);
            state.filterTested(rows, count < 0 ? rows : count);
            if (count < 0 || count == rows) {
                return input;
            }
            try (input) {
                return HashJoinOperator.select(input, selected, count, query.context());
            }
        }
        try (input) { // no build row has a key: nothing can match
            return HashJoinOperator.select(input, new int[0], 0, query.context());
        }
    }

    @Override
    public boolean mayPassAny(QueryState query, long min, long max) {
        if (join.firstKeyMatchesNull()) {
            return true; // the range leaves out the batch's NULL keys, which may match
        }
        HashJoinOperator.BuildState state = query.finished(join);
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
        return "JoinFilter(" + keys + " of " + join.describe() + ")";
    }
}
