package dev.quiver.engine.exec.operator.unnest;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Zipping, NULL and empty lists, depth, ordinality, unmatched rows and bounded output batches. */
class UnnestOperatorTest {
    private static final Field ELEMENT = field("$data$", BIGINT);
    private static final Field LIST = new Field("l", FieldType.nullable(ArrowType.List.INSTANCE), List.of(ELEMENT));
    private static final Field NESTED = new Field(
            "n",
            FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(new Field("$data$", FieldType.nullable(ArrowType.List.INSTANCE), List.of(ELEMENT))));

    private final OperatorHarness harness = new OperatorHarness(2, 4);

    @AfterEach
    void close() {
        harness.close();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private PhysicalOperator table(List<List<Object>> rows) {
        return harness.table(List.of(field("k", BIGINT), LIST, LIST), rows, 3);
    }

    @Test
    void zipsToTheLongestListAndSkipsRowsWithoutElements() {
        PhysicalOperator input = table(List.of(
                row(1L, List.of(1L, 2L, 3L), List.of(10L)),
                row(2L, null, List.of()),
                row(3L, Arrays.asList(null, 5L), null)));
        UnnestOperator unnest = new UnnestOperator(
                input,
                new int[] {0},
                new int[] {1, 2},
                new int[] {1, 1},
                false,
                false,
                4,
                List.of(field("k", BIGINT), field("x", BIGINT), field("y", BIGINT)));
        assertThat(harness.run(unnest))
                .containsExactlyInAnyOrder(
                        row(1L, 1L, 10L), row(1L, 2L, null), row(1L, 3L, null), row(3L, null, null), row(3L, 5L, null));
    }

    @Test
    void keepsUnmatchedRowsWithNullsAndNumbersElements() {
        PhysicalOperator input = table(List.of(row(1L, List.of(7L, 8L), null), row(2L, List.of(), null)));
        UnnestOperator unnest = new UnnestOperator(
                input,
                new int[] {0},
                new int[] {1},
                new int[] {1},
                true,
                true,
                4,
                List.of(field("k", BIGINT), field("x", BIGINT), field("i", BIGINT)));
        assertThat(harness.run(unnest))
                .containsExactlyInAnyOrder(row(1L, 7L, 1L), row(1L, 8L, 2L), row(2L, null, null));
    }

    @Test
    void flattensNestedListsToTheRequestedDepth() {
        PhysicalOperator input = harness.table(
                List.of(field("k", BIGINT), NESTED),
                List.of(row(1L, Arrays.asList(List.of(1L, 2L), null, List.of(), List.of(3L))), row(2L, null)),
                2);
        UnnestOperator unnest = new UnnestOperator(
                input, new int[0], new int[] {1}, new int[] {2}, false, false, 4, List.of(field("x", BIGINT)));
        assertThat(harness.run(unnest)).containsExactly(row(1L), row(2L), row(3L));
    }

    @Test
    void cutsALongListIntoBatchesOfTheGivenSize() {
        List<Long> elements = new ArrayList<>();
        for (long value = 0; value < 10; value++) {
            elements.add(value);
        }
        PhysicalOperator input = table(List.<List<Object>>of(row(1L, elements, null)));
        UnnestOperator unnest = new UnnestOperator(
                input,
                new int[] {0},
                new int[] {1},
                new int[] {1},
                false,
                false,
                4,
                List.of(field("k", BIGINT), field("x", BIGINT)));
        assertThat(harness.batchSizes(unnest)).containsExactly(4, 4, 2);
        assertThat(harness.run(unnest)).hasSize(10);
    }
}
