package io.csgate.gateway.cluster;

import io.csgate.gateway.log.AppliedPositions;
import io.csgate.gateway.log.Applier;
import io.csgate.gateway.log.IdWindow;
import io.csgate.gateway.log.SnapshotStore;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.ModelImage;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot every {@code snapshot_every_events} applied events, when this gateway is the
 * cluster's leader ({@link Liveness#isLeader}). Runs on the applier thread after each batch: the
 * model's {@link ModelImage} is taken there (consistent with the positions, and cheap), encoding
 * and producing happen on {@code background}, one snapshot at a time.
 */
public final class Snapshotter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Snapshotter.class);

    private final ChannelstreamModel model;
    private final Applier applier;
    private final AppliedPositions applied;
    private final Liveness liveness;
    private final SnapshotStore store;
    private final String eventsTopic;
    private final String gatewayId;
    private final long every;
    private final Executor background;
    private final Supplier<Map<String, Long>> revokedSessions;
    private long lastAt;
    /** One snapshot at a time: the next is taken only once the last is stored or has failed. */
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile Instant lastWritten;

    public Snapshotter(ChannelstreamModel model, Applier applier, AppliedPositions applied, Liveness liveness,
                       SnapshotStore store, String eventsTopic, String gatewayId, long everyEvents, Executor background,
                       Supplier<Map<String, Long>> revokedSessions) {
        this.model = model;
        this.applier = applier;
        this.applied = applied;
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
        long count = applied.count();
        if (every <= 0 || count - lastAt < every || inFlight.get() || !liveness.isLeader()) {
            return;
        }
        lastAt = count;
        inFlight.set(true);
        long t0 = System.nanoTime();
        ModelImage image = model.image();
        IdWindow ids = applier.recentIds();
        Map<Integer, Long> positions = applied.positions();
        Snapshot snapshot = Snapshot.of(image, ids, positions, eventsTopic, Instant.now(), gatewayId,
                revokedSessions.get());
        long taken = System.nanoTime() - t0;
        try {
            background.execute(() -> write(snapshot, taken));
        } catch (RuntimeException e) {
            inFlight.set(false);
            log.warn("snapshot at {} not written: {}", positions, e.toString());
        }
    }

    private void write(Snapshot snapshot, long takenNanos) {
        Map<Integer, Long> positions = snapshot.positions();
        // what the log line needs, so that neither the image nor the bytes outlive the produce call
        Instant takenAt = snapshot.takenAt();
        int users = snapshot.users();
        try {
            long t0 = System.nanoTime();
            byte[] bytes = snapshot.encode();
            long encoded = System.nanoTime() - t0;
            int size = bytes.length;
            store.write(eventsTopic, bytes).whenComplete((ok, e) -> {
                inFlight.set(false);
                if (e != null) {
                    log.warn("snapshot at {} not stored ({} bytes): {}", positions, size, e.toString());
                } else {
                    lastWritten = takenAt;
                    log.info("stored a snapshot at {} ({} bytes, {} users; taken in {} ms, encoded in {} ms)",
                            positions, size, users, takenNanos / 1_000_000, encoded / 1_000_000);
                }
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
            log.warn("snapshot at {} failed: {}", positions, e.toString());
        }
    }

    /** When this gateway last stored a snapshot, or null. */
    public Instant lastWritten() {
        return lastWritten;
    }
}
