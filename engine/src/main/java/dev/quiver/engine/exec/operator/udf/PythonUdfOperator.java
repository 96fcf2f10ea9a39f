package dev.quiver.engine.exec.operator.udf;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.error.UdfFailures;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PendingCall;
import dev.quiver.udf.pool.RegisteredFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Calls Python functions on the interpreter pool and appends one result column per call to each
 * batch; the input columns pass through untouched (shared, not copied).
 *
 * <p>Parallelism: a batch is cut into up to one slice per interpreter ({@link #callRows} rows
 * each), and every slice of every call is queued at once, so one engine thread keeps all
 * interpreters busy; with several engine threads at most {@code threads × slices} calls are in
 * flight — the bound that gives back-pressure (an engine thread waits for its batch's results
 * before it pulls the next morsel). Only the argument columns are handed to Python, by address.
 *
 * <p>Cancellation: a waiting thread polls the query's flag and cancels its calls, which interrupts
 * the Python code running them. Immutable; shared by the pipeline's threads.
 */
public final class PythonUdfOperator implements StreamOperator {
    /** Calls smaller than this cost more in hand-off than they save in parallelism. */
    static final int MIN_CALL_ROWS = 1024;

    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * One function call: its registration, the input columns it takes, the BOOLEAN column whose
     * TRUE rows it runs on (-1: all rows; the others get NULL), the column it adds.
     */
    public record Call(String name, RegisteredFunction function, int[] arguments, int guard, Field result) {}

    private final PhysicalOperator input;
    private final InterpreterPool pool;
    private final List<Call> calls;
    private final int callRows;
    private final List<Field> outputFields;

    /**
     * @param batchRows the query's morsel size: a batch of that size is split into one slice per
     *                  interpreter, but never below {@value #MIN_CALL_ROWS} rows
     */
    public PythonUdfOperator(PhysicalOperator input, InterpreterPool pool, List<Call> calls, int batchRows) {
        this.input = input;
        this.pool = pool;
        this.calls = List.copyOf(calls);
        int interpreters = Math.max(1, pool.options().workers());
        this.callRows = Math.max(MIN_CALL_ROWS, (batchRows + interpreters - 1) / interpreters);
        List<Field> fields = new ArrayList<>(input.outputFields());
        calls.forEach(call -> fields.add(call.result()));
        this.outputFields = List.copyOf(fields);
    }

    @Override
    public Batch process(Batch batch, QueryState query) {
        ExecutionContext context = query.context();
        try (batch) {
            List<FieldVector> columns = new ArrayList<>(batch.columnCount() + calls.size());
            try {
                for (int column = 0; column < batch.columnCount(); column++) {
                    columns.add(batch.retainColumn(column, context.allocator()));
                }
                columns.addAll(callAll(batch, context));
            } catch (RuntimeException e) {
                columns.forEach(FieldVector::close);
                throw e;
            }
            return new Batch(columns, batch.rowCount());
        }
    }

    /**
     * The rows one call runs on: the whole batch, or the rows its guard selects, gathered
     * ({@code selected} maps a gathered row back to the batch's row; null when not gathered).
     */
    private record CallInput(List<FieldVector> arguments, int rows, int[] scatter, int[] selected) {
        /** The batch row of row {@code row} of the slice starting at {@code start}, for error messages. */
        long batchRow(int start, long row) {
            long inInput = start + row;
            return selected == null || inInput >= rows ? inInput : selected[(int) inInput];
        }
    }

    /** Queues every slice of every call, then collects them; on any failure cancels the rest. */
    private List<FieldVector> callAll(Batch batch, ExecutionContext context) {
        BufferAllocator allocator = context.allocator();
        int rows = batch.rowCount();
        List<FieldVector> temporaries = new ArrayList<>(); // gathered or sliced arguments
        List<PendingCall<FieldVector>> pending = new ArrayList<>();
        List<FieldVector> finished = new ArrayList<>();
        List<FieldVector> results = new ArrayList<>(calls.size());
        try {
            List<CallInput> inputs = new ArrayList<>(calls.size());
            List<Integer> sliceCounts = new ArrayList<>(calls.size());
            for (Call call : calls) {
                CallInput input = input(call, batch, allocator, temporaries);
                inputs.add(input);
                int slices = (input.rows() + callRows - 1) / callRows;
                sliceCounts.add(slices);
                for (int slice = 0; slice < slices; slice++) {
                    int start = slice * callRows;
                    int length = Math.min(callRows, input.rows() - start);
                    List<FieldVector> arguments =
                            new ArrayList<>(input.arguments().size());
                    for (FieldVector whole : input.arguments()) {
                        FieldVector part = slices == 1 ? whole : Vectors.slice(whole, start, length, allocator);
                        if (part != whole) {
                            temporaries.add(part);
                        }
                        arguments.add(part);
                    }
                    pending.add(pool.submit(
                            call.function(), arguments, length, allocator, null, row -> input.batchRow(start, row)));
                }
            }
            awaitAll(pending, context);
            for (PendingCall<FieldVector> call : pending) {
                finished.add(call.get());
            }
            int first = 0;
            for (int index = 0; index < calls.size(); index++) {
                int slices = sliceCounts.get(index);
                List<FieldVector> parts = finished.subList(first, first + slices);
                first += slices;
                results.add(assemble(parts, inputs.get(index), calls.get(index).result(), rows, allocator));
            }
            return results;
        } catch (UdfException e) {
            results.forEach(FieldVector::close);
            stopAll(pending, finished);
            context.checkCancelled(); // a cancelled query says so, not which call noticed first
            throw UdfFailures.toQuiver(e);
        } catch (RuntimeException e) {
            results.forEach(FieldVector::close);
            stopAll(pending, finished);
            throw e;
        } finally {
            temporaries.forEach(FieldVector::close); // every call has finished with them by now
        }
    }

    /** The arguments of {@code call}: the batch's columns, or only its guard's TRUE rows. */
    private static CallInput input(Call call, Batch batch, BufferAllocator allocator, List<FieldVector> temporaries) {
        int rows = batch.rowCount();
        List<FieldVector> arguments = new ArrayList<>(call.arguments().length);
        for (int column : call.arguments()) {
            arguments.add(batch.column(column));
        }
        if (call.guard() < 0) {
            return new CallInput(arguments, rows, null, null);
        }
        FieldVector guard = batch.column(call.guard());
        int[] selected = new int[rows];
        int[] scatter = new int[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            boolean taken = !guard.isNull(row) && ((BitVector) guard).get(row) == 1;
            scatter[row] = taken ? count : -1;
            if (taken) {
                selected[count++] = row;
            }
        }
        if (count == rows) {
            return new CallInput(arguments, rows, null, null);
        }
        List<FieldVector> gathered = new ArrayList<>(arguments.size());
        for (FieldVector argument : arguments) {
            FieldVector part = Gather.gather(argument, selected, count, allocator);
            temporaries.add(part);
            gathered.add(part);
        }
        return new CallInput(gathered, count, scatter, selected);
    }

    /** One call's result for the whole batch: its slices joined, spread back over a guard's rows. */
    private static FieldVector assemble(
            List<FieldVector> parts, CallInput input, Field field, int rows, BufferAllocator allocator) {
        FieldVector joined;
        if (parts.isEmpty()) {
            joined = empty(field, allocator);
        } else if (parts.size() == 1) {
            joined = Vectors.rename(parts.getFirst(), field, allocator);
            parts.set(0, joined); // the part was consumed; what stopAll would close is the joined vector
        } else {
            joined = Vectors.concat(parts, field, allocator);
            parts.forEach(FieldVector::close);
        }
        if (input.scatter() == null) {
            return joined;
        }
        try (joined) {
            return Gather.gather(joined, input.scatter(), rows, allocator);
        }
    }

    /** Waits for every call, cancelling them all as soon as the query is cancelled. */
    private static void awaitAll(List<PendingCall<FieldVector>> pending, ExecutionContext context) {
        for (PendingCall<FieldVector> call : pending) {
            while (!call.await(POLL)) {
                if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                    pending.forEach(PendingCall::cancel);
                    return;
                }
            }
        }
    }

    /** Cancels what still runs and frees every result, so nothing outlives a failed batch. */
    private static void stopAll(List<PendingCall<FieldVector>> pending, List<FieldVector> finished) {
        finished.forEach(FieldVector::close);
        for (int index = finished.size(); index < pending.size(); index++) {
            PendingCall<FieldVector> call = pending.get(index);
            call.cancel();
            try {
                call.get().close();
            } catch (UdfException | QuiverException ignored) {
                // the first failure is the one reported
            }
        }
    }

    /** A vector of no rows for {@code field}. */
    static FieldVector empty(Field field, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        vector.allocateNew();
        vector.setValueCount(0);
        return vector;
    }

    /** Rows per Python call. */
    public int callRows() {
        return callRows;
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
        StringBuilder text = new StringBuilder("PythonUdf(");
        for (int index = 0; index < calls.size(); index++) {
            Call call = calls.get(index);
            text.append(index == 0 ? "" : ", ").append(call.name()).append('(');
            for (int argument = 0; argument < call.arguments().length; argument++) {
                text.append(argument == 0 ? "$" : ", $").append(call.arguments()[argument]);
            }
            text.append(call.guard() < 0 ? "" : " if $" + call.guard())
                    .append(") [")
                    .append(call.function().definition().kind().name().toLowerCase(Locale.ROOT))
                    .append(call.function().definition().deterministic() ? ", deterministic" : ", volatile")
                    .append(call.function().inProcess() ? ", " + call.function().tierLabel() : "")
                    .append(']');
        }
        return text.append(", ")
                .append(pool.options().workers())
                .append(
                        calls.stream().anyMatch(call -> call.function().inProcess())
                                ? " interpreters and worker processes, "
                                : " interpreters, ")
                .append(callRows)
                .append(" rows per call)")
                .toString();
    }
}
