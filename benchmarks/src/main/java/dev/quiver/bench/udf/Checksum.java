package dev.quiver.bench.udf;

import org.apache.arrow.vector.Float8Vector;

/**
 * An order-independent, bit-exact fingerprint of a mode's output: the row count and the wrapping
 * sum of every result's IEEE-754 bits. Equal across modes only if every row got the same result,
 * so a mode that skipped rows or computed something else cannot pass unnoticed.
 *
 * @param rows rows seen
 * @param bits sum of {@code Double.doubleToRawLongBits} of every value, modulo 2^64
 */
public record Checksum(long rows, long bits) {
    public static final Checksum EMPTY = new Checksum(0, 0);

    /** The checksum of a result vector; fails on a NULL (the benchmark UDFs never return one). */
    public static Checksum of(Float8Vector vector) {
        long sum = 0;
        for (int row = 0; row < vector.getValueCount(); row++) {
            if (vector.isNull(row)) {
                throw new IllegalStateException("result row " + row + " is NULL; the benchmark UDFs never return NULL");
            }
            sum += vector.getDataBuffer().getLong((long) row * Float8Vector.TYPE_WIDTH);
        }
        return new Checksum(vector.getValueCount(), sum);
    }

    public Checksum plus(Checksum other) {
        return new Checksum(rows + other.rows, bits + other.bits);
    }

    @Override
    public String toString() {
        return rows + " rows, bits sum 0x" + Long.toHexString(bits);
    }
}
