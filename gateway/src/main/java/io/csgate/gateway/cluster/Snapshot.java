package io.csgate.gateway.cluster;

import io.csgate.common.json.Json;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.Outbox;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One state snapshot: the model's export, the duplicate-id window, the signed-out admin sessions
 * and the log positions it was taken at (the next offset to apply, per partition). Encoded as JSON:
 * {@code {"format":1,"events_topic":…,"positions":{"0":123},"recent_ids":[…],"model":{…},"taken_at":…,"by":…,
 * "admin_sessions_revoked":{"<session>":<expiry epoch s>}}}; a snapshot without the last key has none.
 */
public record Snapshot(Map<String, Object> model, List<String> recentIds, Map<Integer, Long> positions,
                       String eventsTopic, Instant takenAt, String by, Map<String, Long> revokedSessions) {

    public static final int FORMAT = 1;

    public byte[] encode() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("events_topic", eventsTopic);
        Map<String, Long> pos = new TreeMap<>();
        positions.forEach((p, o) -> pos.put(Integer.toString(p), o));
        out.put("positions", pos);
        out.put("taken_at", takenAt.toString());
        out.put("by", by);
        out.put("recent_ids", recentIds);
        out.put("model", model);
        out.put("admin_sessions_revoked", new TreeMap<>(revokedSessions));
        return Json.bytes(out);
    }

    /** Decodes a snapshot; throws IllegalArgumentException naming what is wrong. */
    @SuppressWarnings("unchecked")
    public static Snapshot decode(byte[] bytes) {
        Map<String, Object> in;
        try {
            in = Json.readMap(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("snapshot is not JSON: " + e.getMessage(), e);
        }
        Object format = in.get("format");
        if (!(format instanceof Number n) || n.intValue() != FORMAT) {
            throw new IllegalArgumentException("unsupported snapshot format " + format);
        }
        Map<Integer, Long> positions = new TreeMap<>();
        ((Map<String, Object>) in.get("positions")).forEach((p, o) ->
                positions.put(Integer.parseInt(p), ((Number) o).longValue()));
        Map<String, Long> revoked = new TreeMap<>();
        Object r = in.get("admin_sessions_revoked");
        if (r instanceof Map<?, ?> m) {
            m.forEach((session, expiry) -> revoked.put((String) session, ((Number) expiry).longValue()));
        }
        return new Snapshot((Map<String, Object>) in.get("model"),
                new ArrayList<>((List<String>) in.get("recent_ids")), positions,
                (String) in.get("events_topic"), Instant.parse((String) in.get("taken_at")), (String) in.get("by"),
                revoked);
    }

    public ChannelstreamModel restore(Outbox outbox) {
        return ChannelstreamModel.restore(model, outbox);
    }
}
