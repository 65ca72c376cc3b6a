package io.csgate.gateway.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of stored events and of what clients receive. Stored events keep the delivery keys
 * ({@code pm_users}, {@code exclude_users}, {@code no_history}) because catch-up filters on them;
 * every copy that leaves the model drops them. Key order is the reference's insertion order.
 */
final class Frames {

    static final List<String> DELIVERY_KEYS = List.of("no_history", "pm_users", "exclude_users");
    /** The keys an edit may overwrite in a stored message (reference {@code MSG_EDITABLE_KEYS}). */
    static final List<String> EDITABLE_KEYS = List.of("uuid", "timestamp", "user", "message", "edited");

    private Frames() {}

    /** A deep copy without the delivery keys. */
    static LinkedHashMap<String, Object> stripped(Map<String, Object> event) {
        LinkedHashMap<String, Object> out = PlainValues.copyMap(event);
        DELIVERY_KEYS.forEach(out::remove);
        return out;
    }

    /**
     * What a socket receives: a fresh map without delivery keys. Datetimes that the reference keeps
     * as timezone-aware values are written with {@code Z} instead of {@code +00:00} in frames (its
     * websocket serializer does that; its HTTP renderer does not).
     */
    static LinkedHashMap<String, Object> forDelivery(Map<String, Object> event) {
        LinkedHashMap<String, Object> out = stripped(event);
        for (String key : List.of("timestamp", "edited")) {
            if (out.get(key) instanceof String s && s.endsWith("+00:00")) {
                out.put(key, s.substring(0, s.length() - 6) + "Z");
            }
        }
        return out;
    }

    static LinkedHashMap<String, Object> forCatchup(Map<String, Object> event) {
        LinkedHashMap<String, Object> out = forDelivery(event);
        out.put("catchup", true);
        return out;
    }

    /** A history entry as info calls show it: no delivery keys (docs/protocol.md §14 #6). */
    static LinkedHashMap<String, Object> historyEntry(Map<String, Object> stored) {
        return stripped(stored);
    }

    /** A copy of an edit or delete request turned into the event that is broadcast ({@code position} last). */
    static LinkedHashMap<String, Object> typed(Map<String, Object> request, String type) {
        LinkedHashMap<String, Object> out = PlainValues.copyMap(request);
        Object position = out.remove("position");
        out.put("type", type);
        if (position != null) {
            out.put("position", position); // last, as in messages
        }
        return out;
    }

    /** Applies an edit to a stored message: only the editable keys the edit carries. */
    static void patch(Map<String, Object> stored, Map<String, Object> edit) {
        edit.forEach((k, v) -> {
            if (EDITABLE_KEYS.contains(k)) {
                stored.put(k, PlainValues.deepCopy(v));
            }
        });
    }

    static LinkedHashMap<String, Object> presence(String uuid, String user, List<Map<String, Object>> users,
            String timestamp, String channel, String action, Map<String, Object> state) {
        LinkedHashMap<String, Object> p = new LinkedHashMap<>();
        p.put("uuid", uuid);
        p.put("type", "presence");
        p.put("no_history", false);
        p.put("pm_users", new ArrayList<>());
        p.put("exclude_users", new ArrayList<>(List.of(user)));
        p.put("user", user);
        p.put("users", users);
        p.put("timestamp", timestamp);
        p.put("channel", channel);
        p.put("message", new LinkedHashMap<>(Map.of("action", action)));
        p.put("state", state);
        p.put("catchup", false);
        return p;
    }

    static LinkedHashMap<String, Object> userStateChange(String uuid, String user, String timestamp,
            String channel, Map<String, Object> publicState, List<Map<String, Object>> changed) {
        LinkedHashMap<String, Object> p = new LinkedHashMap<>();
        p.put("uuid", uuid);
        p.put("type", "user_state_change");
        p.put("no_history", false);
        p.put("pm_users", new ArrayList<>());
        p.put("exclude_users", new ArrayList<>());
        p.put("user", user);
        p.put("timestamp", timestamp);
        p.put("catchup", false);
        p.put("channel", channel);
        LinkedHashMap<String, Object> message = new LinkedHashMap<>();
        message.put("state", publicState);
        message.put("changed", changed);
        p.put("message", message);
        return p;
    }

    /** {@code {"user": name, "state": {...}}}, the entry of presence user lists and info users. */
    static LinkedHashMap<String, Object> userEntry(String user, Map<String, Object> state) {
        LinkedHashMap<String, Object> e = new LinkedHashMap<>();
        e.put("user", user);
        e.put("state", state);
        return e;
    }
}
