package dev.quiver.udf.pool;

import dev.quiver.udf.cpython.RuntimeReply;

/** Compiles and imports a function's source in one interpreter, to reject a bad definition early. */
final class DefineTask extends Task<RegisteredFunction> {
    private final RegisteredFunction function;

    DefineTask(RegisteredFunction function) {
        this.function = function;
    }

    @Override
    RegisteredFunction run(WorkerSession session) {
        RuntimeReply reply = session.ensureDefined(function, callId);
        if (reply != null && !reply.isOk()) {
            throw UdfErrors.fromReply(function, reply, row -> row, this);
        }
        return function;
    }

    @Override
    String functionName() {
        return function.name();
    }

    @Override
    int functionId() {
        return function.id();
    }

    @Override
    void discard(RegisteredFunction value) {
        // nothing to release
    }
}
