package dev.quiver.sqltest.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KnownDivergencesTest {

    @Test
    void readsEntriesAndSkipsCommentsAndBlankLines() {
        KnownDivergences divergences = KnownDivergences.parse("""
                # why this file exists

                expressions/division.test:5 Quiver keeps integer division
                  basics/values.test:12   an indented entry with spaces
                """);

        assertThat(divergences.entries()).hasSize(2);
        KnownDivergences.Entry entry =
                divergences.find("expressions/division.test", 5).orElseThrow();
        assertThat(entry.reason()).isEqualTo("Quiver keeps integer division");
        assertThat(entry.sourceLine()).isEqualTo(3);
        assertThat(entry.key()).isEqualTo("expressions/division.test:5");
        assertThat(divergences.find("basics/values.test", 12)).isPresent();
        assertThat(divergences.find("expressions/division.test", 6)).isEmpty();
    }

    @Test
    void everyEntryNeedsAReason() {
        assertThatThrownBy(() -> KnownDivergences.parse("\nexpressions/division.test:5\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known-divergences.txt:2: expected '<file>:<line> <reason>'");
        assertThatThrownBy(() -> KnownDivergences.parse("expressions/division.test reason\n"))
                .hasMessageContaining("known-divergences.txt:1:");
    }

    @Test
    void aRecordIsListedOnce() {
        assertThatThrownBy(() -> KnownDivergences.parse("a.test:1 one\na.test:1 two\n"))
                .hasMessageContaining("known-divergences.txt:2: a.test:1 is already listed on line 1");
    }
}
