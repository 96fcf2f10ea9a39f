package dev.quiver.engine.exec.operator.set;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.VARCHAR;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.NullTestExpr;
import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.operator.join.JoinReference;
import dev.quiver.engine.exec.operator.project.FilterOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UNION [ALL], INTERSECT [ALL] and EXCEPT [ALL] over duplicates and NULLs, against multiset arithmetic. */
class SetOperationOperatorTest {
    private static final List<Field> FIELDS = List.of(field("s", VARCHAR), field("n", BIGINT));

    private final OperatorHarness harness = new OperatorHarness(2, 8);

    @AfterEach
    void close() {
        harness.close();
    }

    /** Rows from a small domain with NULLs in both columns: many duplicates, within and across inputs. */
    private static List<List<Object>> rows(Random random, int count) {
        String[] strings = {"a", "b", null};
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < count; row++) {
            Long n = random.nextInt(4) == 0 ? null : (long) random.nextInt(3);
            rows.add(Arrays.asList(strings[random.nextInt(strings.length)], n));
        }
        return rows;
    }

    private static Map<List<Object>, Integer> counts(List<List<Object>> rows) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (List<Object> row : rows) {
            counts.merge(row, 1, Integer::sum);
        }
        return counts;
    }

    /** The expected multiset, by the SQL definitions (List.equals treats NULL as equal to NULL). */
    private static List<List<Object>> expected(
            SetOperationOperator.Kind kind, boolean all, List<List<List<Object>>> inputs) {
        List<Map<List<Object>, Integer>> counts =
                inputs.stream().map(SetOperationOperatorTest::counts).toList();
        Map<List<Object>, Integer> result = new HashMap<>();
        for (Map<List<Object>, Integer> input : counts) {
            for (List<Object> row : input.keySet()) {
                int first = counts.getFirst().getOrDefault(row, 0);
                int fewest = counts.stream()
                        .mapToInt(c -> c.getOrDefault(row, 0))
                        .min()
                        .orElse(0);
                int others = counts.stream()
                        .skip(1)
                        .mapToInt(c -> c.getOrDefault(row, 0))
                        .sum();
                int times = switch (kind) {
                    case UNION -> 1;
                    case INTERSECT -> all ? fewest : Math.min(fewest, 1);
                    case EXCEPT -> all ? Math.max(0, first - others) : (first > 0 && others == 0 ? 1 : 0);
                };
                result.put(row, times);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        result.forEach((row, times) -> {
            for (int copy = 0; copy < times; copy++) {
                rows.add(row);
            }
        });
        return rows;
    }

    @Test
    void everyOperationOverTwoAndThreeInputs() {
        Random random = new Random(5);
        for (int inputCount = 2; inputCount <= 3; inputCount++) {
            List<List<List<Object>>> inputs = new ArrayList<>();
            for (int input = 0; input < inputCount; input++) {
                inputs.add(rows(random, 60 - 10 * input));
            }
            for (SetOperationOperator.Kind kind : SetOperationOperator.Kind.values()) {
                for (boolean all : new boolean[] {false, true}) {
                    if (kind == SetOperationOperator.Kind.UNION && all) {
                        continue;
                    }
                    List<PhysicalOperator> scans = new ArrayList<>();
                    for (List<List<Object>> input : inputs) {
                        scans.add(harness.table(FIELDS, input, 7));
                    }
                    List<List<Object>> actual = harness.run(new SetOperationOperator(scans, kind, all, FIELDS));
                    assertThat(JoinReference.canonical(actual))
                            .as("%s all=%s, %d inputs", kind, all, inputCount)
                            .isEqualTo(JoinReference.canonical(expected(kind, all, inputs)));
                }
            }
        }
    }

    @Test
    void nullsAreEqualInSetOperations() {
        List<List<Object>> left = List.of(Arrays.asList(null, null), Arrays.asList("a", null), Arrays.asList("a", 1L));
        List<List<Object>> right = List.of(Arrays.asList(null, null), Arrays.asList("a", null));
        assertThat(JoinReference.canonical(harness.run(new SetOperationOperator(
                        List.of(harness.table(FIELDS, left, 2), harness.table(FIELDS, right, 2)),
                        SetOperationOperator.Kind.INTERSECT,
                        false,
                        FIELDS))))
                .containsExactly("[a, null]", "[null, null]");
        assertThat(harness.run(new SetOperationOperator(
                        List.of(harness.table(FIELDS, left, 2), harness.table(FIELDS, right, 2)),
                        SetOperationOperator.Kind.EXCEPT,
                        false,
                        FIELDS)))
                .containsExactly(List.of("a", 1L));
    }

    @Test
    void unionKeepsFirstAppearanceOrder() {
        List<List<Object>> left = List.of(List.of("b", 2L), List.of("a", 1L), List.of("b", 2L));
        List<List<Object>> right = List.of(List.of("c", 3L), List.of("a", 1L));
        assertThat(harness.run(new SetOperationOperator(
                        List.of(harness.table(FIELDS, left, 3), harness.table(FIELDS, right, 2)),
                        SetOperationOperator.Kind.UNION,
                        false,
                        FIELDS)))
                .containsExactly(List.of("b", 2L), List.of("a", 1L), List.of("c", 3L));
    }

    @Test
    void emptyInputs() {
        List<List<Object>> some = List.of(List.of("a", 1L));
        for (SetOperationOperator.Kind kind : SetOperationOperator.Kind.values()) {
            assertThat(harness.run(new SetOperationOperator(
                            List.of(harness.table(FIELDS, List.of(), 1), harness.table(FIELDS, some, 1)),
                            kind,
                            false,
                            FIELDS)))
                    .as(kind.name())
                    .hasSize(kind == SetOperationOperator.Kind.UNION ? 1 : 0);
            assertThat(harness.run(new SetOperationOperator(
                            List.of(harness.table(FIELDS, some, 1), harness.table(FIELDS, List.of(), 1)),
                            kind,
                            false,
                            FIELDS)))
                    .as(kind.name())
                    .hasSize(kind == SetOperationOperator.Kind.INTERSECT ? 0 : 1);
        }
    }

    @Test
    void unionAllKeepsEveryRowUnderTheOutputNames() {
        Random random = new Random(9);
        List<List<Object>> a = rows(random, 30);
        List<List<Object>> b = rows(random, 20);
        List<Field> renamed = List.of(field("x", VARCHAR), field("y", BIGINT));
        UnionAllOperator union = new UnionAllOperator(
                List.of(harness.table(FIELDS, a, 7), harness.table(FIELDS, b, 7), harness.table(FIELDS, List.of(), 7)),
                renamed);
        List<List<Object>> both = new ArrayList<>(a);
        both.addAll(b);
        assertThat(harness.run(union)).as("in input order").isEqualTo(both);
        assertThat(union.outputFields()).isEqualTo(renamed);
    }

    @Test
    void unionAllStreamsEveryInputThroughTheOperatorsAboveIntoOneSink() {
        List<List<Object>> a = rows(new Random(3), 12);
        List<List<Object>> b = rows(new Random(4), 5);
        UnionAllOperator union =
                new UnionAllOperator(List.of(harness.table(FIELDS, a, 4), harness.table(FIELDS, b, 4)), FIELDS);
        FilterOperator filter = new FilterOperator(
                union,
                new NullTestExpr(
                        NullTestExpr.Test.IS_NOT_NULL,
                        new ColumnExpr(1, FIELDS.get(1)),
                        field("test", ArrowType.Bool.INSTANCE)));
        ResultCollector sink = new ResultCollector(filter);

        List<Pipeline> pipelines = PipelineBuilder.build(filter, sink);

        assertThat(pipelines).hasSize(2);
        assertThat(pipelines).allSatisfy(pipeline -> {
            assertThat(pipeline.sink()).isSameAs(sink);
            assertThat(pipeline.operators()).containsExactly(union, filter);
        });
        assertThat(pipelines.get(1).sequenceOffset())
                .isGreaterThan(pipelines.get(0).sequenceOffset());
        List<List<Object>> expected = new ArrayList<>(a);
        expected.addAll(b);
        expected.removeIf(row -> row.get(1) == null);
        assertThat(harness.run(filter)).isEqualTo(expected);
    }

    @Test
    void unionAllIsNotHashed() {
        assertThatThrownBy(() -> new SetOperationOperator(List.of(), SetOperationOperator.Kind.UNION, true, FIELDS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
