package io.csgate.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.json.Json;

/**
 * How a demo browser request becomes a server API body, as the reference chat demo's backend does:
 * the public state keys the page shows ({@code status}, {@code color}; nobody starts with any
 * state, so presence shows nothing the user did not set) and channel configs on connect; the sender name,
 * channel and payload only (no {@code pm_users}, no {@code exclude_users}) on messages. Fields the
 * browser leaves out stay out, so validation answers 422 with the server API's messages; a body
 * that is not a JSON object is passed on unchanged for the same reason. Pure functions.
 */
final class DemoRequests {

    /** The chat channels: presence with user lists, state changes, history. */
    static final String NOTIFY_CHANNEL = "notify";

    private DemoRequests() {}

    /**
     * {@code {username, channels, resume_from}} → a {@code /connect} body. {@code resume_from} (the
     * last position the page received, docs/protocol.md §9.1) is passed on as given, for the
     * server API's validation.
     */
    static JsonNode connect(JsonNode body) {
        if (!(body instanceof ObjectNode in)) {
            return body;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        copy(in, out, "username");
        copy(in, out, "resume_from");
        JsonNode channels = in.has("channels") ? in.get("channels") : Json.mapper().createArrayNode();
        out.set("channels", channels);
        out.putArray("state_public_keys").add("status").add("color");
        out.putObject("info").put("return_public_state", true);
        out.set("channel_configs", channelConfigs(channels));
        return out;
    }

    /** {@code {conn_id, channels}} → a {@code /subscribe} body; {@code configs} false for unsubscribe. */
    static JsonNode subscribe(JsonNode body, boolean configs) {
        if (!(body instanceof ObjectNode in)) {
            return body;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        copy(in, out, "conn_id");
        copy(in, out, "channels");
        if (configs) {
            out.set("channel_configs", channelConfigs(in.get("channels")));
        }
        out.putObject("info").put("return_public_state", true);
        return out;
    }

    /** {@code {username, update_state}} (the reference JS client's shape) → a {@code /user_state} body. */
    static JsonNode userState(JsonNode body) {
        if (!(body instanceof ObjectNode in)) {
            return body;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        if (in.has("username")) {
            out.set("user", in.get("username"));
        }
        out.set("user_state", in.has("update_state") ? in.get("update_state") : Json.mapper().createObjectNode());
        return out;
    }

    /** {@code {user, channel, message}} → a one-item {@code POST /message} body. */
    static JsonNode publish(JsonNode body) {
        if (!(body instanceof ObjectNode in)) {
            return body;
        }
        ObjectNode item = Json.mapper().createObjectNode();
        copy(in, item, "user");
        copy(in, item, "channel");
        copy(in, item, "message");
        return one(item);
    }

    /** {@code {uuid, channel, message}} → a one-item {@code PATCH /message} body. */
    static JsonNode edit(JsonNode body) {
        if (!(body instanceof ObjectNode in)) {
            return body;
        }
        ObjectNode item = Json.mapper().createObjectNode();
        copy(in, item, "uuid");
        copy(in, item, "channel");
        copy(in, item, "message");
        return one(item);
    }

    /** {@code {uuid, channel}} → a one-item {@code DELETE /message} body. */
    static JsonNode delete(JsonNode body) {
        if (!(body instanceof ObjectNode in)) {
            return body;
        }
        ObjectNode item = Json.mapper().createObjectNode();
        copy(in, item, "uuid");
        copy(in, item, "channel");
        return one(item);
    }

    /** The reference demo's configs: {@code notify} keeps 50 messages; every other channel is a chat room. */
    static ObjectNode channelConfigs(JsonNode channels) {
        ObjectNode out = Json.mapper().createObjectNode();
        if (channels == null || !channels.isArray()) {
            return out;
        }
        for (JsonNode c : channels) {
            if (!c.isTextual()) {
                continue;
            }
            ObjectNode cfg = out.putObject(c.asText());
            if (NOTIFY_CHANNEL.equals(c.asText())) {
                cfg.put("store_history", true).put("history_size", 50).put("notify_presence", true);
            } else {
                cfg.put("notify_presence", true).put("notify_state", true).put("store_history", true)
                        .put("history_size", 10).put("broadcast_presence_with_user_lists", true);
            }
        }
        return out;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field));
        }
    }

    private static ArrayNode one(ObjectNode item) {
        return Json.mapper().createArrayNode().add(item);
    }
}
