package dev.quiver.udf.pool;

import dev.quiver.udf.convert.BatchExchange;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The batch exchange a task's Python call is using, and the memory hand-over of a call its caller
 * gave up on (abandoned while stuck in C): the one copy of that protocol for every task kind.
 *
 * <p>The worker sets the exchange before calling Python and calls {@link #ended} after the call;
 * {@link #handOver} may come from any thread in between.
 */
final class RunningExchange {
    private volatile BatchExchange running;
    private volatile BufferAllocator abandonedMemory;

    void set(BatchExchange exchange) {
        running = exchange;
    }

    /**
     * Moves the batch's memory from the caller's allocator to a child allocator of the same root,
     * so the caller can close its allocator while Python still uses the memory.
     */
    void handOver(BufferAllocator callerAllocator, String what) {
        BatchExchange exchange = running;
        if (exchange == null) {
            return;
        }
        BufferAllocator target = callerAllocator.getRoot().newChildAllocator("abandoned " + what, 0, Long.MAX_VALUE);
        abandonedMemory = target;
        if (!exchange.handOverTo(target)) {
            abandonedMemory = null;
            target.close(); // the call ended meanwhile: nothing moved
        }
    }

    /** On the worker, once the call ended: frees the memory an abandoned call held. */
    void ended(String functionName) {
        running = null;
        BufferAllocator memory = abandonedMemory;
        if (memory != null) {
            abandonedMemory = null;
            try {
                memory.close(); // everything in it was freed when the exchange closed
            } catch (RuntimeException e) {
                System.err.println("quiver: memory of an abandoned call of Python function " + functionName
                        + " was not all freed when the call ended (a bug): " + e.getMessage());
            }
        }
    }
}
