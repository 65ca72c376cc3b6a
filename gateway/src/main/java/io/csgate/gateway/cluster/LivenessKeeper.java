package io.csgate.gateway.cluster;

import io.csgate.common.event.Op;
import io.csgate.gateway.replica.EventEmitter;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic side of liveness: produces this gateway's heartbeat, and a {@code gateway_down}
 * for each gateway that {@link Liveness} finds silent. Several gateways may declare the same one
 * down; applying it twice has no further effect. Scheduled on {@code csgate-timers}: {@link #beat}
 * every {@code gateway_heartbeat_interval} (it only queues the event, so a busy state thread cannot
 * delay it), {@link #check} every second (it hands the check to the state thread, which also owns
 * the record of who was declared when).
 */
public final class LivenessKeeper {

    private static final Logger log = LoggerFactory.getLogger(LivenessKeeper.class);

    private final Liveness liveness;
    private final StateThread state;
    private final ChannelstreamModel model;
    private final EventEmitter emitter;
    private final long retryNanos;
    /** When each gateway was last declared down here; the state thread owns it. */
    private final Map<String, Long> declared = new HashMap<>();

    public LivenessKeeper(Liveness liveness, StateThread state, ChannelstreamModel model, EventEmitter emitter,
                          Duration heartbeatInterval) {
        this.liveness = liveness;
        this.state = state;
        this.model = model;
        this.emitter = emitter;
        this.retryNanos = heartbeatInterval.multipliedBy(3).toNanos();
    }

    public void beat() {
        emitter.emit(Op.GATEWAY_HEARTBEAT, Map.of()).exceptionally(e -> {
            log.debug("heartbeat not produced: {}", e.toString());
            return null;
        });
    }

    public void check() {
        state.call(() -> {
            declare(liveness.silent(model.connectionOwners()));
            return null;
        });
    }

    /** State thread. */
    private void declare(List<String> silent) {
        long now = System.nanoTime();
        for (String gateway : silent) {
            Long last = declared.get(gateway);
            if (last != null && now - last < retryNanos) {
                continue;
            }
            declared.put(gateway, now);
            log.warn("gateway {} is silent; declaring it down and dropping its connections", gateway);
            emitter.emit(Op.GATEWAY_DOWN, Map.of("gateway_id", gateway)).exceptionally(e -> {
                log.warn("could not produce gateway_down for {}: {}", gateway, e.toString());
                return null;
            });
        }
    }
}
