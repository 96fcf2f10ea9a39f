package dev.quiver.engine.exec.expr.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Membership by 64-bit words against a {@link HashSet} of strings, at every length around a word. */
class ByteStringSetTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close(); // fails if a test leaked a buffer
    }

    @Test
    void agreesWithAHashSetOnRandomRows() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            List<String> members = new ArrayList<>();
            int memberCount = 1 + random.nextInt(5);
            for (int index = 0; index < memberCount; index++) {
                members.add(text(random, random.nextInt(20)));
            }
            if (random.nextBoolean()) {
                members.add(members.getFirst()); // a duplicate constant changes nothing
            }
            Set<String> expected = new HashSet<>(members);
            ByteStringSet set = new ByteStringSet(members.stream()
                    .map(member -> member.getBytes(StandardCharsets.UTF_8))
                    .toList());
            int rows = 1 + random.nextInt(150);
            try (VarCharVector strings = new VarCharVector("s", allocator)) {
                strings.allocateNew(rows);
                List<String> values = new ArrayList<>();
                for (int row = 0; row < rows; row++) {
                    // members, members with one byte changed, prefixes and extensions of them
                    String member = members.get(random.nextInt(members.size()));
                    String value = switch (random.nextInt(5)) {
                        case 0 -> member;
                        case 1 -> member.isEmpty() ? "x" : member.substring(0, member.length() - 1) + "#";
                        case 2 -> member + text(random, 1);
                        case 3 -> member.isEmpty() ? "" : member.substring(0, random.nextInt(member.length()));
                        default -> text(random, random.nextInt(20));
                    };
                    values.add(value);
                    strings.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
                }
                strings.setValueCount(rows);
                try (ArrowBuf out = allocator.buffer(((rows + 63) >>> 6) << 3)) {
                    out.setZero(0, out.capacity());
                    set.markMembers(strings, rows, out);
                    for (int row = 0; row < rows; row++) {
                        String value = values.get(row);
                        assertThat(Bits.of(out, rows).get(row))
                                .as("'%s' among %s", value, members)
                                .isEqualTo(expected.contains(value));
                    }
                }
            }
        }
    }

    @Test
    void readsNoByteBeyondTheDataBuffer() {
        // the row ends exactly at the buffer's end: the last word is assembled byte by byte
        ByteStringSet set = new ByteStringSet(List.of("SHIP".getBytes(StandardCharsets.UTF_8)));
        try (ArrowBuf data = allocator.buffer(6)) {
            data.setBytes(0, "xxSHIP".getBytes(StandardCharsets.UTF_8));
            long capacity = data.capacity();
            data.setBytes(capacity - 4, "SHIP".getBytes(StandardCharsets.UTF_8));
            assertThat(set.contains(data, capacity - 4, 4)).isTrue();
            assertThat(set.contains(data, capacity - 3, 3)).isFalse();
        }
    }

    @Test
    void theEmptyStringIsAMemberOnlyWhenListed() {
        ByteStringSet withEmpty = new ByteStringSet(List.of(new byte[0], "a".getBytes(StandardCharsets.UTF_8)));
        ByteStringSet without = new ByteStringSet(List.of("a".getBytes(StandardCharsets.UTF_8)));
        try (ArrowBuf data = allocator.buffer(8)) {
            assertThat(withEmpty.contains(data, 0, 0)).isTrue();
            assertThat(without.contains(data, 0, 0)).isFalse();
        }
    }

    private static String text(Random random, int length) {
        String alphabet = "MAILSHPé\u0000";
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < length; index++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
