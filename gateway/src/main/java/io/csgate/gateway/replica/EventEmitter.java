package io.csgate.gateway.replica;

import io.csgate.common.event.Op;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Produces this gateway's own lifecycle events (socket attached, disconnect) to the log. */
public interface EventEmitter {
    /**
     * Signs and produces an event with this gateway as origin; completes when Kafka acknowledged it.
     * The body is read later on another thread, so it must not change after the call.
     */
    CompletableFuture<?> emit(Op op, Map<String, Object> body);
}
