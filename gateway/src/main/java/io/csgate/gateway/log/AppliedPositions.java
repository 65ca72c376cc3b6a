package io.csgate.gateway.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far this replica has applied the log: the next offset to apply per partition, and how many
 * records it has applied since it started (from a snapshot's positions, if it did). Written on the
 * state thread by the {@link Applier}; read from any thread (readiness, snapshots, operators).
 */
public final class AppliedPositions {

    private final Map<Integer, Long> next = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();

    /** State thread: the record at {@code offset} of {@code partition} has been applied (or skipped). */
    void applied(int partition, long offset) {
        next.put(partition, offset + 1);
        count.incrementAndGet();
    }

    /** The positions a snapshot was taken at, before any record is applied. */
    void restore(Map<Integer, Long> positions) {
        next.putAll(positions);
    }

    /** The next offset to apply, per partition. */
    public Map<Integer, Long> positions() {
        return Map.copyOf(next);
    }

    /** Records applied or skipped since this gateway started. */
    public long count() {
        return count.get();
    }
}
