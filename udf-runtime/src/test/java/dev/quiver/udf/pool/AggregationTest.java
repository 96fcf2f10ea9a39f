package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aggregate protocol: accumulate per batch, export pickled states, merge and finish per group. */
class AggregationTest extends PoolTestSupport {
    /** Sum and count of squares, finished as their mean: order-insensitive, with a tuple state. */
    static final String MEAN_SQUARE = """
            class MeanSquare:
                def __init__(self):
                    self.total = 0
                    self.count = 0
                @property
                def aggregate_state(self):
                    return (self.total, self.count)
                def accumulate(self, x):
                    self.total += x * x
                    self.count += 1
                def merge(self, other):
                    self.total += other[0]
                    self.count += other[1]
                def finish(self):
                    return None if self.count == 0 else self.total / self.count
            """;

    @AfterEach
    void noStateLeft() {
        assertThat(pool.liveAggregations())
                .as("aggregations still holding instances")
                .isZero();
    }

    static PythonFunction aggregate(String name, String source, String handler, UdfType returns, UdfType... arguments) {
        return PythonFunction.builder(name, source, handler)
                .kind(FunctionKind.AGGREGATE)
                .arguments(arguments)
                .returns(returns)
                .build();
    }

    /** Runs the whole protocol over batches of (value, group) and returns the finished values. */
    static List<Object> aggregateOver(
            InterpreterPool on,
            BufferAllocator memory,
            RegisteredFunction function,
            int groupCount,
            List<long[]> valueBatches,
            List<int[]> groupBatches) {
        try (PythonAggregation aggregation = on.aggregation(function)) {
            List<PendingCall<FieldVector>> calls = new ArrayList<>();
            List<FieldVector> inputs = new ArrayList<>();
            try {
                for (int batch = 0; batch < valueBatches.size(); batch++) {
                    BigIntVector values = new BigIntVector("x", memory);
                    IntVector groups = new IntVector("g", memory);
                    inputs.add(values);
                    inputs.add(groups);
                    long[] rawValues = valueBatches.get(batch);
                    int[] rawGroups = groupBatches.get(batch);
                    values.allocateNew(rawValues.length);
                    groups.allocateNew(rawValues.length);
                    for (int row = 0; row < rawValues.length; row++) {
                        values.set(row, rawValues[row]);
                        groups.set(row, rawGroups[row]);
                    }
                    values.setValueCount(rawValues.length);
                    groups.setValueCount(rawValues.length);
                    calls.add(aggregation.submitAccumulate(
                            List.of(values), groups, rawValues.length, memory, null, row -> row));
                }
                for (PendingCall<FieldVector> call : calls) {
                    try (FieldVector ignored = call.get()) {
                        // placeholder
                    }
                }
            } finally {
                inputs.forEach(FieldVector::close);
            }
            try (FieldVector result = aggregation.finish(groupCount, memory)) {
                return Columns.values(result);
            }
        }
    }

    @Test
    void meanOfSquaresPerGroup() {
        RegisteredFunction function =
                register(aggregate("mean_square", MEAN_SQUARE, "MeanSquare", UdfType.DOUBLE, UdfType.BIGINT));
        List<Object> result = aggregateOver(
                pool,
                allocator,
                function,
                3,
                List.of(new long[] {1, 2, 3}, new long[] {4, 5}),
                List.of(new int[] {0, 1, 0}, new int[] {0, 1}));
        // group 0: 1, 9, 16 → 26/3; group 1: 4, 25 → 14.5; group 2: no rows → finish() of a fresh instance
        assertThat(result).containsExactly(26.0 / 3, 14.5, null);
    }

    /** The function's results over the batches on pools of 1, 2 and 4 interpreters, in that order. */
    private static List<List<Object>> onOneTwoAndFourInterpreters(
            PythonFunction definition, int groups, List<long[]> values, List<int[]> groupIds) {
        List<List<Object>> results = new ArrayList<>();
        for (int workers : new int[] {1, 2, 4}) {
            try (InterpreterPool own =
                            InterpreterPool.start(PoolOptions.defaults().withWorkers(workers));
                    BufferAllocator memory = new RootAllocator()) {
                RegisteredFunction function = own.register(definition);
                results.add(aggregateOver(own, memory, function, groups, values, groupIds));
                assertThat(own.liveAggregations()).isZero();
            }
        }
        return results;
    }

    @Test
    void equalResultsWithOneTwoAndFourInterpreters() {
        int groups = 5_000;
        List<long[]> values = new ArrayList<>();
        List<int[]> groupIds = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int batch = 0; batch < 16; batch++) {
            long[] batchValues = new long[4_000];
            int[] batchGroups = new int[4_000];
            for (int row = 0; row < batchValues.length; row++) {
                batchValues[row] = random.nextInt(1_000);
                batchGroups[row] = random.nextInt(groups);
            }
            values.add(batchValues);
            groupIds.add(batchGroups);
        }
        List<List<Object>> results = onOneTwoAndFourInterpreters(
                aggregate("mean_square", MEAN_SQUARE, "MeanSquare", UdfType.DOUBLE, UdfType.BIGINT),
                groups,
                values,
                groupIds);
        assertThat(results.get(0)).hasSize(groups);
        assertThat(results.get(1)).isEqualTo(results.get(0));
        assertThat(results.get(2)).isEqualTo(results.get(0));
    }

    @Test
    void millionGroupsWithinAMemoryLimit() {
        RegisteredFunction function = register(aggregate("counter", """
                class Counter:
                    def __init__(self):
                        self.n = 0
                    @property
                    def aggregate_state(self):
                        return self.n
                    def accumulate(self, x):
                        self.n += 1
                    def merge(self, other):
                        self.n += other
                    def finish(self):
                        return self.n
                """, "Counter", UdfType.BIGINT, UdfType.BIGINT));
        int groups = 1_000_000;
        try (BufferAllocator limited = allocator.newChildAllocator("query", 0, 256L << 20)) {
            List<long[]> values = new ArrayList<>();
            List<int[]> groupIds = new ArrayList<>();
            for (int start = 0; start < groups; start += 250_000) {
                long[] batchValues = new long[250_000];
                int[] batchGroups = new int[250_000];
                for (int row = 0; row < batchValues.length; row++) {
                    batchGroups[row] = start + row;
                }
                values.add(batchValues);
                groupIds.add(batchGroups);
            }
            List<Object> result = aggregateOver(pool, limited, function, groups, values, groupIds);
            assertThat(result).hasSize(groups);
            assertThat(result).allMatch(value -> value.equals(1L));
        }
    }

    @Test
    void nullArgumentsSkippedUnlessCalledOnNullInput() {
        String source = """
                class Seen:
                    def __init__(self):
                        self.items = []
                    @property
                    def aggregate_state(self):
                        return self.items
                    def accumulate(self, x):
                        self.items.append(x)
                    def merge(self, other):
                        self.items.extend(other)
                    def finish(self):
                        return ','.join(sorted(map(repr, self.items)))
                """;
        RegisteredFunction skipping = register(PythonFunction.builder("seen", source, "Seen")
                .kind(FunctionKind.AGGREGATE)
                .arguments(UdfType.BIGINT)
                .returns(UdfType.VARCHAR)
                .build());
        RegisteredFunction passing = register(PythonFunction.builder("seen_all", source, "Seen")
                .kind(FunctionKind.AGGREGATE)
                .arguments(UdfType.BIGINT)
                .returns(UdfType.VARCHAR)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build());
        assertThat(withNulls(skipping)).containsExactly("1,3", "");
        assertThat(withNulls(passing)).containsExactly("1,3,None", "None");
    }

    private List<Object> withNulls(RegisteredFunction function) {
        try (PythonAggregation aggregation = pool.aggregation(function);
                FieldVector values = column(UdfType.BIGINT, 1L, null, 3L, null);
                FieldVector groups = column(UdfType.INTEGER, 0, 0, 0, 1)) {
            aggregation.accumulate(List.of(values), groups, 4, allocator);
            try (FieldVector result = aggregation.finish(2, allocator)) {
                return Columns.values(result);
            }
        }
    }

    @Test
    void noRowsGivesFinishOfAFreshInstance() {
        RegisteredFunction function =
                register(aggregate("mean_square", MEAN_SQUARE, "MeanSquare", UdfType.DOUBLE, UdfType.BIGINT));
        try (PythonAggregation aggregation = pool.aggregation(function);
                FieldVector result = aggregation.finish(1, allocator)) {
            assertThat(Columns.values(result)).containsExactly((Object) null);
        }
    }

    @Test
    void definitionErrorsNameFunctionAndMethod() {
        assertThat(rejected(
                                "class NoFinish:\n    aggregate_state = 0\n    def accumulate(self, x): pass\n"
                                        + "    def merge(self, other): pass\n",
                                "NoFinish")
                        .getMessage())
                .contains("aggregate function broken", "has no method finish");
        assertThat(rejected(
                                "class WrongArity:\n    aggregate_state = 0\n    def accumulate(self, x, y): pass\n"
                                        + "    def merge(self, other): pass\n    def finish(self): return 1\n",
                                "WrongArity")
                        .getMessage())
                .contains("method accumulate", "must take 1 argument after self");
        assertThat(rejected(
                                "class NoState:\n    def accumulate(self, x): pass\n"
                                        + "    def merge(self, other): pass\n    def finish(self): return 1\n",
                                "NoState")
                        .getMessage())
                .contains("has no aggregate_state");
        assertThat(rejected("def f(x):\n    return x\n", "f").getMessage()).contains("is a function, not a class");
        assertThat(rejected("X = 1\n", "Missing").getMessage()).contains("defines no 'Missing'");
    }

    private UdfException rejected(String source, String handler) {
        UdfException failure = catchThrowableOfType(
                UdfException.class,
                () -> register(aggregate("broken", source, handler, UdfType.BIGINT, UdfType.BIGINT)));
        assertThat(failure).isNotNull();
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.DEFINITION_ERROR);
        return failure;
    }

    static String raisingIn(String phase) {
        return """
                class Boom:
                    def __init__(self):
                        self.n = 0
                    @property
                    def aggregate_state(self):
                        if '%1$s' == 'state':
                            raise ValueError('no state')
                        return self.n if '%1$s' != 'pickle' else (lambda: 1)
                    def accumulate(self, x):
                        if '%1$s' == 'accumulate' and x == 7:
                            raise ValueError('seven')
                        self.n += x
                    def merge(self, other):
                        if '%1$s' == 'merge':
                            raise ValueError('cannot merge')
                        self.n += other
                    def finish(self):
                        if '%1$s' == 'finish':
                            raise ValueError('cannot finish')
                        return 'text' if '%1$s' == 'type' else self.n
                """.formatted(phase);
    }

    /**
     * The failure of two aggregations of the same rows finished as one: each group is held twice,
     * so one holder's states are pickled and merged into the other's (whatever the interpreters).
     */
    private UdfException failureIn(String phase) {
        RegisteredFunction function =
                register(aggregate("boom", raisingIn(phase), "Boom", UdfType.BIGINT, UdfType.BIGINT));
        try (PythonAggregation aggregation = pool.aggregation(function);
                PythonAggregation other = pool.aggregation(function);
                FieldVector values = column(UdfType.BIGINT, 1L, 7L, 3L);
                FieldVector groups = column(UdfType.INTEGER, 0, 1, 1)) {
            return catchThrowableOfType(UdfException.class, () -> {
                aggregation.accumulate(List.of(values), groups, 3, allocator);
                other.accumulate(List.of(values), groups, 3, allocator);
                PythonAggregation.finishAll(List.of(aggregation, other), Arrays.asList(null, null), 2, allocator)
                        .close();
            });
        }
    }

    @Test
    void groupsHeldOnceFinishInPlaceWithOneProbePickle() {
        // Counts aggregate_state reads in the state itself: only the probe reads it, once per call.
        RegisteredFunction function = register(aggregate("reads", """
                class Reads:
                    def __init__(self):
                        self.n = 0
                        self.reads = 0
                    @property
                    def aggregate_state(self):
                        self.reads += 1
                        return self.n
                    def accumulate(self, x):
                        self.n += x
                    def merge(self, other):
                        self.n += other
                    def finish(self):
                        return self.n * 1000 + self.reads
                """, "Reads", UdfType.BIGINT, UdfType.BIGINT));
        try (InterpreterPool one = InterpreterPool.start(PoolOptions.defaults().withWorkers(1));
                BufferAllocator memory = new RootAllocator()) {
            RegisteredFunction onOne = one.register(function.definition());
            List<Object> result = aggregateOver(
                    one,
                    memory,
                    onOne,
                    3,
                    List.of(new long[] {1, 2, 3}, new long[] {4, 5, 6, 7}),
                    List.of(new int[] {0, 1, 1}, new int[] {1, 0, 1, 1}));
            // group 0: 1 + 5 (2 rows, the lightest: probed once); group 1: 2 + 3 + 4 + 6 + 7, never read;
            // group 2: no rows, a fresh instance
            assertThat(result).containsExactly(6_001L, 22_000L, 0L);
            assertThat(one.liveAggregations()).isZero();
        }
    }

    @Test
    void noProbePickleWhenAnotherInterpretersStateArrivesPickled() {
        assumeTrue(isolation() == FunctionIsolation.SUBINTERPRETER, "two interpreters holding one group");
        // The first call sleeps, so the second runs on the other interpreter: both hold group 0, one
        // pickles its state for the other, which proves the states pickle; the owner's own state
        // is then never read (a probe would count a read in the result).
        RegisteredFunction function =
                register(aggregate("reads_once", """
                import time

                class ReadsOnce:
                    def __init__(self):
                        self.n = 0
                        self.reads = 0
                    @property
                    def aggregate_state(self):
                        self.reads += 1
                        return self.n
                    def accumulate(self, x):
                        if x == 1:
                            time.sleep(0.5)
                        self.n += x
                    def merge(self, other):
                        self.n += other
                    def finish(self):
                        return self.n * 1000 + self.reads
                """, "ReadsOnce", UdfType.BIGINT, UdfType.BIGINT));
        try (PythonAggregation aggregation = pool.aggregation(function);
                FieldVector slow = column(UdfType.BIGINT, 1L);
                FieldVector fast = column(UdfType.BIGINT, 2L, 3L);
                FieldVector group = column(UdfType.INTEGER, 0, 0)) {
            PendingCall<FieldVector> first =
                    aggregation.submitAccumulate(List.of(slow), group, 1, allocator, null, row -> row);
            PendingCall<FieldVector> second =
                    aggregation.submitAccumulate(List.of(fast), group, 2, allocator, null, row -> row);
            for (PendingCall<FieldVector> call : List.of(first, second)) {
                try (FieldVector ignored = call.get()) {
                    // a placeholder
                }
            }
            try (FieldVector result = aggregation.finish(1, allocator)) {
                assertThat(Columns.values(result)).containsExactly(6_000L);
            }
        }
        assertThat(pool.liveAggregations()).isZero();
    }

    @Test
    void partsInOneInterpreterHandOverStatesUnpickled() {
        // Two aggregations (two engine threads' parts) share every group on one interpreter: the
        // owner takes the other's state as an object; only the probe of each finishing call pickles.
        RegisteredFunction function = register(aggregate("pickles", """
                ORIGINALS = []  # every instance's own state, kept alive so identities stay unique
                MERGED = [0, 0]  # states merged as the original object, as an unpickled copy

                class Pickles:
                    def __init__(self):
                        self.values = []
                        ORIGINALS.append(self.values)
                    @property
                    def aggregate_state(self):
                        return self.values
                    def accumulate(self, x):
                        self.values.append(x)
                    def merge(self, other):
                        MERGED[0 if any(other is state for state in ORIGINALS) else 1] += 1
                        self.values.extend(other)
                    def finish(self):
                        return sum(self.values) * 1000 + MERGED[1] * 10 + MERGED[0]
                """, "Pickles", UdfType.BIGINT, UdfType.BIGINT));
        try (InterpreterPool one = InterpreterPool.start(PoolOptions.defaults().withWorkers(1))) {
            RegisteredFunction onOne = one.register(function.definition());
            try (PythonAggregation first = one.aggregation(onOne);
                    PythonAggregation second = one.aggregation(onOne);
                    FieldVector values = column(UdfType.BIGINT, 1L, 2L, 3L, 4L);
                    FieldVector groups = column(UdfType.INTEGER, 0, 1, 1, 0);
                    FieldVector others = column(UdfType.BIGINT, 10L, 20L);
                    FieldVector otherGroups = column(UdfType.INTEGER, 1, 0)) {
                first.accumulate(List.of(values), groups, 4, allocator);
                second.accumulate(List.of(others), otherGroups, 2, allocator);
                // second's group 0 is first's group 1 and the other way round
                try (FieldVector result = PythonAggregation.finishAll(
                        List.of(first, second), Arrays.asList(null, new int[] {1, 0}), 2, allocator)) {
                    // group 0: 1 + 4 + 10, group 1: 2 + 3 + 20, each merging the other part's object
                    assertThat(Columns.values(result)).containsExactly(15_001L, 25_002L);
                }
            }
            assertThat(one.liveAggregations()).isZero();
        }
    }

    @Test
    void errorsNamePhaseGroupRowAndTraceback() {
        UdfException accumulate = failureIn("accumulate");
        assertThat(accumulate.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
        assertThat(accumulate.row()).isEqualTo(1);
        assertThat(accumulate.getMessage())
                .contains(
                        "Python function boom raised ValueError: seven",
                        "in accumulate() for group 1",
                        "row 1",
                        "arguments: 7");
        assertThat(accumulate.pythonTraceback()).contains("udf_boom.py", "raise ValueError('seven')");
        assertThat(failureIn("merge").getMessage()).containsPattern("cannot merge \\(in merge\\(\\) for group [01]\\)");
        assertThat(failureIn("finish").getMessage())
                .containsPattern("cannot finish \\(in finish\\(\\) for group [01]\\)");
        assertThat(failureIn("state").getMessage()).contains("no state", "in aggregate_state() for group");
        assertThat(failureIn("pickle").getMessage()).contains("aggregate function boom", "cannot be pickled");
        UdfException type = failureIn("type");
        assertThat(type.reason()).isEqualTo(UdfException.Reason.BAD_RESULT);
        assertThat(type.getMessage()).contains("boom", "from finish() for group ", "BIGINT");
    }

    @Test
    void statesFreedWhenClosedWithoutFinish() {
        RegisteredFunction function =
                register(aggregate("mean_square", MEAN_SQUARE, "MeanSquare", UdfType.DOUBLE, UdfType.BIGINT));
        try (PythonAggregation aggregation = pool.aggregation(function);
                FieldVector values = column(UdfType.BIGINT, 1L, 2L);
                FieldVector groups = column(UdfType.INTEGER, 0, 1)) {
            aggregation.accumulate(List.of(values), groups, 2, allocator);
            assertThat(pool.liveAggregations()).isEqualTo(1);
        }
        assertThat(pool.liveAggregations()).isZero();
    }

    @Test
    void cancelledAccumulateStopsAndFreesState() throws Exception {
        RegisteredFunction function = register(aggregate("slow", """
                import time
                class Slow:
                    aggregate_state = 0
                    def accumulate(self, x):
                        time.sleep(60)
                    def merge(self, other):
                        pass
                    def finish(self):
                        return 0
                """, "Slow", UdfType.BIGINT, UdfType.BIGINT));
        try (PythonAggregation aggregation = pool.aggregation(function);
                FieldVector values = column(UdfType.BIGINT, 1L);
                FieldVector groups = column(UdfType.INTEGER, 0)) {
            PendingCall<FieldVector> call =
                    aggregation.submitAccumulate(List.of(values), groups, 1, allocator, null, row -> row);
            Thread.sleep(200);
            call.cancel();
            UdfException failure = catchThrowableOfType(UdfException.class, call::get);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.CANCELLED);
        }
    }

    @Test
    void groupIdsMustBeIntegers() {
        RegisteredFunction function =
                register(aggregate("mean_square", MEAN_SQUARE, "MeanSquare", UdfType.DOUBLE, UdfType.BIGINT));
        try (PythonAggregation aggregation = pool.aggregation(function);
                FieldVector values = column(UdfType.BIGINT, 1L);
                FieldVector groups = column(UdfType.DOUBLE, 0.0)) {
            IllegalArgumentException failure = catchThrowableOfType(
                    IllegalArgumentException.class,
                    () -> aggregation.accumulate(List.of(values), groups, 1, allocator));
            assertThat(failure).hasMessageContaining("INTEGER or BIGINT");
        }
    }

    /** Each group's values sorted and joined: equal results only if every row reached its group once. */
    static final String SORTED_VALUES = """
            import gc

            class SortedValues:
                def __init__(self):
                    self.values = []
                @property
                def aggregate_state(self):
                    return self.values
                def accumulate(self, x):
                    raise AssertionError('accumulate_batch should be used')
                def accumulate_batch(self, xs):
                    # the collector runs less often while instances pile up, and is put back after
                    assert gc.get_threshold()[0] == 100_000, gc.get_threshold()
                    self.values.extend(xs)
                def merge(self, other):
                    self.values.extend(other)
                def finish(self):
                    assert gc.get_threshold()[0] != 100_000, gc.get_threshold()
                    return ','.join(map(str, sorted(self.values)))
            """;

    @Test
    void clusteredGroupIdsGiveEqualResultsWithOneTwoAndFourInterpreters() {
        // Group ids ascend within each batch (as the engine sends them): runs of 1 to 9 rows, runs
        // that continue in the next batch, a batch of one group, a batch of one row.
        List<long[]> values = new ArrayList<>();
        List<int[]> groupIds = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        int group = 0;
        long value = 0;
        for (int batch = 0; batch < 12; batch++) {
            int rows = batch == 5 ? 1 : 1 + random.nextInt(300);
            long[] batchValues = new long[rows];
            int[] batchGroups = new int[rows];
            for (int row = 0; row < rows; row++) {
                if (batch != 7 && random.nextInt(5) == 0) {
                    group++;
                }
                batchValues[row] = value++ * 7919 % 1000;
                batchGroups[row] = group;
            }
            values.add(batchValues);
            groupIds.add(batchGroups);
        }
        int groups = group + 1;
        List<List<Object>> results = onOneTwoAndFourInterpreters(
                aggregate("sorted_values", SORTED_VALUES, "SortedValues", UdfType.VARCHAR, UdfType.BIGINT),
                groups,
                values,
                groupIds);
        List<Object> expected = new ArrayList<>();
        for (int each = 0; each < groups; each++) {
            List<Long> mine = new ArrayList<>();
            for (int batch = 0; batch < values.size(); batch++) {
                for (int row = 0; row < values.get(batch).length; row++) {
                    if (groupIds.get(batch)[row] == each) {
                        mine.add(values.get(batch)[row]);
                    }
                }
            }
            mine.sort(null);
            expected.add(String.join(",", mine.stream().map(String::valueOf).toList()));
        }
        assertThat(results.get(0)).isEqualTo(expected);
        assertThat(results.get(1)).isEqualTo(expected);
        assertThat(results.get(2)).isEqualTo(expected);
    }

    @Test
    void accumulateBatchGetsEachGroupsRowsAtOnce() {
        RegisteredFunction function = register(aggregate("batched", """
                class Batched:
                    def __init__(self):
                        self.calls = 0
                        self.total = 0
                    @property
                    def aggregate_state(self):
                        return (self.calls, self.total)
                    def accumulate(self, x):
                        raise AssertionError('accumulate_batch should be used')
                    def accumulate_batch(self, xs):
                        assert type(xs) is list
                        self.calls += 1
                        self.total += sum(xs)
                    def merge(self, other):
                        self.calls += other[0]
                        self.total += other[1]
                    def finish(self):
                        return f'{self.calls}:{self.total}'
                """, "Batched", UdfType.VARCHAR, UdfType.BIGINT));
        List<Object> result = aggregateOver(
                pool,
                allocator,
                function,
                2,
                List.of(new long[] {1, 2, 3, 4}, new long[] {5}),
                List.of(new int[] {0, 1, 0, 1}, new int[] {0}));
        assertThat(result).containsExactly("2:9", "1:6");
        // group ids in order (input clustered on the key): each run of a group is one call
        List<Object> ordered = aggregateOver(
                pool,
                allocator,
                function,
                3,
                List.of(new long[] {1, 2, 3, 4, 5, 6}, new long[] {7, 8}),
                List.of(new int[] {0, 0, 1, 1, 1, 2}, new int[] {2, 2}));
        assertThat(ordered).containsExactly("1:3", "1:12", "2:21");
    }
}
