package dev.quiver.engine.exec.pipeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Cuts an operator tree into pipelines at the pipeline breakers (Leis et al., "Morsel-driven
 * parallelism", 2014).
 *
 * <p>Walking down from the result sink: a streaming operator joins the current pipeline; a leaf
 * source starts it; a breaker (an operator that is both sink and source) starts the current
 * pipeline with its output and ends a new pipeline — one per child — with its input; a hash join
 * (stream and sink) probes in the current pipeline and ends a new one with its build side (child 0).
 *
 * <p>A hash join that is a source as well (stream, sink and source) emits build rows once its probe
 * is over (an outer join's unmatched build rows): it also starts a tail pipeline that runs right
 * after the current one and goes through the same operators above the join into the same sink.
 * Tails of joins lower in a pipeline run first, since their rows pass the joins above them.
 *
 * <p>A streaming operator with several inputs (UNION ALL) continues the current pipeline with its
 * first input; every other input starts a branch pipeline that goes through the same operators
 * above it into the same sink, so no input is gathered before the operators above read it.
 *
 * <p>Once a pipeline is complete, each {@link JoinFilterSource} in it gets its join filter placed
 * as near the source as its keys can be traced ({@link StreamOperator#inputColumn}); right after
 * the source, the source may also skip whole morsels by the filter ({@link SourceOperator#skipping}).
 * Filters that end up next to each other are fused into one, which copies the kept rows once.
 */
public final class PipelineBuilder {
    /** Tail pipelines get sequence numbers far above any source's own. */
    private static final long TAIL_SEQUENCES = 1L << 48;

    private final List<Pipeline> pipelines = new ArrayList<>();
    /** Pipelines to run right after a pipeline, in order. */
    private final Map<Pipeline, LinkedList<Pipeline>> tails = new IdentityHashMap<>();
    /** The pipelines filling each breaker walked so far: an operator met twice in the tree is run once. */
    private final Map<PhysicalOperator, List<Pipeline>> inputPipelines = new IdentityHashMap<>();

    private int tailCount;

    private PipelineBuilder() {}

    /** The pipelines computing {@code root} into {@code resultSink}, dependencies before dependants. */
    public static List<Pipeline> build(PhysicalOperator root, SinkOperator<?, ?> resultSink) {
        PipelineBuilder builder = new PipelineBuilder();
        Pipeline last = new Pipeline(resultSink);
        builder.walk(root, last);
        builder.add(last);
        return builder.pipelines;
    }

    /** Schedules a finished pipeline, and after it its tails (and theirs). */
    private void add(Pipeline pipeline) {
        addJoinFilters(pipeline);
        pipelines.add(pipeline);
        for (Pipeline tail : tails.getOrDefault(pipeline, new LinkedList<>())) {
            add(tail);
        }
    }

    /**
     * Puts each join's filter as near the source as its keys can be traced, so that rows without a
     * match are dropped before the operators between copy them. Only where the keys pass at least
     * one operator: right below the join the filter would only repeat its lookup. The joins' build
     * sides finish before the pipeline runs (it depends on them), so the filters can read them.
     */
    private static void addJoinFilters(Pipeline pipeline) {
        List<StreamOperator> operators = pipeline.operators();
        for (StreamOperator operator : List.copyOf(operators).reversed()) { // inserting moves the joins up
            if (!(operator instanceof JoinFilterSource join)) {
                continue;
            }
            int index = 0;
            while (operators.get(index) != join) {
                index++;
            }
            int[] keys = join.filterKeys();
            List<int[]> traced = trace(operators, index, keys);
            if (keys.length > 1) {
                // the filter tests the first key only: it can go below where another key appears
                List<int[]> first = trace(operators, index, new int[] {keys[0]});
                traced = first.size() > traced.size() ? first : traced;
            }
            int depth = traced.size() - 1;
            if (depth == index && traced.getFirst().length > 0) {
                skipSourceMorsels(pipeline, join, traced.get(depth));
            }
            // above operators that only pick columns the filter copies fewer, at no cost
            while (depth > 0 && operators.get(index - depth).onlyPicksColumns()) {
                depth--;
            }
            if (depth == 0 || traced.getFirst().length == 0) {
                continue;
            }
            int position = index - depth;
            int[] columns = traced.get(depth);
            List<Field> fields = position == 0
                    ? pipeline.source().outputFields()
                    : operators.get(position - 1).outputFields();
            StreamOperator filter = join.joinFilter(fields, columns, feedsSelectionReader(operators, position));
            if (filter != null) {
                pipeline.insertOperator(position, filter);
            }
        }
        fuseNeighbours(operators);
    }

    /**
     * Whether the operators from {@code position} on only pick columns until one that reads only
     * the selected rows of its input (a join's probe, another join filter): a filter placed there
     * need not copy the rows it keeps, however few.
     */
    private static boolean feedsSelectionReader(List<StreamOperator> operators, int position) {
        for (int index = position; index < operators.size(); index++) {
            StreamOperator operator = operators.get(index);
            if (operator.readsOnlySelectedRows()) {
                return true;
            }
            if (!operator.onlyPicksColumns() || !operator.processesSelection()) {
                return false;
            }
        }
        return false;
    }

    /** Replaces each run of operators that fuse ({@link StreamOperator#fuse}) with one operator. */
    private static void fuseNeighbours(List<StreamOperator> operators) {
        int index = 0;
        while (index + 1 < operators.size()) {
            StreamOperator fused = operators.get(index).fuse(operators.get(index + 1));
            if (fused == null) {
                index++;
            } else {
                operators.set(index, fused);
                operators.remove(index + 1);
            }
        }
    }

    /**
     * The columns of {@code keys} (of the input of operator {@code index}) further down: element
     * {@code k} of the list holds them {@code k} operators below, as far as every key can be
     * traced ({@link StreamOperator#inputColumn}).
     */
    private static List<int[]> trace(List<StreamOperator> operators, int index, int[] keys) {
        List<int[]> traced = new ArrayList<>(List.of(keys));
        while (traced.getLast().length > 0 && index - traced.size() >= 0) {
            int[] columns = traced.getLast();
            int[] below = new int[columns.length];
            StreamOperator step = operators.get(index - traced.size());
            for (int key = 0; key < columns.length && below != null; key++) {
                below[key] = step.inputColumn(columns[key]);
                below = below[key] < 0 ? null : below;
            }
            if (below == null) {
                break;
            }
            traced.add(below);
        }
        return traced;
    }

    /**
     * Lets the source skip the morsels whose first join key (column {@code keys[0]} of its output)
     * holds no value of the join's build side. Even where no filter operator is placed — right
     * below the join, or only column picks between — a skipped morsel is never read at all.
     */
    private static void skipSourceMorsels(Pipeline pipeline, JoinFilterSource join, int[] keys) {
        if (join.joinFilter(pipeline.source().outputFields(), keys, false) instanceof KeyRangeTest test) {
            pipeline.replaceSource(pipeline.source().skipping(keys[0], test));
        }
    }

    /**
     * A pipeline for one more input of a streaming operator with several inputs (UNION ALL), which
     * {@code current} has just reached: it ends in the same operators and sink as {@code current},
     * waits for the same builds, and runs after {@code current} and its earlier branches but before
     * the tails already registered for {@code current} — those of outer joins above, whose
     * unmatched build rows are known only once every input has been probed. Its morsels get
     * sequence numbers above {@code current}'s, so the sink sees the inputs in order.
     */
    private Pipeline branch(Pipeline current, int branchIndex) {
        Pipeline branch = new Pipeline(current.sink());
        branch.appendOperators(current.operators());
        current.dependencies().forEach(branch::dependOn);
        branch.setSequenceOffset(TAIL_SEQUENCES * ++tailCount);
        LinkedList<Pipeline> after = tails.computeIfAbsent(current, key -> new LinkedList<>());
        for (Pipeline tail : after.subList(branchIndex, after.size())) {
            tail.dependOn(branch);
        }
        after.add(branchIndex, branch);
        return branch;
    }

    private void walk(PhysicalOperator operator, Pipeline current) {
        boolean source = operator instanceof SourceOperator;
        boolean sink = operator instanceof SinkOperator<?, ?>;
        boolean stream = operator instanceof StreamOperator;
        if (stream && sink) {
            Pipeline build = new Pipeline((SinkOperator<?, ?>) operator);
            walk(operator.children().get(0), build);
            add(build);
            current.dependOn(build);
            if (source) {
                Pipeline tail = new Pipeline(current.sink());
                tail.setSource((SourceOperator) operator);
                tail.appendOperators(current.operators()); // those above the join: the walk is top-down
                tail.dependOn(current);
                LinkedList<Pipeline> after = tails.computeIfAbsent(current, key -> new LinkedList<>());
                after.addFirst(tail);
                tail.setSequenceOffset(TAIL_SEQUENCES * ++tailCount);
            }
            current.prependOperator((StreamOperator) operator);
            walk(operator.children().get(1), current);
        } else if (source && sink) {
            current.setSource((SourceOperator) operator);
            List<Pipeline> inputs = inputPipelines.get(operator);
            if (inputs == null) { // a shared breaker (a spool) is computed once, read by every parent
                inputs = new ArrayList<>();
                for (PhysicalOperator child : operator.children()) {
                    Pipeline input = new Pipeline((SinkOperator<?, ?>) operator);
                    walk(child, input);
                    add(input);
                    inputs.add(input);
                }
                inputPipelines.put(operator, inputs);
            }
            for (Pipeline input : inputs) {
                current.dependOn(input);
            }
        } else if (source) {
            current.setSource((SourceOperator) operator);
        } else if (stream) {
            current.prependOperator((StreamOperator) operator);
            List<PhysicalOperator> children = operator.children();
            for (int input = 1; input < children.size(); input++) {
                walk(children.get(input), branch(current, input - 1));
            }
            walk(children.getFirst(), current);
        } else {
            throw new IllegalStateException(operator.describe() + " plays no pipeline role (a bug)");
        }
    }
}
