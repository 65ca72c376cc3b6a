package io.csgate.gateway.replica;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.common.json.Json;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * This gateway's {@link EventEmitter}: each event gets a new id, the time of the call and this
 * gateway as its origin, and goes through the same {@link Publisher} as the REST commands. Once
 * {@link #stop}ped (a gateway halted as a killed process would be) it produces nothing more.
 * Thread-safe; runs on the caller's thread and never blocks.
 */
public final class OwnEvents implements EventEmitter {

    private final Publisher publisher;
    private final String gatewayId;
    private final Clock clock;
    private volatile boolean stopped;

    public OwnEvents(Publisher publisher, String gatewayId, Clock clock) {
        this.publisher = publisher;
        this.gatewayId = gatewayId;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> emit(Op op, Map<String, Object> body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (stopped) {
            done.completeExceptionally(new Unavailable("gateway halted"));
            return done;
        }
        Envelope event = Envelope.of(UUID.randomUUID().toString(), op, clock.instant(), gatewayId, Json.tree(body));
        publisher.publish(event, () -> false, error -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    /** Produces nothing more from now on. */
    public void stop() {
        stopped = true;
    }
}
