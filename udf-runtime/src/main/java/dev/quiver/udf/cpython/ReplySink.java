package dev.quiver.udf.cpython;

/**
 * Receives the bytes payloads of a successful batch reply while they are still alive in Python.
 *
 * <p>Called once per reply, on the interpreter's thread with its GIL held; the memory is only valid
 * during the call, so an implementation copies it out (into Arrow buffers) before returning.
 */
@FunctionalInterface
public interface ReplySink {
    /** Payload slot of the validity mask: one byte per row, 1 for a value and 0 for NULL. */
    int MASK = 0;
    /** Payload slot of variable-width offsets: rows + 1 little-endian int32 values. */
    int OFFSETS = 1;
    /** Payload slot of variable-width data. */
    int DATA = 2;

    /**
     * @param addresses start of each payload by slot, 0 where Python returned None
     * @param lengths   byte length of each payload by slot
     */
    void accept(long[] addresses, long[] lengths);
}
