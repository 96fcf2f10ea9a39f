package dev.quiver.engine.exec.key;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one hash function of keys, used by hash joins, GROUP BY and set operations: a 64-bit hash of
 * a long form ({@link LongForm}), of several, or of an encoded key row ({@link RowKeyEncoder}).
 *
 * <p>USE THE HIGH BITS: tables pick a slot with {@code hash >>> (64 - log2(capacity))}. The hash
 * of a single long is Fibonacci hashing (one multiplication, whose high bits depend on every key
 * bit) because it sits in the hottest probe loops; the others finish with MurmurHash3's finaliser.
 * Equal keys have equal hashes only when they are hashed by the same method.
 */
public final class KeyHashing {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** 2^64 / golden ratio, odd. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private static final long WORD_MIX = 0xC2B2AE3D27D4EB4FL;

    private KeyHashing() {}

    /** The hash of one long form (use the high bits). */
    public static long hashLong(long key) {
        return key * GOLDEN;
    }

    /** The hash of {@code keys[start, start + count)}. */
    public static long hashLongs(long[] keys, int start, int count) {
        long hash = GOLDEN;
        for (int index = start; index < start + count; index++) {
            hash = Long.rotateLeft(hash ^ keys[index] * WORD_MIX, 31) * GOLDEN;
        }
        return finish(hash);
    }

    /** The hash of {@code data[start, end)}, eight bytes per step (rows padded to whole words hash fastest). */
    public static long hashBytes(byte[] data, int start, int end) {
        long hash = GOLDEN ^ (end - start);
        int index = start;
        for (; index + 8 <= end; index += 8) {
            hash = Long.rotateLeft(hash ^ ((long) LONGS.get(data, index) * WORD_MIX), 31) * GOLDEN;
        }
        long tail = 0;
        for (; index < end; index++) {
            tail = (tail << 8) | (data[index] & 0xff);
        }
        return finish(hash ^ tail * 0x165667B19E3779F9L);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches the high bits that pick the slot. */
    private static long finish(long hash) {
        hash ^= hash >>> 33;
        hash *= 0xFF51AFD7ED558CCDL;
        hash ^= hash >>> 33;
        hash *= 0xC4CEB9FE1A85EC53L;
        return hash ^ (hash >>> 33);
    }
}
