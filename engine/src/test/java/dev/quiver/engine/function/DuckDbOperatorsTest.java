package dev.quiver.engine.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DuckDbOperatorsTest {

    private static boolean glob(String text, String pattern) {
        return Pattern.compile(DuckDbOperators.globRegex(pattern)).matcher(text).find();
    }

    @Test
    void globMatchesTheWholeStringWithShellWildcards() {
        assertThat(glob("apple", "a*")).isTrue();
        assertThat(glob("apple", "p*")).isFalse();
        assertThat(glob("apple", "a?ple")).isTrue();
        assertThat(glob("a\nb", "a*b")).isTrue();
        assertThat(glob("abc", "a.c")).isFalse();
        assertThat(glob("a(b)+", "a(b)+")).isTrue();
    }

    @Test
    void globClassesComplementsAndEscapes() {
        assertThat(glob("bpple", "[a-c]pple")).isTrue();
        assertThat(glob("apple", "[!a]*")).isFalse();
        assertThat(glob("^x", "[^]x")).isTrue();
        assertThat(glob("a*", "a\\*")).isTrue();
        assertThat(glob("ab", "a\\*")).isFalse();
        assertThat(glob("[", "[")).isFalse();
    }

    @Test
    void globPiecesBetweenStarsMatchLeftmostWithoutBacktracking() {
        assertThat(glob("xaybzc", "*a*b*c")).isTrue();
        assertThat(glob("abab", "*ab*ab")).isTrue();
        assertThat(glob("aab", "*a?b")).isTrue();
        assertThat(glob("abc", "a**c")).isTrue();
        assertThat(glob("a*b", "*\\**")).isTrue();
        assertThat(glob("ab", "*\\**")).isFalse();
        assertThat(glob("x*y", "[*]*")).isFalse();
        assertThat(glob("*y", "[*]*")).isTrue();
        // exponential with one backtracking .* per star: this must answer at once
        assertThat(glob("a".repeat(35) + "c", "*a".repeat(14) + "*b")).isFalse();
        assertThat(glob("a".repeat(35) + "b", "*a".repeat(14) + "*b")).isTrue();
    }
}
