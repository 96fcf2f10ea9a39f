package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.ReplySink;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.function.LongUnaryOperator;

/** A {@link PythonSite} that is one sub-interpreter, on its worker's thread. */
record InterpreterSite(WorkerSession session, Worker worker) implements PythonSite {
    @Override
    public RuntimeReply ensureDefined(RegisteredFunction function, long callId) {
        return session.ensureDefined(function, callId);
    }

    @Override
    public RuntimeReply call(long callId, String entryPoint, ReplySink sink, Object... arguments) {
        return session.interpreter.call(callId, entryPoint, sink, arguments);
    }

    @Override
    public StateHolder holder() {
        return worker;
    }

    @Override
    public Object identity() {
        return session;
    }

    @Override
    public UdfException failure(
            RegisteredFunction function, RuntimeReply reply, LongUnaryOperator rowMapper, Task<?> task) {
        return UdfErrors.fromReply(function, reply, rowMapper, task);
    }

    @Override
    public UdfException stateLost(String functionName, String state) {
        return new UdfException(
                UdfException.Reason.INTERNAL,
                functionName,
                "the interpreter that held " + state + " was replaced during the query (after a call that kept a "
                        + "view of batch memory); its state is lost, run the query again");
    }
}
