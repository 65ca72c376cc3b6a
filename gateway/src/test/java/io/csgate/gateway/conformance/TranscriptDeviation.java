package io.csgate.gateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.json.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Every place where the replay expects something other than what the reference recorded: one
 * constant per deliberate difference, naming its row of docs/protocol.md §14 (and so of the
 * README's compatibility table). Steps list the deviations they apply, so nothing is
 * loosened anywhere else; a transform only rewrites the reference's expected document into what
 * the decision says we answer.
 */
enum TranscriptDeviation {

    /** §14 #2: /connect without state_public_keys keeps the user's public keys (reference: resets them). */
    STATE_PUBLIC_KEYS_KEPT("#2") {
        @Override
        JsonNode expected(JsonNode reference, TranscriptReplay replay) {
            ObjectNode out = reference.deepCopy();
            List<String> keys = replay.publicKeys(reference.path("username").asText());
            ObjectNode pub = Json.mapper().createObjectNode();
            reference.path("state").fields().forEachRemaining(e -> {
                if (keys.contains(e.getKey())) {
                    pub.set(e.getKey(), e.getValue());
                }
            });
            out.set("public_state", pub);
            return out;
        }
    },

    /** §14 #4: total_users is the real count (reference: 0 when include_users is false, e.g. /channel_config). */
    TOTAL_USERS_ALWAYS_COUNTED("#4") {
        @Override
        JsonNode expected(JsonNode reference, TranscriptReplay replay) {
            JsonNode out = reference.deepCopy();
            JsonNode channels = out.has("channels_info") ? out.path("channels_info").path("channels") : out.path("channels");
            channels.fields().forEachRemaining(e -> {
                if (e.getValue().path("users").isEmpty()) {
                    ((ObjectNode) e.getValue()).put("total_users", replay.referenceUserCount(e.getKey()));
                }
            });
            return out;
        }
    },

    /**
     * §14 #6: history entries carry no delivery keys (pm_users, exclude_users, no_history)
     * and a message with pm_users is never returned by info calls (reference: both leak).
     */
    HISTORY_WITHOUT_DELIVERY_KEYS("#6") {
        @Override
        JsonNode expected(JsonNode reference, TranscriptReplay replay) {
            JsonNode out = reference.deepCopy();
            stripHistories(out);
            return out;
        }
    },

    /** §14 #8: every attached socket gets [] every heartbeat_interval; heartbeats are not compared. */
    HEARTBEATS_EVERY_INTERVAL("#8"),

    /** §14 #11: /listen answers application/json, JSONP application/javascript (reference: text/html). */
    LISTEN_CONTENT_TYPE("#11"),

    /** §14 #11: a malformed conn_id on /listen gives the usual 422 object (reference: a JSON list). */
    LISTEN_ERROR_SHAPE("#11") {
        @Override
        JsonNode expected(JsonNode reference, TranscriptReplay replay) {
            return Json.tree(Map.of("conn_id", List.of("Not a valid UUID.")));
        }
    },

    /** §14 #13: client endpoints ignore signatures, even bad ones (reference: 401). */
    CLIENT_ENDPOINTS_IGNORE_SIGNATURES("#13"),

    /**
     * §14 #14: future-dated signatures are accepted up to 5 s of clock skew (reference:
     * itsdangerous 2.1.2 rejected any). The transcript's 1 h case is 401 on both sides.
     */
    FUTURE_SIGNATURE_SKEW("#14"),

    /** §14 #21: compact UTF-8 JSON (reference: indent=4, \\uXXXX); documents are compared parsed. */
    COMPACT_JSON("#21"),

    /**
     * §14 #24: /admin/debug dumps the JVM's threads, not greenlets: the dump describes the
     * runtime, so only status, content type and its banner lines are compared.
     */
    ADMIN_DEBUG_DUMP("#24"),

    /** §14 #23: the admin cookie is HttpOnly (not readable by page scripts). */
    ADMIN_COOKIE_HTTPONLY("#23"),

    /**
     * §14 #22: an OpenAPI 3 document (the reference serves Swagger 2.0). Its paths include the
     * reference's, and its {@code components.schemas} include the reference's definitions.
     */
    OPENAPI_3("#22"),

    /**
     * Events that wait together for a socket leave in one frame (one array), so sockets' events are
     * compared in order, not their frame boundaries.
     */
    EVENTS_SHARE_FRAMES("#28"),

    /**
     * Ours, for resumes (the row of protocol.md's differences that the protocol docs add as 29):
     * every message, edit and delete event, and every history entry, carries a {@code position}
     * in the event log, as its last key; its value is checked by form ({@link #ANY_POSITION}).
     */
    FRAME_POSITIONS("#29") {
        @Override
        JsonNode expected(JsonNode reference, TranscriptReplay replay) {
            JsonNode out = reference.deepCopy();
            addPositions(out);
            return out;
        }
    };

    /** In an expected document: any log position ({@code <epoch>:<partition>:<offset>[:<index>]}). */
    static final String ANY_POSITION = "<any log position>";
    static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{8}:\\d+:\\d+(:\\d+)?");

    private final String row;

    TranscriptDeviation(String row) {
        this.row = row;
    }

    /** The row of docs/protocol.md §14 that makes this difference deliberate. */
    String row() {
        return row;
    }

    /** The reference's expected document rewritten to what this decision says we answer. */
    JsonNode expected(JsonNode reference, TranscriptReplay replay) {
        return reference;
    }

    /** Our Content-Type for a /listen answer (LISTEN_CONTENT_TYPE). */
    static String listenContentType(boolean jsonp) {
        return jsonp ? "application/javascript" : "application/json";
    }

    private static void addPositions(JsonNode node) {
        if (node.isObject()) {
            if (List.of("message", "message:edit", "message:delete").contains(node.path("type").asText())) {
                ((ObjectNode) node).put("position", ANY_POSITION);
            }
            node.elements().forEachRemaining(TranscriptDeviation::addPositions);
        } else if (node.isArray()) {
            node.forEach(TranscriptDeviation::addPositions);
        }
    }

    private static void stripHistories(JsonNode node) {
        if (node.isObject()) {
            JsonNode history = node.get("history");
            if (history != null && history.isArray()) {
                ArrayNode kept = Json.mapper().createArrayNode();
                for (JsonNode entry : history) {
                    if (entry.path("pm_users").isEmpty()) {
                        ObjectNode copy = entry.deepCopy();
                        copy.remove(List.of("pm_users", "exclude_users", "no_history"));
                        kept.add(copy);
                    }
                }
                ((ObjectNode) node).set("history", kept);
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                stripHistories(it.next());
            }
        } else if (node.isArray()) {
            node.forEach(TranscriptDeviation::stripHistories);
        }
    }
}
