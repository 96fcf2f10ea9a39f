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
}
