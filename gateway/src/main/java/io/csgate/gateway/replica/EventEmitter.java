package io.csgate.gateway.replica;

import io.csgate.common.event.Op;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Produces this gateway's own events (socket attached, disconnect, heartbeat, gateway down, users expired). */
public interface EventEmitter {

    /**
     * Queues an event with this gateway as its origin; never blocks, so the state thread may call
     * it. The future completes when the log acknowledged the event, or exceptionally with an
     * {@link Unavailable}, on the thread that learned it (see {@link Publisher}): a stage added
     * to it must be short (a log line) or name its executor. The body must not change after the
     * call.
     */
    CompletableFuture<Void> emit(Op op, Map<String, Object> body);
}
