package io.csgate.gateway.log;

import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot keeps of the duplicate-id window ({@link RecentIds}): the remembered event ids,
 * oldest first; for each the envelope time of a record bound to its log-append time (in
 * microseconds since 1970), or null for a record that was not; and the replay floor (null: none).
 *
 * @param ids event ids, oldest first
 * @param times one per id, or empty for a snapshot written before times were kept (all unbound)
 * @param floorMicros records bound to their append time must be newer than this
 */
public record IdWindow(List<String> ids, List<Long> times, Long floorMicros) {

    public static final IdWindow EMPTY = new IdWindow(List.of(), List.of(), null);

    public IdWindow {
        ids = List.copyOf(ids);
        times = java.util.Collections.unmodifiableList(new ArrayList<>(times)); // may hold nulls
        if (!times.isEmpty() && times.size() != ids.size()) {
            throw new IllegalArgumentException(ids.size() + " ids but " + times.size() + " times");
        }
    }
}
