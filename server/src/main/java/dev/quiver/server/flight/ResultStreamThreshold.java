package dev.quiver.server.flight;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.NettyServerBuilder;
import java.util.function.Consumer;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.impl.FlightServiceGrpc;

/**
 * gRPC interceptor that lets a result stream (DoGet) queue several batches before gRPC calls it
 * not ready. gRPC's default threshold is 32 KiB, smaller than one result batch (about 2 MB), so
 * a streamer that honours readiness sends stop-and-wait: it waits until the queue has drained
 * completely, and the connection idles while it wakes up and serialises the next batch. With the
 * threshold above a few batches the queue never runs dry while the client keeps up, and memory
 * per stream stays bounded by the threshold plus one batch.
 */
public final class ResultStreamThreshold implements ServerInterceptor {
    /** Bytes a result stream may queue before it is not ready: room for about four batches. */
    static final int BYTES = 8 << 20;

    private static final String DO_GET = FlightServiceGrpc.getDoGetMethod().getFullMethodName();

    private ResultStreamThreshold() {}

    /** Installs the interceptor on the gRPC server {@code builder} will build. */
    public static void install(FlightServer.Builder builder) {
        Consumer<NettyServerBuilder> consumer = netty -> netty.intercept(new ResultStreamThreshold());
        builder.transportHint("grpc.builderConsumer", consumer);
    }

    @Override
    public <RequestT, ResponseT> ServerCall.Listener<RequestT> interceptCall(
            ServerCall<RequestT, ResponseT> call, Metadata headers, ServerCallHandler<RequestT, ResponseT> next) {
        if (call.getMethodDescriptor().getFullMethodName().equals(DO_GET)) {
            call.setOnReadyThreshold(BYTES);
        }
        return next.startCall(call, headers);
    }
}
