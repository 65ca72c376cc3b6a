package io.csgate.gateway.cluster;

import io.csgate.gateway.log.Applier;
import io.csgate.gateway.log.IdWindow;
import io.csgate.gateway.log.SnapshotStore;
import io.csgate.gateway.model.ChannelstreamModel;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot every {@code snapshot_every_events} applied events, when this gateway is the
 * cluster's leader ({@link Liveness#isLeader}). Runs on the applier thread after each batch: the
 * export is taken there (consistent with the positions), encoding and producing happen on
 * {@code background}.
 */
public final class Snapshotter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Snapshotter.class);

    private final ChannelstreamModel model;
    private final Applier applier;
    private final Liveness liveness;
    private final SnapshotStore store;
    private final String eventsTopic;
    private final String gatewayId;
    private final long every;
    private final Executor background;
    private final Supplier<Map<String, Long>> revokedSessions;
    private long lastAt;
    private volatile Instant lastWritten;

    public Snapshotter(ChannelstreamModel model, Applier applier, Liveness liveness, SnapshotStore store,
                       String eventsTopic, String gatewayId, long everyEvents, Executor background,
                       Supplier<Map<String, Long>> revokedSessions) {
        this.model = model;
        this.applier = applier;
        this.liveness = liveness;
        this.store = store;
        this.eventsTopic = eventsTopic;
        this.gatewayId = gatewayId;
        this.every = everyEvents;
        this.background = background;
        this.revokedSessions = revokedSessions;
    }

    @Override
    public void run() {
        long applied = applier.appliedCount();
        if (every <= 0 || applied - lastAt < every || !liveness.isLeader()) {
            return;
        }
        lastAt = applied;
        Map<String, Object> state = model.export();
        IdWindow ids = applier.recentIds();
        Map<Integer, Long> positions = applier.appliedPositions();
        Snapshot snapshot = new Snapshot(state, ids, positions, eventsTopic, Instant.now(), gatewayId,
                revokedSessions.get());
        background.execute(() -> {
            try {
                byte[] bytes = snapshot.encode();
                store.write(eventsTopic, bytes).whenComplete((ok, e) -> {
                    if (e != null) {
                        log.warn("snapshot at {} not stored: {}", positions, e.toString());
                    } else {
                        lastWritten = snapshot.takenAt();
                        log.info("stored a snapshot at {} ({} bytes)", positions, bytes.length);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("snapshot at {} failed: {}", positions, e.toString());
            }
        });
    }

    /** When this gateway last stored a snapshot, or null. */
    public Instant lastWritten() {
        return lastWritten;
    }
}
