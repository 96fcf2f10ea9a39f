package dev.quiver.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamePatternTest {
    @Test
    void percentAndUnderscoreAreWildcards() {
        assertThat(NamePattern.matches("li%", "lineitem", false)).isTrue();
        assertThat(NamePattern.matches("_art", "part", false)).isTrue();
        assertThat(NamePattern.matches("_art", "partsupp", false)).isFalse();
        assertThat(NamePattern.matches("%", "", false)).isTrue();
    }

    @Test
    void backslashEscapesAWildcardAndRegexCharactersAreLiteral() {
        assertThat(NamePattern.matches("a\\_b", "a_b", false)).isTrue();
        assertThat(NamePattern.matches("a\\_b", "axb", false)).isFalse();
        assertThat(NamePattern.matches("a.b", "axb", false)).isFalse();
        assertThat(NamePattern.matches("t(1)", "t(1)", false)).isTrue();
    }

    @Test
    void caseFollowsTheCaller() {
        assertThat(NamePattern.matches("LINE%", "lineitem", true)).isTrue();
        assertThat(NamePattern.matches("LINE%", "lineitem", false)).isFalse();
        assertThat(NamePattern.matches("ÄB", "äb", true)).isTrue();
    }

    @Test
    void aNullPatternMatchesEveryName() {
        assertThat(NamePattern.matches(null, "anything", false)).isTrue();
    }
}
