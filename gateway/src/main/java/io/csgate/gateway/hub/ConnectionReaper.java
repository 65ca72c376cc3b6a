package io.csgate.gateway.hub;

import io.csgate.common.event.Op;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.replica.EventEmitter;
import io.csgate.gateway.replica.StateThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection GC by events (docs/design.md §8): the gateway that owns a connection produces
 * its {@code disconnect} once it has had no socket or poll here for {@code gc_conns_after}
 * (docs/protocol.md §14 #9). Scheduled every second on {@code csgate-timers}, which only hands
 * {@link #run} to the state thread: the scan and the queueing of the disconnects happen there.
 */
public final class ConnectionReaper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionReaper.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(5).toNanos();

    private final StateThread state;
    private final ChannelstreamModel model;
    private final Hub hub;
    private final Attachments attachments;
    private final Activity activity;
    private final EventEmitter emitter;
    private final String gatewayId;
    private final long gcAfterNanos;
    /** Disconnects produced and not yet applied, by the clock tick they were sent at. */
    private final Map<UUID, Long> inFlight = new HashMap<>();
    /** Scans run so far; the state thread owns it. */
    private long scans;
    static final int PRUNE_EVERY = 30;

    public ConnectionReaper(StateThread state, ChannelstreamModel model, Hub hub, Attachments attachments,
                            Activity activity, EventEmitter emitter, String gatewayId, Duration gcConnsAfter) {
        this.state = state;
        this.model = model;
        this.hub = hub;
        this.attachments = attachments;
        this.activity = activity;
        this.emitter = emitter;
        this.gatewayId = gatewayId;
        this.gcAfterNanos = gcConnsAfter.toNanos();
    }

    @Override
    public void run() {
        state.call(() -> {
            for (UUID id : idle()) {
                emitter.emit(Op.DISCONNECT, Map.of("conn_id", id.toString())).exceptionally(e -> {
                    log.warn("could not produce the disconnect of idle connection {}: {}", id, e.toString());
                    return null;
                });
            }
            return null;
        });
    }

    /**
     * The idle connections this gateway should disconnect now; on the state thread. A
     * connection with a socket or poll here costs one lookup: its activity is recorded when its
     * session attaches and ends, not by this scan. Forgotten connections are pruned from the
     * bookkeeping every {@link #PRUNE_EVERY} scans, not every second.
     */
    private List<UUID> idle() {
        if (++scans % PRUNE_EVERY == 1) {
            attachments.prune();
            activity.retainOnly(id -> gatewayId.equals(model.connectionOwner(id).orElse(null)));
            inFlight.keySet().removeIf(id -> !model.hasConnection(id));
        }
        long now = activity.now();
        List<UUID> idle = new ArrayList<>();
        for (UUID id : model.connectionsOwnedBy(gatewayId)) {
            if (hub.isLocal(id)) {
                continue;
            }
            Long sent = inFlight.get(id);
            if (activity.idleNanos(id) > gcAfterNanos && (sent == null || now - sent > RETRY_NANOS)) {
                inFlight.put(id, now);
                idle.add(id);
            }
        }
        return idle;
    }
}
