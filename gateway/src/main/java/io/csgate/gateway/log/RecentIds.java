package io.csgate.gateway.log;

import io.csgate.common.event.Envelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The last {@code capacity} event ids, to give a duplicate record no second effect. Replicas that
 * read the same log hold the same ids. Ids are at most {@link Envelope#MAX_ID_BYTES}, so the
 * window holds at most {@code capacity} times that many bytes of ids.
 *
 * <p>A record bound to its log-append time ({@link RecordDecoder}) carries its envelope time. Once
 * such a record's id leaves the window, a copy of it could no longer be recognised by its id; so the
 * window raises its <em>replay floor</em> to that record's time, and only bound records newer than
 * the floor are admitted. With the log-append check, a copy produced again later is caught either
 * here (its id is remembered, or its time is at or below the floor) or by the time window. The
 * cost falls on a genuine record only when it is older than the {@code capacity} records before
 * it, which at ordinary rates is far beyond the time window anyway. Everything is decided by
 * records alone, so every replica decides the same.
 *
 * <p>Not thread-safe: the applier thread owns it.
 */
final class RecentIds {

    /** The time of a record that is not bound to its append time. */
    static final long UNBOUND = Long.MIN_VALUE;

    /** What {@link #add} decided. */
    enum Result { ADDED, DUPLICATE, BELOW_FLOOR }

    private final int capacity;
    private final Set<String> ids;
    private final String[] ring;
    private final long[] times;
    private int head;
    private int size;
    private long floor = UNBOUND;

    RecentIds(int capacity) {
        this.capacity = capacity;
        this.ids = new HashSet<>(Math.min(capacity, 1 << 16) * 2);
        this.ring = new String[capacity];
        this.times = new long[capacity];
    }

    /** Adds an unbound id; false when it was seen already. */
    boolean add(String id) {
        return add(id, UNBOUND) == Result.ADDED;
    }

    /**
     * Admits an event.
     *
     * @param micros the envelope time of a record bound to its append time, or {@link #UNBOUND}
     */
    Result add(String id, long micros) {
        if (ids.contains(id)) {
            return Result.DUPLICATE;
        }
        if (micros != UNBOUND && micros <= floor) {
            return Result.BELOW_FLOOR;
        }
        if (size == capacity) {
            ids.remove(ring[head]);
            if (times[head] != UNBOUND) {
                floor = Math.max(floor, times[head]);
            }
            ring[head] = null;
            head = (head + 1) % capacity;
            size--;
        }
        int tail = (head + size) % capacity;
        ring[tail] = id;
        times[tail] = micros;
        ids.add(id);
        size++;
        return Result.ADDED;
    }

    int capacity() {
        return capacity;
    }

    /** The replay floor in microseconds, or {@link #UNBOUND}. */
    long floor() {
        return floor;
    }

    IdWindow snapshot() {
        List<String> out = new ArrayList<>(size);
        List<Long> t = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (head + i) % capacity;
            out.add(ring[at]);
            t.add(times[at] == UNBOUND ? null : times[at]);
        }
        return new IdWindow(out, t, floor == UNBOUND ? null : floor);
    }

    /**
     * Restores a snapshot's window. Ids no record could carry now (too long, empty: written before
     * ids were bounded) are dropped, so an old snapshot cannot bring unbounded ids back.
     */
    void restore(IdWindow saved) {
        ids.clear();
        java.util.Arrays.fill(ring, null);
        head = 0;
        size = 0;
        floor = UNBOUND;
        List<String> savedIds = saved.ids();
        int from = Math.max(0, savedIds.size() - capacity);
        for (int i = from; i < savedIds.size(); i++) {
            String id = savedIds.get(i);
            Long t = saved.times().isEmpty() ? null : saved.times().get(i);
            if (id != null && Envelope.nameProblem("id", id, Envelope.MAX_ID_BYTES) == null
                    && add(id, UNBOUND) == Result.ADDED) {
                times[(head + size - 1) % capacity] = t == null ? UNBOUND : t;
            }
        }
        floor = saved.floorMicros() == null ? UNBOUND : saved.floorMicros();
    }
}
