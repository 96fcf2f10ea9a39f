package dev.quiver.engine.exec.pipeline;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A streaming operator that drops every input row whose keys have no match in state finished
 * before its pipeline runs — a hash join's probe — and can hand out a filter that drops those rows
 * earlier in the same pipeline (a join filter), before other operators copy them.
 *
 * <p>{@link PipelineBuilder} traces the keys down the pipeline through the operators'
 * {@link StreamOperator#inputColumn} and puts the filter as near the source as they reach.
 */
public interface JoinFilterSource extends StreamOperator {
    /** The key columns of this operator's input, or an empty array when rows without a match are not simply dropped. */
    int[] filterKeys();

    /**
     * A streaming operator that drops rows whose keys have no match (and may keep some that have
     * none), for a point of the pipeline where the batches have {@code fields} and the keys are
     * {@code columns}: all of {@link #filterKeys()}, or only the first of them where the others
     * are not columns yet (a key that a join between brings). Null when the keys there do not
     * compare with the build side's. With {@code sparseSelections} the filter hands on however few
     * rows it keeps as a selection, without copying them: the operators after it only pick columns
     * until one that reads only selected rows ({@link StreamOperator#readsOnlySelectedRows}).
     */
    StreamOperator joinFilter(List<Field> fields, int[] columns, boolean sparseSelections);
}
