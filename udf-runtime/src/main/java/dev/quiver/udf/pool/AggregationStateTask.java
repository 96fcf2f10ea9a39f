package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.RuntimeReply;

/**
 * A directed call that frees an aggregation's instances in one interpreter ({@code agg_free}) or a
 * table function run's state ({@code tf_free}), or counts the aggregations or runs holding state
 * there ({@code agg_live_tokens}, {@code tf_live_runs}, for leak tests).
 */
final class AggregationStateTask extends TierTask<Long> {
    private final String functionName;
    private final String entryPoint;
    private final Object[] arguments;

    private AggregationStateTask(String functionName, String entryPoint, Object... arguments) {
        this.functionName = functionName;
        this.entryPoint = entryPoint;
        this.arguments = arguments;
    }

    static AggregationStateTask free(String functionName, long token) {
        return new AggregationStateTask(functionName, "agg_free", token);
    }

    static AggregationStateTask countLive() {
        return new AggregationStateTask(null, "agg_live_tokens");
    }

    static AggregationStateTask freeTableRun(String functionName, long token) {
        return new AggregationStateTask(functionName, "tf_free", token);
    }

    static AggregationStateTask countLiveTableRuns() {
        return new AggregationStateTask(null, "tf_live_runs");
    }

    @Override
    String functionName() {
        return functionName;
    }

    @Override
    Long runAt(PythonSite site) {
        RuntimeReply reply = site.call(callId, entryPoint, null, arguments);
        if (!reply.isOk()) {
            throw new UdfException(
                    UdfException.Reason.INTERNAL,
                    functionName,
                    "internal error in Quiver's Python " + "runtime (" + entryPoint + ", a bug): " + reply.pythonType()
                            + ": " + reply.message());
        }
        return reply.row();
    }

    @Override
    void discard(Long value) {}
}
