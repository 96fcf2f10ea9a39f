package dev.quiver.engine.exec.operator;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The sink of a streamed query's last pipeline: hands each finished morsel's batches, in morsel
 * order, to one reader through a bounded buffer, so that the query runs only as far ahead of its
 * reader as the buffer allows (back-pressure) instead of collecting the whole result.
 *
 * <p>ORDER: a morsel is handed on when it is the next by sequence number, or when no producer
 * thread is working on one (they all wait for the reader, or none runs): every morsel handed out
 * by a source later has a higher number, so the smallest waiting one is next. Gaps in the
 * numbering therefore cost latency, never a deadlock.
 */
public final class StreamingResultSink implements SinkOperator<StreamingResultSink.Channel, List<Batch>> {
    private final PhysicalOperator input;
    private final Channel channel;

    /** @param capacity how many batches may wait for the reader before producer threads wait too */
    public StreamingResultSink(PhysicalOperator input, int capacity) {
        this.input = input;
        this.channel = new Channel(capacity);
    }

    /** Where the reader takes the batches from. */
    public Channel channel() {
        return channel;
    }

    /**
     * The hand-off between the query's threads and its one reader. Batches read with {@link #next}
     * belong to the reader; {@link #discard} frees what was not read.
     */
    public static final class Channel implements AutoCloseable {
        private final int capacity;
        private final TreeMap<Long, List<Batch>> waiting = new TreeMap<>();
        private final ArrayDeque<Batch> current = new ArrayDeque<>();
        private int waitingBatches;
        private long nextSequence;
        private int liveProducers;
        private int blockedProducers;
        private boolean inputDone;
        private boolean discarded;
        private RuntimeException failure;

        Channel(int capacity) {
            this.capacity = Math.max(1, capacity);
        }

        synchronized void producerStarts() {
            liveProducers++;
        }

        synchronized void producerEnds() {
            liveProducers--;
            notifyAll();
        }

        /** Adds one morsel's batches; waits while the reader is more than {@code capacity} batches behind. */
        void deposit(long sequence, List<Batch> batches, ExecutionContext context) {
            synchronized (this) {
                if (discarded) {
                    batches.forEach(Batch::close);
                    return;
                }
                waiting.computeIfAbsent(sequence, key -> new ArrayList<>()).addAll(batches);
                waitingBatches += batches.size();
                notifyAll();
                while (waitingBatches > capacity && !discarded && !context.isCancelled()) {
                    blockedProducers++;
                    try {
                        // a timed wait: cancel() on the context does not notify this monitor
                        wait(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        context.cancel();
                    } finally {
                        blockedProducers--;
                    }
                }
            }
            context.checkCancelled();
        }

        /** Every producer is done: the reader gets what is left, then the end. */
        public synchronized void finishInput() {
            inputDone = true;
            notifyAll();
        }

        /** The query failed: the reader's next call throws {@code failure}. */
        public synchronized void fail(RuntimeException cause) {
            if (failure == null) {
                failure = cause;
            }
            inputDone = true;
            notifyAll();
        }

        /** Wakes a reader waiting in {@link #next}, e.g. after the query was cancelled. */
        public synchronized void wake() {
            notifyAll();
        }

        /**
         * The next batch in order, or null after the last; the caller owns it. Waits for the query.
         *
         * @throws QuiverException the query's failure, or CANCELLED when the reader is interrupted
         */
        public synchronized Batch next() {
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                if (!current.isEmpty()) {
                    return current.poll();
                }
                if (!waiting.isEmpty()
                        && (waiting.firstKey() == nextSequence || blockedProducers == liveProducers || inputDone)) {
                    Map.Entry<Long, List<Batch>> first = waiting.pollFirstEntry();
                    nextSequence = first.getKey() + 1;
                    waitingBatches -= first.getValue().size();
                    current.addAll(first.getValue());
                    notifyAll();
                    continue;
                }
                if (inputDone) {
                    return null;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new QuiverException(ErrorCode.CANCELLED, "reading the query's result was interrupted");
                }
            }
        }

        /** The reader stops reading: frees every batch not read; producers' later batches are freed too. */
        public synchronized void discard() {
            discarded = true;
            current.forEach(Batch::close);
            current.clear();
            for (List<Batch> batches : waiting.values()) {
                batches.forEach(Batch::close);
            }
            waiting.clear();
            waitingBatches = 0;
            notifyAll();
        }

        /** Nothing: the reader outlives the query's state and frees what it did not read by {@link #discard}. */
        @Override
        public void close() {}
    }

    @Override
    public Channel createGlobal(QueryState query) {
        return channel;
    }

    @Override
    public List<Batch> createLocal(Channel global, QueryState query) {
        global.producerStarts();
        return new ArrayList<>();
    }

    @Override
    public void consume(List<Batch> local, Morsel morsel, QueryState query) {
        local.add(morsel.batch());
    }

    @Override
    public void morselDone(List<Batch> local, long sequence, QueryState query) {
        List<Batch> batches = List.copyOf(local);
        local.clear();
        channel.deposit(sequence, batches, query.context());
    }

    @Override
    public void combine(Channel global, List<Batch> local, QueryState query) {
        global.producerEnds();
    }

    @Override
    public void abandonLocal(List<Batch> local) {
        local.forEach(Batch::close);
        local.clear();
        channel.producerEnds();
    }

    @Override
    public void finish(Channel global, QueryState query) {
        global.finishInput();
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return input.outputFields();
    }

    @Override
    public String describe() {
        return "StreamedResult";
    }
}
