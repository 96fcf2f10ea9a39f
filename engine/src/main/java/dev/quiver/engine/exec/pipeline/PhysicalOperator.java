package dev.quiver.engine.exec.pipeline;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A node of an executable plan. Immutable: the same tree can run many times and on many threads;
 * run-time state lives in {@link QueryState}. An operator plays one or more roles — source
 * ({@link SourceOperator}), streaming step ({@link StreamOperator}), sink ({@link SinkOperator}) —
 * and {@link PipelineBuilder} cuts the tree into pipelines accordingly.
 */
public interface PhysicalOperator {
    /** The operator's inputs; for a hash join, build side first. */
    List<PhysicalOperator> children();

    /** The columns this operator produces. */
    List<Field> outputFields();

    /** One line for EXPLAIN, e.g. {@code Filter(#0 > 5)}. */
    String describe();
}
