package dev.quiver.engine.exec.operator.sample;

/** The random key of a row: a hash of the seed, its morsel's sequence number and its place in it. */
final class RowKeys {
    private RowKeys() {}

    /** A well-mixed 64-bit key; equal inputs give equal keys, any change gives an unrelated one. */
    static long key(long seed, long sequence, long place) {
        return mix(seed ^ mix(sequence * 0x9E3779B97F4A7C15L + mix(place)));
    }

    /** The key as a number uniformly spread over [0, 1). */
    static double unit(long key) {
        return (key >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood): every input bit flips about half the output bits. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
