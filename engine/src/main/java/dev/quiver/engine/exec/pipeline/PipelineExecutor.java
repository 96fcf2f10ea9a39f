package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * Runs pipelines morsel-driven: each pipeline, in dependency order, is driven by
 * {@link ExecutionContext#threads()} tasks that pull morsels from the shared source until it runs
 * dry, push them through the streaming operators into thread-local sink state, then combine.
 *
 * <p>On the first failure the query is cancelled, every thread stops at its next morsel, and the
 * failure is rethrown (as a {@link QuiverException}); the caller closes the {@link QueryState}.
 */
public final class PipelineExecutor {
    private final ExecutorService threads;

    /** @param threads the database's worker threads, shared by its queries */
    public PipelineExecutor(ExecutorService threads) {
        this.threads = threads;
    }

    /** Runs every pipeline; the sinks' global states are left in {@code query}. */
    public void run(List<Pipeline> pipelines, QueryState query) {
        query.useWorkers(threads); // sinks' finish work runs on the idle workers too
        Map<SinkOperator<?, ?>, Integer> remainingInputs = new IdentityHashMap<>();
        for (Pipeline pipeline : pipelines) {
            remainingInputs.merge(pipeline.sink(), 1, Integer::sum);
        }
        for (Pipeline pipeline : pipelines) {
            query.context().checkCancelled();
            PipelineProfile profile =
                    query.profile() == null ? null : query.profile().of(pipeline);
            long start = System.nanoTime();
            runPipeline(pipeline, query, profile);
            if (remainingInputs.merge(pipeline.sink(), -1, Integer::sum) == 0) {
                long finishing = System.nanoTime();
                finish(pipeline.sink(), query);
                if (profile != null) {
                    profile.addTime(profile.sinkStage(), System.nanoTime() - finishing);
                }
            }
            if (profile != null) {
                profile.setWallNanos(System.nanoTime() - start);
            }
        }
    }

    private <G extends AutoCloseable, L> void finish(SinkOperator<G, L> sink, QueryState query) {
        G global = query.global(sink, () -> sink.createGlobal(query));
        guard(() -> sink.finish(global, query));
        if (sink instanceof RepeatingSink repeating) {
            guard(() -> repeating.repeat(query, this));
        }
    }

    private <G extends AutoCloseable, L> void runPipeline(
            Pipeline pipeline, QueryState query, PipelineProfile profile) {
        @SuppressWarnings("unchecked")
        SinkOperator<G, L> sink = (SinkOperator<G, L>) pipeline.sink();
        G global = query.global(sink, () -> sink.createGlobal(query));
        SourceOperator.SourceState source = guard(() -> pipeline.source().open(query));
        int parallelism = query.context().threads();
        List<Future<?>> tasks = new ArrayList<>(parallelism);
        for (int index = 0; index < parallelism; index++) {
            tasks.add(threads.submit(() -> drive(pipeline, source, sink, global, query, profile)));
        }
        RuntimeException failure = null;
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                RuntimeException cause = translate(e.getCause());
                // the other threads stop with CANCELLED when one fails: report the failure, not them
                if (failure == null || isCancellation(failure) && !isCancellation(cause)) {
                    failure = cause;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                query.context().cancel();
                if (failure == null) {
                    failure = new QuiverException(ErrorCode.CANCELLED, "query interrupted");
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One thread's share of a pipeline run; {@code profile} is null unless EXPLAIN ANALYZE runs it. */
    private static <G extends AutoCloseable, L> void drive(
            Pipeline pipeline,
            SourceOperator.SourceState source,
            SinkOperator<G, L> sink,
            G global,
            QueryState query,
            PipelineProfile profile) {
        ExecutionContext context = query.context();
        L local = null;
        try {
            local = sink.createLocal(global, query);
            while (!context.isCancelled() && !sink.isSatisfied(global)) {
                Morsel morsel = next(source, profile);
                if (morsel == null) {
                    break;
                }
                long sequence = morsel.sequence() + pipeline.sequenceOffset();
                push(pipeline, 0, morsel.batch(), sequence, sink, global, local, query, profile);
                long done = profile == null ? 0 : System.nanoTime();
                sink.morselDone(local, sequence, query);
                if (profile != null) {
                    profile.addTime(profile.sinkStage(), System.nanoTime() - done);
                }
            }
            context.checkCancelled();
            synchronized (global) {
                sink.combine(global, local, query);
            }
            local = null;
        } catch (Throwable t) {
            context.cancel();
            if (local != null) {
                sink.abandonLocal(local);
            }
            throw t;
        }
    }

    /** The source's next morsel, timed and counted when profiled. */
    private static Morsel next(SourceOperator.SourceState source, PipelineProfile profile) {
        if (profile == null) {
            return source.next();
        }
        long start = System.nanoTime();
        Morsel morsel = source.next();
        profile.addTime(0, System.nanoTime() - start);
        if (morsel != null) {
            profile.addOutput(0, morsel.batch().rowCount());
        }
        return morsel;
    }

    /**
     * Sends a batch through the operators from {@code operatorIndex} on into the sink. An operator
     * may emit several batches for one; all keep the morsel's sequence number, in emission order.
     * Each operator's downstream tells it when the sink is satisfied or the query cancelled. When
     * profiled, each stage is charged its own time: an operator's time less its downstream's.
     */
    private static <G extends AutoCloseable, L> void push(
            Pipeline pipeline,
            int operatorIndex,
            Batch batch,
            long sequence,
            SinkOperator<G, L> sink,
            G global,
            L local,
            QueryState query,
            PipelineProfile profile) {
        List<StreamOperator> operators = pipeline.operators();
        if (operatorIndex == operators.size()) {
            if (!sink.consumesSelection()) {
                batch = Gather.compact(batch, query.context().allocator());
            }
            if (profile == null) {
                sink.consume(local, new Morsel(sequence, batch), query);
                return;
            }
            int rows = batch.selectedRowCount();
            long start = System.nanoTime();
            sink.consume(local, new Morsel(sequence, batch), query);
            profile.addTime(profile.sinkStage(), System.nanoTime() - start);
            profile.addOutput(profile.sinkStage(), rows);
            return;
        }
        StreamOperator operator = operators.get(operatorIndex);
        if (!operator.processesSelection()) {
            batch = Gather.compact(batch, query.context().allocator());
        }
        int stage = operatorIndex + 1;
        long[] downstreamNanos = profile == null ? null : new long[1]; // only EXPLAIN ANALYZE times stages
        Downstream rest = new Downstream() {
            @Override
            public void accept(Batch output) {
                if (profile == null) {
                    push(pipeline, operatorIndex + 1, output, sequence, sink, global, local, query, null);
                    return;
                }
                profile.addOutput(stage, output.selectedRowCount());
                long pushed = System.nanoTime();
                push(pipeline, operatorIndex + 1, output, sequence, sink, global, local, query, profile);
                downstreamNanos[0] += System.nanoTime() - pushed;
            }

            @Override
            public boolean isSatisfied() {
                return query.context().isCancelled() || sink.isSatisfied(global);
            }
        };
        long start = profile == null ? 0 : System.nanoTime();
        operator.process(batch, query, rest);
        if (profile != null) {
            profile.addTime(stage, System.nanoTime() - start - downstreamNanos[0]);
        }
    }

    private static <T> T guard(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (Throwable t) {
            throw translate(t);
        }
    }

    private static void guard(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            throw translate(t);
        }
    }

    private static boolean isCancellation(RuntimeException failure) {
        return failure instanceof QuiverException quiver && quiver.code() == ErrorCode.CANCELLED;
    }

    /** Maps whatever a thread threw to the error a user sees. */
    static RuntimeException translate(Throwable failure) {
        return switch (failure) {
            case QuiverException quiver -> quiver;
            case OutOfMemoryException memory ->
                new QuiverException(
                        ErrorCode.MEMORY_LIMIT,
                        "query ran out of memory: it needed more than the query memory limit allows ("
                                + memory.getMessage() + "); raise the limit or reduce the data",
                        memory);
            case ArithmeticException arithmetic ->
                new QuiverException(ErrorCode.NUMERIC_OVERFLOW, arithmetic.getMessage(), arithmetic);
            case RuntimeException runtime -> QuiverException.internal(String.valueOf(runtime), runtime);
            case Error error -> throw error;
            default -> QuiverException.internal(String.valueOf(failure), failure);
        };
    }
}
