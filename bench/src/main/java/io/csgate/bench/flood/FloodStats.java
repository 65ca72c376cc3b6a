package io.csgate.bench.flood;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts of one or more floods. A connection the server closes within 5 s of opening it was
 * refused (the gateway closes at accept beyond max_connections); a later close is a timeout.
 *
 * @param attempted connections tried (reopens included)
 * @param open connections open now
 * @param refused closed by the server within 5 s
 * @param timedOut closed by the server later
 * @param failed connects that failed
 */
public record FloodStats(long attempted, long open, long refused, long timedOut, long failed) {

    public static final FloodStats NONE = new FloodStats(0, 0, 0, 0, 0);

    public FloodStats plus(FloodStats o) {
        return new FloodStats(attempted + o.attempted, open + o.open, refused + o.refused, timedOut + o.timedOut,
                failed + o.failed);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", attempted);
        m.put("open", open);
        m.put("refused", refused);
        m.put("timed_out", timedOut);
        m.put("failed", failed);
        return m;
    }

    public static FloodStats fromJson(JsonNode n) {
        return new FloodStats(n.get("attempted").asLong(), n.get("open").asLong(), n.get("refused").asLong(),
                n.get("timed_out").asLong(), n.get("failed").asLong());
    }
}
