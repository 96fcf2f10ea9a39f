package dev.quiver.engine.plan;

import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The outcome of planning a query: the executable operator tree, the result's columns, and the
 * plans of each phase for EXPLAIN.
 *
 * @param root          the runtime operator tree
 * @param fields        the result columns (names as the query spells them)
 * @param logicalPlan   Calcite's logical plan after rewriting, as text
 * @param physicalPlan  the Vec plan, as text
 * @param phases        where the planning time went
 */
public record PlannedQuery(
        PhysicalOperator root, List<Field> fields, String logicalPlan, String physicalPlan, PlanningPhases phases) {}
