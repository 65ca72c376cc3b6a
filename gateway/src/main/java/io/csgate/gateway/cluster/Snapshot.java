package io.csgate.gateway.cluster;

import io.csgate.common.json.Json;
import io.csgate.gateway.log.IdWindow;
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
 * {@code {"format":1,"events_topic":…,"positions":{"0":123},"recent_ids":[…],"recent_id_times":[…],
 * "replay_floor":…,"model":{…},"taken_at":…,"by":…,"admin_sessions_revoked":{"<session>":<expiry epoch s>}}}.
 * {@code recent_id_times} and {@code replay_floor} (microseconds, or null for ids of records not
 * bound to their append time) and {@code admin_sessions_revoked} were added later in format 1: a
 * snapshot without the first two restores every id as unbound, one without the last has no
 * signed-out sessions, and gateways that do not know them ignore them.
 */
public record Snapshot(Map<String, Object> model, IdWindow recentIds, Map<Integer, Long> positions,
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
        out.put("recent_ids", recentIds.ids());
        out.put("recent_id_times", recentIds.times());
        out.put("replay_floor", recentIds.floorMicros());
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
        List<Long> times = new ArrayList<>();
        if (in.get("recent_id_times") instanceof List<?> t) {
            t.forEach(x -> times.add(x == null ? null : ((Number) x).longValue()));
        }
        Long floor = in.get("replay_floor") instanceof Number f ? f.longValue() : null;
        IdWindow window = new IdWindow(new ArrayList<>((List<String>) in.get("recent_ids")), times, floor);
        Map<String, Long> revoked = new TreeMap<>();
        Object r = in.get("admin_sessions_revoked");
        if (r instanceof Map<?, ?> m) {
            m.forEach((session, expiry) -> revoked.put((String) session, ((Number) expiry).longValue()));
        }
        return new Snapshot((Map<String, Object>) in.get("model"), window, positions,
                (String) in.get("events_topic"), Instant.parse((String) in.get("taken_at")), (String) in.get("by"),
                revoked);
    }

    public ChannelstreamModel restore(Outbox outbox) {
        return ChannelstreamModel.restore(model, outbox);
    }
}
