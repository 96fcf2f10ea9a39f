package dev.quiver.engine.exec.operator.join;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.OperatorHarness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Build sides large enough to be hashed in parts ({@code finish} on the idle workers), on 1, 2 and
 * 4 threads, in the DIRECT, HASHED and WIDE layouts: duplicates, NULL keys and one key holding
 * half the build rows, checked pair by pair against a Java map.
 */
class HashJoinParallelBuildTest {
    private static final int BUILD_ROWS = 150_000;
    private static final int PROBE_ROWS = 40_000;
    private static final long SKEWED_KEY = 7;
    /** Columns (k1, k2, id): the keys, then the row's number. */
    private static final List<Field> FIELDS = List.of(field("k1", BIGINT), field("k2", BIGINT), field("id", BIGINT));

    /** How the keys look: dense integers, sparse ones, or two columns. */
    enum Keys {
        DENSE,
        SPARSE,
        TWO_COLUMNS;

        /** The columns k1 and k2 of a row whose key is {@code value} (null: NULL). */
        List<Object> row(Long value, long id) {
            if (value == null) {
                return Arrays.asList(null, this == TWO_COLUMNS ? 1L : null, id);
            }
            long key = this == SPARSE ? value * 1_000_003 : value;
            return Arrays.asList(key, this == TWO_COLUMNS ? value % 5 : null, id);
        }

        int[] columns() {
            return this == TWO_COLUMNS ? new int[] {0, 1} : new int[] {0};
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int threads : new int[] {1, 2, 4}) {
            for (Keys keys : Keys.values()) {
                cases.add(Arguments.of(threads, keys));
            }
        }
        return cases.stream();
    }

    /** Build keys: a tenth NULL, half of the rest {@link #SKEWED_KEY}, the others over [0, 400000). */
    private static Long buildKey(Random random, int row) {
        if (row % 10 == 3) {
            return null;
        }
        return random.nextBoolean() ? SKEWED_KEY : (long) random.nextInt(400_000);
    }

    /** Probe keys over [0, 400000), the skewed key twice, a few NULLs. */
    private static Long probeKey(Random random, int row) {
        if (row == 100 || row == 30_000) {
            return SKEWED_KEY;
        }
        if (row % 97 == 0) {
            return null;
        }
        long key = random.nextInt(400_000);
        return key == SKEWED_KEY ? key + 1 : key;
    }

    @ParameterizedTest(name = "{0} threads, {1} keys")
    @MethodSource("cases")
    void innerAndFullJoinsFindEveryPair(int threads, Keys keys) {
        Random random = new Random(threads * 31 + keys.ordinal());
        List<List<Object>> build = new ArrayList<>(BUILD_ROWS);
        Map<Long, List<Long>> buildIds = new HashMap<>();
        for (int row = 0; row < BUILD_ROWS; row++) {
            Long key = buildKey(random, row);
            build.add(keys.row(key, row));
            if (key != null) {
                buildIds.computeIfAbsent(key, k -> new ArrayList<>()).add((long) row);
            }
        }
        List<List<Object>> probe = new ArrayList<>(PROBE_ROWS);
        Set<Long> probeKeys = new HashSet<>();
        long expectedPairs = 0;
        long expectedChecksum = 0;
        for (int row = 0; row < PROBE_ROWS; row++) {
            Long key = probeKey(random, row);
            probe.add(keys.row(key, row));
            if (key != null) {
                probeKeys.add(key);
                for (long buildId : buildIds.getOrDefault(key, List.of())) {
                    expectedPairs++;
                    expectedChecksum += pairChecksum(row, buildId);
                }
            }
        }
        long unmatchedBuild = build.size()
                - buildIds.entrySet().stream()
                        .filter(entry -> probeKeys.contains(entry.getKey()))
                        .mapToLong(entry -> entry.getValue().size())
                        .sum();
        assertThat(expectedPairs).isGreaterThan(2L * BUILD_ROWS / 5); // the skewed key's chain, twice
        try (OperatorHarness harness = new OperatorHarness(threads, 4096)) {
            for (JoinType type : new JoinType[] {JoinType.INNER, JoinType.FULL}) {
                HashJoinOperator join = HashJoinOperator.create(
                        harness.table(FIELDS, probe, 5000),
                        harness.table(FIELDS, build, 3000),
                        type,
                        false,
                        keys.columns(),
                        keys.columns(),
                        new boolean[keys.columns().length],
                        null);
                long pairs = 0;
                long checksum = 0;
                long buildOnly = 0;
                long probeOnly = 0;
                for (List<Object> row : harness.run(join)) {
                    if (row.get(2) == null) {
                        buildOnly++;
                    } else if (row.get(5) == null) {
                        probeOnly++;
                    } else {
                        pairs++;
                        checksum += pairChecksum((Long) row.get(2), (Long) row.get(5));
                    }
                }
                assertThat(pairs).as("%s pairs", type).isEqualTo(expectedPairs);
                assertThat(checksum).as("%s pairs' checksum", type).isEqualTo(expectedChecksum);
                if (type == JoinType.FULL) {
                    assertThat(buildOnly).isEqualTo(unmatchedBuild);
                    assertThat(probeOnly).isPositive();
                }
            }
        }
    }

    /** An order-independent fingerprint of one (probe row, build row) pair. */
    private static long pairChecksum(long probeId, long buildId) {
        long mixed = (probeId * 1_000_003L + buildId) * 0x9E3779B97F4A7C15L;
        return mixed ^ (mixed >>> 29);
    }
}
