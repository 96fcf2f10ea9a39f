package dev.quiver.engine.catalog;

/**
 * A HyperLogLog sketch: estimates how many distinct 64-bit hashes it was given, within about 1.6 %
 * (4096 one-byte registers), in constant memory.
 *
 * <p>Confined to one thread.
 */
final class DistinctCountSketch {
    private static final int PRECISION = 12;
    private static final int REGISTERS = 1 << PRECISION;

    private final byte[] registers = new byte[REGISTERS];

    /** Adds a value by its hash; the hash need not be well mixed, it is mixed here. */
    void add(long hash) {
        long mixed = mix(hash);
        int register = (int) (mixed >>> (64 - PRECISION));
        // the sentinel bit bounds the rank when every remaining bit is 0
        int rank = Long.numberOfLeadingZeros((mixed << PRECISION) | (1L << (PRECISION - 1))) + 1;
        if (rank > registers[register]) {
            registers[register] = (byte) rank;
        }
    }

    /** The estimated number of distinct values added. */
    double estimate() {
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += 1.0 / (1L << register);
            zeros += register == 0 ? 1 : 0;
        }
        double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
        double raw = alpha * REGISTERS * (double) REGISTERS / sum;
        if (raw <= 2.5 * REGISTERS && zeros > 0) {
            return REGISTERS * Math.log((double) REGISTERS / zeros); // linear counting: exact-ish when few
        }
        return raw;
    }

    /** MurmurHash3's 64-bit finaliser: spreads keys such as 1, 2, 3 over all bits. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a87b7L;
        h ^= h >>> 33;
        return h;
    }
}
