package io.csgate.gateway.hub;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each connection was last active on this gateway (socket attached, poll ended, client
 * frame), in the ticks of an injectable monotonic clock (nanoseconds). Local knowledge only: it
 * decides when this gateway produces a disconnect, never the shared state directly. Thread-safe.
 */
public final class Activity {

    private final Map<UUID, Long> last = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    public Activity(LongSupplier nanos) {
        this.nanos = nanos;
    }

    public static Activity systemClock() {
        return new Activity(System::nanoTime);
    }

    public void touch(UUID connId) {
        last.put(connId, nanos.getAsLong());
    }

    public void forget(UUID connId) {
        last.remove(connId);
    }

    /** Nanoseconds since the connection was last active; a connection first seen now counts from now. */
    long idleNanos(UUID connId) {
        long now = nanos.getAsLong();
        return now - last.computeIfAbsent(connId, id -> now);
    }

    void retainOnly(java.util.function.Predicate<UUID> keep) {
        last.keySet().removeIf(keep.negate());
    }

    long now() {
        return nanos.getAsLong();
    }
}
