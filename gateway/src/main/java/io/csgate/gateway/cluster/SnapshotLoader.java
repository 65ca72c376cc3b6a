package io.csgate.gateway.cluster;

import io.csgate.gateway.log.SnapshotStore;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the state a starting gateway begins from: the latest readable snapshot of its events topic,
 * or none (the whole log is replayed). An unreadable snapshot is logged and ignored. Runs once, on
 * the starting thread, before the reader starts.
 */
public final class SnapshotLoader {

    private static final Logger log = LoggerFactory.getLogger(SnapshotLoader.class);
    private static final Duration FIND_TIMEOUT = Duration.ofSeconds(60);

    private SnapshotLoader() {
    }

    /** The snapshot to start from; empty when snapshots are off ({@code enabled} false) or none is usable. */
    public static Optional<Snapshot> latest(SnapshotStore snapshots, String eventsTopic, boolean enabled) {
        if (!enabled) {
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        Optional<byte[]> found = snapshots.latest(eventsTopic, FIND_TIMEOUT);
        long t1 = System.nanoTime();
        Optional<Snapshot> s = found.flatMap(bytes -> {
            try {
                return Optional.of(Snapshot.decode(bytes));
            } catch (RuntimeException e) {
                log.warn("ignoring an unreadable snapshot ({}); replaying the whole log", e.getMessage());
                return Optional.empty();
            }
        });
        s.ifPresent(x -> log.info("starting from the snapshot taken {} by {} at {} (found in {} ms, decoded in {} ms)",
                x.takenAt(), x.by(), x.positions(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000));
        return s;
    }
}
