package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.function.LongUnaryOperator;

/** Turns failed runtime replies into {@link UdfException}s whose messages a query author can act on. */
final class UdfErrors {
    private static final String ISOLATION_HINT = "Quiver runs Python functions in isolated sub-interpreters "
            + "(one GIL each); extension modules without multi-phase initialization, such as numpy, pandas and "
            + "pyarrow today, cannot be imported there.";

    private UdfErrors() {}

    /**
     * @param rowMapper maps the row Python reported to the caller's row (NULL rows may have been skipped)
     * @param task the task that made the call: why it was stopped, if it was
     */
    static UdfException fromReply(
            RegisteredFunction function, RuntimeReply reply, LongUnaryOperator rowMapper, Task<?> task) {
        UdfException.Reason cancelReason = task.cancelReason();
        String name = function.name();
        long row = reply.row() < 0 ? -1 : rowMapper.applyAsLong(reply.row());
        String traceback = reply.traceback() == null || reply.traceback().isEmpty() ? null : reply.traceback();
        String details = traceback == null ? "" : "\n" + traceback.stripTrailing();
        return switch (reply.status()) {
            case PYTHON_ERROR ->
                new UdfException(
                        UdfException.Reason.PYTHON_ERROR,
                        name,
                        row,
                        reply.pythonType(),
                        reply.message(),
                        traceback,
                        "Python function " + name + " raised " + reply.pythonType()
                                + (reply.message().isEmpty() ? "" : ": " + reply.message())
                                + (row >= 0 ? " (row " + row + arguments(reply) + ")" : "") + details,
                        null);
            case BAD_RESULT ->
                new UdfException(
                        UdfException.Reason.BAD_RESULT,
                        name,
                        row,
                        reply.pythonType(),
                        reply.message(),
                        null,
                        reply.message().replace("{row}", Long.toString(row))
                                + (reply.arguments().isEmpty() ? "" : " (arguments: " + reply.arguments() + ")"),
                        null);
            case BAD_ARGUMENT ->
                new UdfException(
                        UdfException.Reason.BAD_ARGUMENT,
                        name,
                        row,
                        reply.pythonType(),
                        reply.message(),
                        null,
                        reply.message().replace("{row}", Long.toString(row)),
                        null);
            case DEFINITION_ERROR -> {
                boolean isolationProblem = reply.pythonType().endsWith("ImportError")
                        && reply.message().contains("subinterpreter");
                yield new UdfException(
                        UdfException.Reason.DEFINITION_ERROR,
                        name,
                        -1,
                        reply.pythonType(),
                        reply.message(),
                        traceback,
                        "Python function " + name + " cannot be defined: "
                                + reply.pythonType() + ": " + reply.message()
                                + (isolationProblem ? "\nHint: " + ISOLATION_HINT : "") + details,
                        null);
            }
            case CANCELLED ->
                cancelReason == UdfException.Reason.MEMORY_LIMIT
                        ? MemoryWatchdog.failure(name, task.stopDetail())
                        : cancelReason == UdfException.Reason.TIMEOUT
                                ? new UdfException(
                                        UdfException.Reason.TIMEOUT,
                                        name,
                                        "Python function " + name + " ran past its deadline and was interrupted")
                                : new UdfException(
                                        UdfException.Reason.CANCELLED,
                                        name,
                                        "call of Python function " + name + " was cancelled");
            case ESCAPED_VIEW ->
                new UdfException(
                        UdfException.Reason.ESCAPED_MEMORY,
                        name,
                        "Python function " + name
                                + " kept a view of its argument memory (for example a memoryview slice stored in a global) "
                                + "after returning; that memory is freed after the call, so the call failed and its "
                                + "interpreter was replaced. Copy what you need to keep (bytes(view), list(view)).");
            case INTERNAL_ERROR ->
                new UdfException(
                        UdfException.Reason.INTERNAL,
                        name,
                        -1,
                        reply.pythonType(),
                        reply.message(),
                        traceback,
                        "internal error in Quiver's Python runtime while calling " + name + " (a bug): "
                                + reply.pythonType() + ": " + reply.message() + details,
                        null);
            case OK -> throw new IllegalArgumentException("not a failure");
        };
    }

    /** ", arguments: 3, 'abc'" — the failing row's values as Python shortened them, or "". */
    private static String arguments(RuntimeReply reply) {
        return reply.arguments().isEmpty() ? "" : ", arguments: " + reply.arguments();
    }
}
