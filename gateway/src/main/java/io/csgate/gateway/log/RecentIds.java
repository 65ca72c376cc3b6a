package io.csgate.gateway.log;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The last {@code capacity} event ids, to give a duplicate record no second effect. Replicas that
 * read the same log hold the same ids. Not thread-safe: the applier thread owns it.
 */
final class RecentIds {

    private final int capacity;
    private final Set<String> ids;
    private final ArrayDeque<String> order;

    RecentIds(int capacity) {
        this.capacity = capacity;
        this.ids = new HashSet<>(Math.min(capacity, 1 << 16) * 2);
        this.order = new ArrayDeque<>();
    }

    /** Adds the id; false when it was seen already. */
    boolean add(String id) {
        if (!ids.add(id)) {
            return false;
        }
        order.addLast(id);
        if (order.size() > capacity) {
            ids.remove(order.removeFirst());
        }
        return true;
    }

    List<String> snapshot() {
        return List.copyOf(order);
    }

    void restore(List<String> saved) {
        ids.clear();
        order.clear();
        saved.forEach(this::add);
    }
}
