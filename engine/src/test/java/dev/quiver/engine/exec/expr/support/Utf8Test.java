package dev.quiver.engine.exec.expr.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The byte-level string helpers against java.lang.String on random inputs. */
class Utf8Test {
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
    void indexOfAgreesWithStringIndexOf() {
        Random random = new Random(7);
        String alphabet = "abcab";
        for (int trial = 0; trial < 5000; trial++) {
            String haystack = randomText(random, alphabet, random.nextInt(40));
            String needle = randomText(random, alphabet, random.nextInt(4));
            int from = random.nextInt(haystack.length() + 1);
            byte[] bytes = haystack.getBytes(StandardCharsets.US_ASCII);
            try (ArrowBuf buffer = allocator.buffer(bytes.length + 16)) {
                // the value sits at offset 3 in the buffer, with other bytes around it
                buffer.setZero(0, buffer.capacity());
                buffer.setBytes(3, bytes);
                assertThat(Utf8.indexOf(buffer, 3, bytes.length, needle.getBytes(StandardCharsets.US_ASCII), from))
                        .as("'%s' in '%s' from %d", needle, haystack, from)
                        .isEqualTo(haystack.indexOf(needle, from));
            }
        }
    }

    @Test
    void indexOfFindsLongNeedlesInUtf8Text() {
        Random random = new Random(13);
        // few letters so needles of up to 12 bytes still occur; é and 日 put bytes >= 0x80 in the words
        String alphabet = "spcéa日";
        for (int trial = 0; trial < 5000; trial++) {
            String haystack = randomText(random, alphabet, random.nextInt(90));
            String needle = random.nextInt(3) == 0 && haystack.length() > 2
                    ? haystack.substring(random.nextInt(haystack.length() / 2), haystack.length() - 1)
                    : randomText(random, alphabet, 1 + random.nextInt(6));
            byte[] bytes = haystack.getBytes(StandardCharsets.UTF_8);
            byte[] needleBytes = needle.getBytes(StandardCharsets.UTF_8);
            int from = random.nextInt(bytes.length + 1);
            int expected = indexOfBytes(bytes, needleBytes, from);
            try (ArrowBuf buffer = allocator.buffer(bytes.length + 16)) {
                // the needle's bytes fill the buffer around the value: a read past its end would match
                for (int index = 0; index < buffer.capacity(); index++) {
                    buffer.setByte(index, needleBytes[index % needleBytes.length]);
                }
                buffer.setBytes(5, bytes);
                assertThat(Utf8.indexOf(buffer, 5, bytes.length, needleBytes, from))
                        .as("'%s' in '%s' from byte %d", needle, haystack, from)
                        .isEqualTo(expected);
            }
        }
    }

    private static int indexOfBytes(byte[] haystack, byte[] needle, int from) {
        for (int position = from; position + needle.length <= haystack.length; position++) {
            if (Arrays.equals(haystack, position, position + needle.length, needle, 0, needle.length)) {
                return position;
            }
        }
        return -1;
    }

    @Test
    void compareIsCodePointOrder() {
        Random random = new Random(11);
        String alphabet = "aAzé日\u0000";
        for (int trial = 0; trial < 3000; trial++) {
            String left = randomText(random, alphabet, random.nextInt(20));
            String right = random.nextBoolean()
                    ? left + randomText(random, alphabet, 2)
                    : randomText(random, alphabet, random.nextInt(20));
            byte[] a = left.getBytes(StandardCharsets.UTF_8);
            byte[] b = right.getBytes(StandardCharsets.UTF_8);
            try (ArrowBuf first = allocator.buffer(a.length + 1);
                    ArrowBuf second = allocator.buffer(b.length + 1)) {
                first.setBytes(0, a);
                second.setBytes(0, b);
                int expected = Integer.signum(codePointCompare(left, right));
                assertThat(Integer.signum(Utf8.compare(first, 0, a.length, second, 0, b.length)))
                        .as("'%s' vs '%s'", left, right)
                        .isEqualTo(expected);
            }
        }
    }

    private static int codePointCompare(String left, String right) {
        int[] a = left.codePoints().toArray();
        int[] b = right.codePoints().toArray();
        return java.util.Arrays.compare(a, b);
    }

    private static String randomText(Random random, String alphabet, int length) {
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < length; index++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }
}
