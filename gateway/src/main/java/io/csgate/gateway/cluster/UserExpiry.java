package io.csgate.gateway.cluster;

import io.csgate.common.event.Op;
import io.csgate.gateway.hub.EventEmitter;
import io.csgate.gateway.hub.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference's idle-user GC, as an event: every minute the cluster's leader lists the users
 * with no connection idle for {@link #IDLE} and produces {@code users_expired}; every replica then
 * forgets the ones still idle when it applies the event.
 */
public final class UserExpiry implements Runnable {

    /** The reference's threshold: users idle for a day are forgotten. */
    public static final Duration IDLE = Duration.ofDays(1);
    private static final int MAX_PER_EVENT = 1000;
    private static final Logger log = LoggerFactory.getLogger(UserExpiry.class);

    private final Liveness liveness;
    private final StateThread state;
    private final ChannelstreamModel model;
    private final EventEmitter emitter;
    private final Clock clock;

    public UserExpiry(Liveness liveness, StateThread state, ChannelstreamModel model, EventEmitter emitter,
                      Clock clock) {
        this.liveness = liveness;
        this.state = state;
        this.model = model;
        this.emitter = emitter;
        this.clock = clock;
    }

    @Override
    public void run() {
        Instant before = clock.instant().minus(IDLE);
        state.call(() -> liveness.isLeader() ? model.idleUsers(before) : List.<String>of()).thenAccept(idle -> {
            for (int i = 0; i < idle.size(); i += MAX_PER_EVENT) {
                List<String> chunk = idle.subList(i, Math.min(idle.size(), i + MAX_PER_EVENT));
                emitter.emit(Op.USERS_EXPIRED, Map.of("users", chunk, "idle_before", before.toString()))
                        .exceptionally(e -> {
                            log.warn("could not produce users_expired: {}", e.toString());
                            return null;
                        });
            }
        });
    }
}
