package dev.quiver.udf.cpython;

/**
 * A range of native memory handed to Python as a memoryview without copying.
 *
 * <p>The memory must stay valid until the call that receives it returns; a writable buffer is one
 * Python fills (an output vector's data buffer).
 *
 * @param address  start address (any value when {@code length} is 0)
 * @param length   size in bytes
 * @param writable whether Python may write into it
 */
public record NativeBuffer(long address, long length, boolean writable) {
    public NativeBuffer {
        if (length < 0) {
            throw new IllegalArgumentException("negative buffer length " + length);
        }
        if (length > 0 && address == 0) {
            throw new IllegalArgumentException("null address for a buffer of " + length + " bytes");
        }
    }

    public static NativeBuffer readOnly(long address, long length) {
        return new NativeBuffer(address, length, false);
    }

    public static NativeBuffer writable(long address, long length) {
        return new NativeBuffer(address, length, true);
    }
}
