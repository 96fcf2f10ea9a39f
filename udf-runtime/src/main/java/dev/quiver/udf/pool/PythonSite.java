package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.ReplySink;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.function.LongUnaryOperator;

/**
 * Where a {@link TierTask} makes its Python calls: one sub-interpreter or one worker process of the
 * process tier. Both run the same runtime module, so a task calls the same entry points with the
 * same arguments in either; only the transport differs. Confined to the thread running the task.
 */
interface PythonSite {
    /** Compiles and imports {@code function} here unless it already is: null, or the define reply. */
    RuntimeReply ensureDefined(RegisteredFunction function, long callId);

    /** Calls a runtime entry point; see {@link dev.quiver.udf.cpython.SubInterpreter#call}. */
    RuntimeReply call(long callId, String entryPoint, ReplySink sink, Object... arguments);

    /** Where directed calls about state kept here (aggregation instances, table function runs) go. */
    StateHolder holder();

    /**
     * The interpreter or process itself: state kept here is lost once it is replaced, and a directed
     * call that finds another identity reports {@link #stateLost}.
     */
    Object identity();

    /** The error for a failed reply of {@code function}. */
    UdfException failure(RegisteredFunction function, RuntimeReply reply, LongUnaryOperator rowMapper, Task<?> task);

    /** The error for a directed call whose state was kept in an interpreter or process since replaced. */
    UdfException stateLost(String functionName, String state);
}
